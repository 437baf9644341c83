import type { LoadError, LoadErrorCode, Pointer, SourceRange } from '../model/types.js';
import { LineIndex } from './lines.js';
import { parsePointer, toPointer } from './pointer.js';

/** Where a pointer lands in the source: the pointer that exists (the nearest ancestor) and its range. */
export interface Located {
  pointer: Pointer;
  range: SourceRange;
}

/**
 * A parsed JSON or YAML file. `value` is plain JSON, with CloudFormation short-form tags already in their
 * long form (`!Ref X` is `{ "Ref": "X" }`). Source ranges are computed lazily, only for what findings point at.
 */
export interface SourceDocument {
  /** Path relative to the working directory, with `/` separators. */
  readonly file: string;
  readonly format: 'json' | 'yaml';
  readonly text: string;
  readonly value: unknown;
  /** Locates a pointer. When it does not exist, it locates its nearest existing ancestor. */
  locate(pointer: Pointer): Located;
}

/** Raised inside a loader and turned into a {@link LoadError}; it never leaves the load layer. */
export class LoadFailure extends Error {
  constructor(
    readonly code: LoadErrorCode,
    message: string,
    readonly offset = 0,
  ) {
    super(message);
  }
}

/** Turns a failure at an offset into a located error. */
export function loadError(file: string, text: string, code: LoadErrorCode, message: string, offset = 0): LoadError {
  const { line, column } = new LineIndex(text).position(Math.max(0, Math.min(offset, text.length)));
  return { file, code, message, line, column };
}

/** What a format-specific range finder answers for a token path: start and end offsets, or undefined. */
export type OffsetFinder = (tokens: readonly string[]) => readonly [number, number] | undefined;

/** Shared `locate`: tries the pointer, then each ancestor, and caches the line index. */
export function makeLocator(text: string, find: () => OffsetFinder): (pointer: Pointer) => Located {
  let lines: LineIndex | undefined;
  let finder: OffsetFinder | undefined;
  return (pointer) => {
    finder ??= find();
    lines ??= new LineIndex(text);
    const tokens = parsePointer(pointer);
    for (let n = tokens.length; n >= 0; n--) {
      const prefix = n === tokens.length ? tokens : tokens.slice(0, n);
      const hit = finder(prefix);
      if (hit) return { pointer: n === tokens.length ? pointer : toPointer(prefix), range: lines.range(hit[0], hit[1]) };
    }
    return { pointer: '', range: lines.range(0, 0) };
  };
}

/** CloudFormation nests less than this; deeper input is rejected before any recursive walk sees it. */
export const MAX_DEPTH = 100;

/**
 * Throws TOO_DEEP when a plain value nests deeper than {@link MAX_DEPTH}. The recursion is bounded by that limit,
 * so it cannot overflow, and it visits only containers: scalars cost a type test and no allocation.
 */
export function checkDepth(value: unknown): void {
  if (value !== null && typeof value === 'object') checkContainer(value, 0);
}

function checkContainer(node: object, depth: number): void {
  if (depth >= MAX_DEPTH) throw new LoadFailure('TOO_DEEP', `nesting deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(node)) {
    for (const item of node) if (item !== null && typeof item === 'object') checkContainer(item, depth + 1);
    return;
  }
  for (const key in node) {
    const item = (node as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') checkContainer(item, depth + 1);
  }
}
