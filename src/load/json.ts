import { createRequire } from 'node:module';
import type * as JsoncLibrary from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { SourceDocument } from './document.js';
import { checkDepth, LoadFailure, MAX_DEPTH, makeLocator } from './document.js';
import { jsonOffsets } from './json-locate.js';

/** jsonc-parser, loaded on first use: only describing a syntax error needs it. */
let library: typeof JsoncLibrary | undefined;
function jsonc(): typeof JsoncLibrary {
  library ??= createRequire(import.meta.url)('jsonc-parser') as typeof JsoncLibrary;
  return library;
}

/**
 * Parses JSON with the native parser (the fastest there is). Ranges come later, and only for what findings
 * point at (see json-locate.ts). jsonc-parser is used only to place a syntax error.
 */
export function parseJson(file: string, text: string): SourceDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LoadFailure('PARSE', ...describeJsonError(text, error));
  }
  try {
    checkDepth(value);
  } catch (error) {
    // Place it at the first bracket past the limit (the parsed value has no offsets).
    if (error instanceof LoadFailure && error.code === 'TOO_DEEP') throw new LoadFailure('TOO_DEEP', error.message, tooDeepOffset(text));
    throw error;
  }
  return { file, format: 'json', text, value, locate: makeLocator(text, () => jsonOffsets(text)) };
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

/**
 * The offset of the first `{` or `[` that opens a container deeper than {@link MAX_DEPTH} (the root is depth 0,
 * as checkDepth counts), skipping strings; 0 if there is none. One linear pass over text JSON.parse accepted.
 */
export function tooDeepOffset(text: string): number {
  let depth = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth >= MAX_DEPTH) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return 0;
}
