import type { NodeRef, Resolved, Resource, Stack } from '../graph/values.js';
import type { SourceDocument } from '../load/document.js';
import { unescapeToken } from '../load/pointer.js';
import type { Pointer } from '../model/types.js';
import type { Target } from '../rules/define.js';

/** Where a target is: the document, the pointer asked for, and the stack and resource it belongs to. */
export interface Place {
  document: SourceDocument;
  pointer: Pointer;
  stack: Stack | null;
  resource: Resource | null;
}

/** Resolves a rule's target to a place in a document. Stacks point at their manifest entry when there is one. */
export function placeOf(target: Target, stackOfDocument: (document: SourceDocument) => Stack | null): Place {
  if ('document' in target)
    return { document: target.document, pointer: target.pointer, stack: stackOfDocument(target.document), resource: null };
  if ('logicalId' in target)
    return { document: target.stack.template, pointer: target.node.pointer, stack: target.stack, resource: target };
  if ('resources' in target) {
    const stack = target;
    if (stack.declaredAt) return { document: stack.declaredAt.document, pointer: stack.declaredAt.pointer, stack, resource: null };
    return { document: stack.template, pointer: '', stack, resource: null };
  }
  const node: NodeRef = 'kind' in target ? (target as Resolved).at : target;
  return { document: node.stack.template, pointer: node.pointer, stack: node.stack, resource: resourceAt(node) };
}

const RESOURCES = '/Resources/';

/** The resource a node sits in, from its pointer (`/Resources/<id>/…`). Runs once per finding: no token arrays. */
export function resourceAt(node: NodeRef): Resource | null {
  const { pointer } = node;
  if (!pointer.startsWith(RESOURCES)) return null;
  const end = pointer.indexOf('/', RESOURCES.length);
  const token = pointer.slice(RESOURCES.length, end === -1 ? undefined : end);
  return node.stack.resourcesById.get(unescapeToken(token)) ?? null;
}
