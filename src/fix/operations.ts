import type { FixOperation } from '../model/fix.js';
import { parsePointer } from '../load/pointer.js';

/** An operation that does not apply to the value it was meant for (the template changed, or two fixes collide). */
export class FixConflict extends Error {}

type Json = unknown;

/**
 * Applies operations to a template's plain value and returns the new value; the input is not changed. This is
 * the meaning of a fix: the text appliers must produce a document that parses to exactly this value, and the CDK
 * applier overrides the properties whose value it changes. Throws {@link FixConflict} when an operation does not
 * fit (a parent that is a scalar, an item that does not exist, a logical id that is taken).
 */
export function applyOperations(value: Json, operations: readonly FixOperation[]): Json {
  let root = structuredClone(value);
  for (const operation of operations) root = applyOne(root, operation);
  return root;
}

function applyOne(root: Json, operation: FixOperation): Json {
  if (operation.op === 'stackSetting') return root;
  if (operation.op === 'addResource') {
    const resources = containerAt(root, ['Resources'], true);
    if (!isMapping(resources)) throw new FixConflict('the template has no Resources mapping');
    if (Object.hasOwn(resources, operation.logicalId)) throw new FixConflict(`logical id '${operation.logicalId}' is already taken`);
    resources[operation.logicalId] = structuredClone(operation.resource);
    return root;
  }
  const tokens = parsePointer(operation.pointer);
  const last = tokens.pop();
  if (last === undefined) throw new FixConflict('an operation cannot replace the whole template');
  if (operation.op === 'append') {
    const parent = containerAt(root, tokens, true);
    if (!isMapping(parent) && !Array.isArray(parent)) throw new FixConflict(`${operation.pointer}: the parent is not a mapping`);
    const list = (parent as Record<string, unknown>)[last];
    if (list === undefined) (parent as Record<string, unknown>)[last] = [structuredClone(operation.value)];
    else if (Array.isArray(list)) list.push(structuredClone(operation.value));
    else throw new FixConflict(`${operation.pointer} is not a list`);
    return root;
  }
  const parent = containerAt(root, tokens, operation.op === 'set');
  if (operation.op === 'remove' && operation.expect !== undefined) {
    const current = Array.isArray(parent) ? parent[Number(last)] : isMapping(parent) ? parent[last] : undefined;
    if (JSON.stringify(current) !== JSON.stringify(operation.expect))
      throw new FixConflict(`${operation.pointer} no longer holds the value to remove`);
  }
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!/^\d+$/.test(last) || index >= parent.length) throw new FixConflict(`${operation.pointer}: no such list item`);
    if (operation.op === 'set') parent[index] = structuredClone(operation.value);
    else parent.splice(index, 1);
    return root;
  }
  if (!isMapping(parent)) throw new FixConflict(`${operation.pointer}: the parent is not a mapping`);
  if (operation.op === 'set') parent[last] = structuredClone(operation.value);
  else if (!Object.hasOwn(parent, last)) throw new FixConflict(`${operation.pointer} does not exist`);
  else delete parent[last];
  return root;
}

/** The container at `tokens`, creating missing mappings when asked; undefined when a step is missing or a scalar. */
function containerAt(root: Json, tokens: readonly string[], create: boolean): Json {
  let node = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      node = /^\d+$/.test(token) ? node[Number(token)] : undefined;
      continue;
    }
    if (!isMapping(node)) return undefined;
    // Editing inside an intrinsic (`{"Fn::If": …}`) would change what it means, not the value it yields.
    if (Object.keys(node).some((k) => k === 'Ref' || k.startsWith('Fn::')))
      throw new FixConflict(`the path goes through an intrinsic at '${token}'`);
    if (!Object.hasOwn(node, token) || node[token] === null) {
      if (!create) return undefined;
      node[token] = {};
    }
    node = node[token];
  }
  return node;
}

export function isMapping(value: Json): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
