import { createRequire } from 'node:module';
import type * as JsoncLibrary from 'jsonc-parser';
import type { FormattingOptions, JSONPath } from 'jsonc-parser';
import type { FixOperation } from '../model/fix.js';
import { parsePointer } from '../load/pointer.js';
import { FixConflict } from './operations.js';

let library: typeof JsoncLibrary | undefined;
function jsonc(): typeof JsoncLibrary {
  library ??= createRequire(import.meta.url)('jsonc-parser') as typeof JsoncLibrary;
  return library;
}

/**
 * Applies operations to JSON text. jsonc-parser's `modify` computes the smallest edit for each operation and
 * formats only the inserted text, with the file's own indentation and line ending: every other byte stays as it was.
 */
export function applyToJsonText(text: string, operations: readonly FixOperation[]): string {
  const formatting = formattingOf(text);
  let out = text;
  for (const operation of operations) {
    if (operation.op === 'stackSetting') continue;
    const edit = (path: JSONPath, value: unknown, options: { isArrayInsertion?: boolean } = {}) => {
      const edits = jsonc().modify(out, path, value, { formattingOptions: formatting, ...options });
      out = jsonc().applyEdits(out, edits);
    };
    if (operation.op === 'addResource') {
      edit(['Resources', operation.logicalId], operation.resource);
      continue;
    }
    const path = toPath(out, parsePointer(operation.pointer));
    if (operation.op === 'set') edit(path, operation.value);
    else if (operation.op === 'remove') edit(path, undefined);
    else {
      const list = valueAtPath(out, path);
      if (list === undefined) edit(path, [operation.value]);
      else if (Array.isArray(list)) edit([...path, list.length], operation.value, { isArrayInsertion: true });
      else throw new FixConflict(`${operation.pointer} is not a list`);
    }
  }
  return out;
}

/** Pointer tokens as a jsonc path: numbers where the container is an array. */
function toPath(text: string, tokens: readonly string[]): JSONPath {
  const path: JSONPath = [];
  let node: unknown = JSON.parse(text);
  for (const token of tokens) {
    if (Array.isArray(node)) {
      path.push(Number(token));
      node = node[Number(token)];
    } else {
      path.push(token);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
    }
  }
  return path;
}

function valueAtPath(text: string, path: JSONPath): unknown {
  let node: unknown = JSON.parse(text);
  for (const step of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  return node;
}

/** The file's indentation (the first indented line's) and line ending; 2 spaces and `\n` when it has none. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  if (indent.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent.length, eol };
}
