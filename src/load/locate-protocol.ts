/** The messages between locate-pool.ts (the calling thread) and locate-worker.ts, and their shared constants. */
import type { Pointer } from '../model/types.js';

/** How the worker knows that the file it reads is the text the calling thread parsed. */
export interface TextCheck {
  path: string;
  /** The file's size and modification time when the calling thread read it. */
  size: number;
  mtimeMs: number;
  /** The length of the text the calling thread parsed. */
  length: number;
  /** Offsets and the text found there. */
  slices: [number, string][];
}

export type WorkerMessage =
  | { type: 'add'; key: number; text: string }
  | { type: 'read'; key: number; check: TextCheck }
  | { type: 'drop'; key: number }
  | { type: 'locate'; seq: number; claims: Int32Array; requests: { key: number; pointers: readonly Pointer[] }[] }
  /** Pointers of documents whose findings are known before the run ends; the worker keeps the documents. */
  | { type: 'prefetch'; seq: number; requests: { key: number; pointers: readonly Pointer[] }[] };

/** Per request: 4 numbers per pointer (start line, start column, end line, end column), and the pointers that moved up to an ancestor. */
export interface LocatedBatch {
  positions: Int32Array;
  /** Index → located pointer, only where the located pointer differs from the one asked (it did not exist). */
  moved: [number, Pointer][];
}

/**
 * The documents of a `locate` batch the worker claimed (all of a `prefetch`), by their index in the batch; null
 * where it failed.
 */
export interface WorkerAnswer {
  seq: number;
  batches: [number, LocatedBatch | null][];
}

/** Who located a document of a batch, in the batch's shared claims array: nobody yet, the worker, or the caller. */
export const CLAIM = { none: 0, worker: 1, caller: 2 } as const;
