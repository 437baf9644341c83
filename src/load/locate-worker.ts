/**
 * The thread behind locate-pool.ts. It indexes JSON documents while the main thread runs the rules, and answers
 * batches of pointers with the same locator the main thread would use (makeLocator over jsonOffsets), so a range
 * found here is exactly the range found there.
 *
 * Messages in (FIFO): `add` (index a text now), `drop` (forget it), `locate` (answer the documents of a batch
 * that the calling thread has not claimed, then forget them all). Answers go through the response port, and the
 * shared counter is bumped so a main thread blocked in `Atomics.wait` wakes up and reads them with
 * `receiveMessageOnPort`.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Pointer } from '../model/types.js';
import { makeLocator, type Located } from './document.js';
import { jsonOffsets } from './json-locate.js';

export type WorkerMessage =
  | { type: 'add'; key: number; text: string }
  | { type: 'drop'; key: number }
  | { type: 'locate'; seq: number; claims: Int32Array; requests: { key: number; pointers: readonly Pointer[] }[] };

/** Per request: 4 numbers per pointer (start line, start column, end line, end column), and the pointers that moved up to an ancestor. */
export interface LocatedBatch {
  positions: Int32Array;
  /** Index → located pointer, only where the located pointer differs from the one asked (it did not exist). */
  moved: [number, Pointer][];
}

/** The documents of a `locate` batch this thread claimed, by their index in the batch; null where it failed. */
export interface WorkerAnswer {
  seq: number;
  batches: [number, LocatedBatch | null][];
}

/** Values of a batch's shared claims array; the same as CLAIM in locate-pool.ts. */
const UNCLAIMED = 0;
const CLAIMED_HERE = 1;

const { state, responses } = workerData as { state: Int32Array; responses: MessagePort };
const locators = new Map<number, (pointer: Pointer) => Located>();

function answer(message: WorkerAnswer): void {
  responses.postMessage(message);
  Atomics.store(state, 1, message.seq);
  Atomics.notify(state, 1);
}

function locateBatch(locate: (pointer: Pointer) => Located, pointers: readonly Pointer[]): LocatedBatch {
  const positions = new Int32Array(pointers.length * 4);
  const moved: [number, Pointer][] = [];
  pointers.forEach((pointer, i) => {
    const located = locate(pointer);
    positions.set([located.range.start.line, located.range.start.column, located.range.end.line, located.range.end.column], i * 4);
    if (located.pointer !== pointer) moved.push([i, located.pointer]);
  });
  return { positions, moved };
}

/** Takes the batch's documents from the front, each one the calling thread has not taken yet (it works from the back). */
function locateClaimed(message: Extract<WorkerMessage, { type: 'locate' }>): void {
  const batches: [number, LocatedBatch | null][] = [];
  message.requests.forEach(({ key, pointers }, j) => {
    const locate = locators.get(key);
    locators.delete(key);
    // A document this thread could not index is left to the calling thread.
    if (!locate || Atomics.compareExchange(message.claims, j, UNCLAIMED, CLAIMED_HERE) !== UNCLAIMED) return;
    try {
      batches.push([j, locateBatch(locate, pointers)]);
    } catch {
      batches.push([j, null]);
    }
  });
  answer({ seq: message.seq, batches });
}

parentPort!.on('message', (message: WorkerMessage) => {
  switch (message.type) {
    case 'add': {
      const locate = makeLocator(message.text, () => jsonOffsets(message.text));
      try {
        // The first lookup builds the line index and the first pass of the offsets index: do it now, while the
        // main thread is busy elsewhere. A document that fails here is left to the main thread.
        locate('');
        locators.set(message.key, locate);
      } catch {
        // Not indexed: the worker will not claim it, and the calling thread locates it itself.
      }
      return;
    }
    case 'drop':
      locators.delete(message.key);
      return;
    case 'locate':
      locateClaimed(message);
  }
});

Atomics.store(state, 0, 1);
