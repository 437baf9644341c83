/**
 * The thread behind locate-pool.ts. It indexes JSON documents while the main thread runs the rules, and answers
 * batches of pointers with the same locator the main thread would use (makeLocator over jsonOffsets), so a range
 * found here is exactly the range found there.
 *
 * Messages in (FIFO): `add` (index a text now), `read` (read a file and index it), `drop` (forget it), `prefetch`
 * (answer some pointers of some documents and keep them: more may come), `locate` (answer the documents of a batch that
 * the calling thread has not claimed, then forget them all). Answers go through the response port, and the
 * shared counter is bumped so a main thread blocked in `Atomics.wait` wakes up and reads them with
 * `receiveMessageOnPort`.
 */
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Pointer } from '../model/types.js';
import { CLAIM, type LocatedBatch, type TextCheck, type WorkerAnswer, type WorkerMessage } from './locate-protocol.js';
import { makeLocator, type Located } from './document.js';
import { jsonOffsets } from './json-locate.js';

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

/** The batch's answers, or null when locating fails (the calling thread then locates the document itself). */
function tryBatch(locate: (pointer: Pointer) => Located, pointers: readonly Pointer[]): LocatedBatch | null {
  try {
    return locateBatch(locate, pointers);
  } catch {
    return null;
  }
}

/** Answers pointers of a document and keeps it (more may come); null when it is not indexed or fails. */
function locateKept(key: number, pointers: readonly Pointer[]): LocatedBatch | null {
  const locate = locators.get(key);
  return locate ? tryBatch(locate, pointers) : null;
}

/** Takes the batch's documents from the front, each one the calling thread has not taken yet (it works from the back). */
function locateClaimed(message: Extract<WorkerMessage, { type: 'locate' }>): void {
  const batches: [number, LocatedBatch | null][] = [];
  message.requests.forEach(({ key, pointers }, j) => {
    const locate = locators.get(key);
    locators.delete(key);
    // A document this thread could not index is left to the calling thread.
    if (!locate || Atomics.compareExchange(message.claims, j, CLAIM.none, CLAIM.worker) !== CLAIM.none) return;
    batches.push([j, tryBatch(locate, pointers)]);
  });
  answer({ seq: message.seq, batches });
}

/**
 * Indexes a text now: the first lookup builds the line index and the first pass of the offsets index, while the
 * main thread is busy elsewhere. A text that fails here, or a file that is not the text the calling thread parsed
 * (changed in between), is not indexed: this thread will not claim it, and the calling thread locates it itself.
 */
function add(key: number, text: () => string | undefined): void {
  try {
    const source = text();
    if (source === undefined) return;
    const locate = makeLocator(source, () => jsonOffsets(source));
    locate('');
    locators.set(key, locate);
  } catch {
    // Not indexed.
  } finally {
    // Keys come in increasing order: the calling thread leaves documents up to this one to this thread.
    Atomics.store(state, 2, key);
  }
}

/** The file's text as the loader reads it (UTF-8, without a byte order mark), if it passes the check. */
function readChecked(check: TextCheck): string | undefined {
  const stat = statSync(check.path);
  if (stat.size !== check.size || stat.mtimeMs !== check.mtimeMs) return undefined;
  let text = readFileSync(check.path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length !== check.length) return undefined;
  return check.slices.every(([start, slice]) => text.startsWith(slice, start)) ? text : undefined;
}

parentPort!.on('message', (message: WorkerMessage) => {
  switch (message.type) {
    case 'add':
      add(message.key, () => message.text);
      return;
    case 'read':
      add(message.key, () => readChecked(message.check));
      return;
    case 'drop':
      locators.delete(message.key);
      return;
    case 'prefetch':
      answer({ seq: message.seq, batches: message.requests.map(({ key, pointers }, j) => [j, locateKept(key, pointers)]) });
      return;
    case 'locate':
      locateClaimed(message);
  }
});

/**
 * This thread does work the calling thread would otherwise do later, on the core the calling thread does not use.
 * When both cores are busy (the calling thread's garbage collection runs on helper threads), it must not take
 * time from the calling thread, whose work is the scan's critical path: it lowers its own priority. Linux keeps a
 * nice value per thread, and `/proc/thread-self` names this thread; elsewhere it keeps the normal priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: the normal priority.
  }
}

lowerPriority();
Atomics.store(state, 0, 1);
