/**
 * The thread behind locate-pool.ts. It indexes JSON documents while the main thread runs the rules, and answers
 * batches of pointers with the same locator the main thread would use (makeLocator over jsonOffsets), so a range
 * found here is exactly the range found there.
 *
 * Messages in (FIFO): `add` (index a text now), `drop` (forget it), `locate` (answer pointers, then forget the
 * documents). Answers go through the response port, and the shared counter is bumped so a main thread blocked in
 * `Atomics.wait` wakes up and reads them with `receiveMessageOnPort`.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Pointer } from '../model/types.js';
import { makeLocator, type Located } from './document.js';
import { jsonOffsets } from './json-locate.js';

export type WorkerMessage =
  | { type: 'add'; key: number; text: string }
  | { type: 'drop'; key: number }
  | { type: 'locate'; seq: number; requests: { key: number; pointers: readonly Pointer[] }[] };

/** Per request: 4 numbers per pointer (start line, start column, end line, end column), and the pointers that moved up to an ancestor. */
export interface LocatedBatch {
  key: number;
  positions: Int32Array;
  /** Index → located pointer, only where the located pointer differs from the one asked (it did not exist). */
  moved: [number, Pointer][];
}

export type WorkerAnswer = { seq: number; batches: (LocatedBatch | null)[] } | { seq: number; error: string };

const { state, responses } = workerData as { state: Int32Array; responses: MessagePort };
const locators = new Map<number, (pointer: Pointer) => Located>();

function answer(message: WorkerAnswer): void {
  responses.postMessage(message);
  Atomics.store(state, 1, message.seq);
  Atomics.notify(state, 1);
}

function locateBatch(key: number, pointers: readonly Pointer[]): LocatedBatch | null {
  const locate = locators.get(key);
  if (!locate) return null;
  locators.delete(key);
  const positions = new Int32Array(pointers.length * 4);
  const moved: [number, Pointer][] = [];
  pointers.forEach((pointer, i) => {
    const located = locate(pointer);
    positions.set([located.range.start.line, located.range.start.column, located.range.end.line, located.range.end.column], i * 4);
    if (located.pointer !== pointer) moved.push([i, located.pointer]);
  });
  return { key, positions, moved };
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
        // Not indexed: `locate` answers null for it, and the main thread locates it itself.
      }
      return;
    }
    case 'drop':
      locators.delete(message.key);
      return;
    case 'locate':
      try {
        answer({ seq: message.seq, batches: message.requests.map((r) => locateBatch(r.key, r.pointers)) });
      } catch (error) {
        answer({ seq: message.seq, error: error instanceof Error ? error.message : String(error) });
      }
  }
});

Atomics.store(state, 0, 1);
