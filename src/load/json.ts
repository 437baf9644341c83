import { createRequire } from 'node:module';
import type * as JsoncLibrary from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { SourceDocument } from './document.js';
import { checkDepth, LoadFailure, makeLocator } from './document.js';
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
  checkDepth(value);
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
