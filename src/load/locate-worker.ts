/**
 * The thread behind locate-pool.ts. It indexes JSON documents while the main thread runs the rules, and answers
 * batches of pointers with the same locator the main thread would use (makeLocator over jsonOffsets), so a range
 * found here is exactly the range found there.
 *
 * Messages in: `add` (index a text), `read` (read a file and index it), `drop` (forget it), `prefetch` (answer some
 * pointers of some documents and keep them: more may come), `locate` (answer the documents of a batch that the
 * calling thread has not claimed, then forget them all). Documents are indexed one per turn of the event loop, in
 * key order, and requests are answered as they come, between two documents (see `enqueue`). Answers go through the response port, and the
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

/** Answers pointers of a document and keeps it (more may come); null when it is not indexed or fails. */
function locateKept(key: number, pointers: readonly Pointer[]): LocatedBatch | null {
  const locate = locators.get(key);
  try {
    return locate ? locateBatch(locate, pointers) : null;
  } catch {
    return null;
  }
}

/**
 * Takes the batch's documents from the front, each one the calling thread has not taken yet (it works from the back).
 * One still waiting in the queue is indexed now, out of turn.
 */
function locateClaimed(message: Extract<WorkerMessage, { type: 'locate' }>): void {
  const batches: [number, LocatedBatch | null][] = [];
  message.requests.forEach(({ key, pointers }, j) => {
    const waiting = unqueue(key);
    const mine = Atomics.compareExchange(message.claims, j, CLAIM.none, CLAIM.worker) === CLAIM.none;
    if (mine && waiting) add(waiting.key, waiting.text);
    const locate = locators.get(key);
    locators.delete(key);
    if (!mine) return;
    // A document this thread could not index: the calling thread locates it (a null batch).
    if (!locate) {
      batches.push([j, null]);
      return;
    }
    try {
      batches.push([j, locateBatch(locate, pointers)]);
    } catch {
      batches.push([j, null]);
    }
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

/**
 * Documents to index, in key order. Indexing takes one document per turn of the event loop, so that a request from
 * the calling thread (a prefetch, the final batch) is answered between two documents instead of after every
 * document posted before it: the calling thread may be waiting for it.
 */
const queue: { key: number; text: () => string | undefined }[] = [];
let draining = false;
/** The last key queued. Keys come in increasing order. */
let lastKey = 0;

/**
 * Tells the calling thread how far this thread got: every document up to this key is indexed, failed, dropped or
 * answered out of turn. The calling thread leaves documents up to it to this thread, and takes later ones itself
 * when it would otherwise wait.
 */
function advance(): void {
  const reached = queue.length > 0 ? queue[0]!.key - 1 : lastKey;
  if (reached > Atomics.load(state, 2)) Atomics.store(state, 2, reached);
}

function enqueue(key: number, text: () => string | undefined): void {
  lastKey = key;
  queue.push({ key, text });
  if (!draining) {
    draining = true;
    setImmediate(indexNext);
  }
}

function indexNext(): void {
  const next = queue.shift();
  if (next) add(next.key, next.text);
  advance();
  draining = queue.length > 0;
  if (draining) setImmediate(indexNext);
}

/** Takes a document off the queue, if it is still there. */
function unqueue(key: number): { key: number; text: () => string | undefined } | undefined {
  const at = queue.findIndex((entry) => entry.key === key);
  if (at === -1) return undefined;
  const [entry] = queue.splice(at, 1);
  advance();
  return entry;
}

parentPort!.on('message', (message: WorkerMessage) => {
  switch (message.type) {
    case 'add':
      enqueue(message.key, () => message.text);
      return;
    case 'read':
      enqueue(message.key, () => readChecked(message.check));
      return;
    case 'drop':
      unqueue(message.key);
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
