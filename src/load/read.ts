import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { LoadError } from '../model/types.js';
import type { SourceDocument } from './document.js';
import { LoadFailure, loadError } from './document.js';
import { decodeText } from './decode.js';
import { parseJson } from './json.js';
import { parseYaml } from './yaml.js';

/** Files larger than this are refused unread. CloudFormation itself accepts at most 1 MB from S3. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface ReadOptions {
  maxBytes: number;
  /**
   * Reads a file; injectable so tests can simulate I/O failures that root cannot provoke. It may return the text
   * or the bytes (a Buffer or any Uint8Array), which are then decoded as UTF-8 like the files read by default.
   */
  readFile: (path: string) => string | Uint8Array;
  /** Called with the absolute path of every file about to be read, so the caller knows the run's inputs. */
  onRead?: (absPath: string) => void;
}

/**
 * The default reader: `readFile` is never called for it; {@link readDocument} reads through one bounded file
 * descriptor instead (see {@link readBounded}).
 */
const defaultReadFile = (): never => {
  throw new Error('the default reader is not called directly');
};

export const defaultReadOptions: ReadOptions = { maxBytes: DEFAULT_MAX_BYTES, readFile: defaultReadFile };

export type ReadOutcome = { document: SourceDocument } | { error: LoadError; looksLikeTemplate: boolean };

const TEMPLATE_HINT = /"AWSTemplateFormatVersion"|"Resources"\s*:|^\s*(AWSTemplateFormatVersion|Resources)\s*:/m;

/**
 * Reads and parses one file. Never throws: every failure is a located error. JSON goes to the native parser
 * and never through YAML; the format follows the extension, and for other names the first character.
 */
export function readDocument(absPath: string, file: string, options: ReadOptions = defaultReadOptions): ReadOutcome {
  options.onRead?.(absPath);
  let bytes: string | Uint8Array;
  try {
    const read = options.readFile === defaultReadFile ? readBounded(absPath, options.maxBytes) : readInjected(absPath, options);
    if ('error' in read) return fail(file, read.error.code, read.error.message, true);
    ({ bytes } = read);
  } catch (error) {
    return ioFailure(file, error);
  }
  const decoded = decodeText(bytes);
  if ('error' in decoded)
    return {
      error: { file, code: 'ENCODING', message: decoded.error, line: decoded.line, column: decoded.column },
      looksLikeTemplate: true,
    };
  const text = decoded.text;
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

type Read = { bytes: string | Uint8Array; stat: { size: number; mtimeMs: number } } | { error: Pick<LoadError, 'code' | 'message'> };

/**
 * Reads a regular file through one descriptor, at most `maxBytes + 1` bytes. The type and size checks are made
 * on the open descriptor (`fstat`), so a file swapped for a FIFO or grown between a check and the read cannot
 * get through; `O_NONBLOCK` keeps opening a FIFO from waiting for a writer.
 */
function readBounded(absPath: string, maxBytes: number): Read {
  const fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: { code: 'UNREADABLE', message: 'not a regular file' } };
    if (stat.size > maxBytes) return { error: tooLarge(stat.size, maxBytes) };
    // The size is a hint only (files in /proc say 0, a file may grow): read until the end or one byte past the limit.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return { error: tooLarge(length, maxBytes, true) };
    return { bytes: buffer.subarray(0, length), stat: { size: length, mtimeMs: stat.mtimeMs } };
  } finally {
    closeSync(fd);
  }
}

/** A caller's `readFile`: the size is checked before the call (as far as `stat` knows) and on what it returned. */
function readInjected(absPath: string, options: ReadOptions): Read {
  const stat = statSync(absPath);
  if (!stat.isFile()) return { error: { code: 'UNREADABLE', message: 'not a regular file' } };
  if (stat.size > options.maxBytes) return { error: tooLarge(stat.size, options.maxBytes) };
  const bytes: unknown = options.readFile(absPath);
  if (typeof bytes !== 'string' && !(bytes instanceof Uint8Array))
    return { error: { code: 'UNREADABLE', message: `readFile returned ${describeType(bytes)}, not a string or a Buffer` } };
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.byteLength;
  if (size > options.maxBytes) return { error: tooLarge(size, options.maxBytes, true) };
  return { bytes, stat: { size, mtimeMs: stat.mtimeMs } };
}

function tooLarge(size: number, maxBytes: number, grew = false): Pick<LoadError, 'code' | 'message'> {
  return {
    code: 'TOO_LARGE',
    message: grew
      ? `file has more than ${maxBytes} bytes (the limit) when read`
      : `file is ${size} bytes, more than the limit of ${maxBytes}`,
  };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return `a ${typeof value}`;
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
