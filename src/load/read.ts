import { readFileSync, statSync, type Stats } from 'node:fs';
import type { LoadError } from '../model/types.js';
import type { SourceDocument } from './document.js';
import { LoadFailure, loadError } from './document.js';
import { parseJson } from './json.js';
import { parseYaml } from './yaml.js';

/** Files larger than this are refused unread. CloudFormation itself accepts at most 1 MB from S3. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface ReadOptions {
  maxBytes: number;
  /** Reads a file; injectable so tests can simulate I/O failures that root cannot provoke. */
  readFile: (path: string) => string;
}

export const defaultReadOptions: ReadOptions = { maxBytes: DEFAULT_MAX_BYTES, readFile: (path) => readFileSync(path, 'utf8') };

export type ReadOutcome = { document: SourceDocument } | { error: LoadError; looksLikeTemplate: boolean };

const TEMPLATE_HINT = /"AWSTemplateFormatVersion"|"Resources"\s*:|^\s*(AWSTemplateFormatVersion|Resources)\s*:/m;

/**
 * Reads and parses one file. Never throws: every failure is a located error. JSON goes to the native parser
 * and never through YAML; the format follows the extension, and for other names the first character.
 */
export function readDocument(absPath: string, file: string, options: ReadOptions = defaultReadOptions): ReadOutcome {
  let text: string;
  let stat: Stats;
  try {
    stat = statSync(absPath);
    if (!stat.isFile()) return fail(file, 'UNREADABLE', 'not a regular file', true);
    if (stat.size > options.maxBytes)
      return fail(file, 'TOO_LARGE', `file is ${stat.size} bytes, more than the limit of ${options.maxBytes}`, true);
    text = options.readFile(absPath);
  } catch (error) {
    return ioFailure(file, error);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // A regular expression stops at the first non-blank character; `trim()` would copy the whole text.
  if (!/\S/.test(text)) return fail(file, 'EMPTY', 'file is empty', false);
  try {
    const json = /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && text.trimStart().startsWith('{'));
    if (!json) return { document: parseYaml(file, text) };
    return { document: parseJson(file, text) };
  } catch (error) {
    if (error instanceof LoadFailure)
      return { error: loadError(file, text, error.code, error.message, error.offset), looksLikeTemplate: TEMPLATE_HINT.test(text) };
    // A parser bug must not stop the run either.
    return { error: loadError(file, text, 'PARSE', `could not parse: ${String(error)}`), looksLikeTemplate: TEMPLATE_HINT.test(text) };
  }
}

function fail(file: string, code: LoadError['code'], message: string, looksLikeTemplate: boolean): ReadOutcome {
  return { error: { file, code, message, line: 1, column: 1 }, looksLikeTemplate };
}

/** Maps a file-system error to a load error. */
export function ioFailure(file: string, error: unknown): ReadOutcome & { error: LoadError } {
  const errno = error as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  const code = errno?.code;
  let reason = error instanceof Error ? error.message : String(error);
  // File-system messages name the absolute path; output names files relative to the working directory only.
  for (const path of [errno?.path, errno?.dest]) if (path) reason = reason.split(path).join(file);
  if (code === 'ELOOP')
    return { error: { file, code: 'SYMLINK_LOOP', message: `symbolic link loop: ${reason}`, line: 1, column: 1 }, looksLikeTemplate: true };
  if (code === 'ENOENT')
    return { error: { file, code: 'NOT_FOUND', message: `not found: ${reason}`, line: 1, column: 1 }, looksLikeTemplate: true };
  return { error: { file, code: 'UNREADABLE', message: `cannot read: ${reason}`, line: 1, column: 1 }, looksLikeTemplate: true };
}
