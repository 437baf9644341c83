import { createRequire } from 'node:module';
import type * as JsoncLibrary from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';
import type { OffsetFinder, SourceDocument } from './document.js';
import { checkDepth, LoadFailure, makeLocator } from './document.js';

/** jsonc-parser, loaded on first use: only locating a finding or describing a syntax error needs it. */
let library: typeof JsoncLibrary | undefined;
function jsonc(): typeof JsoncLibrary {
  library ??= createRequire(import.meta.url)('jsonc-parser') as typeof JsoncLibrary;
  return library;
}

/**
 * Parses JSON with the native parser (the fastest there is). Ranges come later, from a jsonc-parser tree that
 * is built only when a finding needs a location in this file.
 */
export function parseJson(file: string, text: string): SourceDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LoadFailure('PARSE', ...describeJsonError(text, error));
  }
  checkDepth(value);
  return { file, format: 'json', text, value, locate: makeLocator(text, () => jsonFinder(text)) };
}

function jsonFinder(text: string): OffsetFinder {
  const root = jsonc().parseTree(text);
  return (tokens) => {
    let node: Node | undefined = root;
    for (const token of tokens) {
      if (node?.type === 'object') {
        // JSON.parse keeps the last of duplicate keys, so the range does too.
        const property: Node | undefined = node.children?.findLast((p) => p.children?.[0]?.value === token);
        node = property?.children?.[1];
      } else if (node?.type === 'array' && /^\d+$/.test(token)) node = node.children?.[Number(token)];
      else return undefined;
    }
    if (!node) return undefined;
    // A property is shown from its key, so the reader sees what the finding is about.
    const span: Node = node.parent?.type === 'property' ? node.parent : node;
    return [span.offset, span.offset + span.length];
  };
}

/** Finds where JSON.parse failed, with jsonc-parser's error offsets (V8's messages vary by version). */
function describeJsonError(text: string, error: unknown): [string, number] {
  const errors: ParseError[] = [];
  jsonc().parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  const reason = error instanceof Error ? error.message : String(error);
  if (first) return [`invalid JSON: ${jsonc().printParseErrorCode(first.error)} (${reason})`, first.offset];
  return [`invalid JSON: ${reason}`, 0];
}
