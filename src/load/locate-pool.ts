/**
 * Locating findings on a second thread. Finding a pointer's range in JSON needs a pass over the text that costs
 * about as much as the parse itself; on a large input, one worker thread does that pass for each document while
 * the main thread runs the rules. It answers each stack's pointers once that stack's rules are done (`prefetch`),
 * and the rest of a run's pointers in one batch at the end (`locateAll`).
 *
 * The calling thread stays synchronous (the engine, the CLI and the CDK plugin call `run` synchronously): it
 * blocks in `Atomics.wait` for the answer and reads it with `receiveMessageOnPort`. Nothing depends on the
 * worker: small inputs never start it, a document it does not hold is located on the calling thread, and so is
 * every document when the worker is not up yet, fails or does not answer in time. Both threads run the same
 * locator, so the ranges are the same.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Pointer } from '../model/types.js';
import type { Located, SourceDocument } from './document.js';
import { CLAIM, type LocatedBatch, type TextCheck, type WorkerAnswer, type WorkerMessage } from './locate-protocol.js';

export interface LocatePoolOptions {
  /** Whether a worker thread may be used at all. `STACKWARDEN_LOCATE_THREAD=0` turns it off. */
  enabled: boolean;
  /** Documents shorter than this (characters) are located on the calling thread. */
  minDocumentChars: number;
  /** The worker starts once the documents offered in this process add up to this many characters. */
  startAfterChars: number;
  /** How long to wait for an answer before locating on the calling thread instead, in milliseconds. */
  timeoutMs: number;
  /**
   * Whether the calling thread takes documents of a batch too (from its back, while the worker takes them from
   * its front). Off, it waits for the worker: tests use that to check the worker's own answers.
   */
  shareWork: boolean;
  /** Prefetched pointers are posted once this many are queued: each message costs the worker a wake-up. */
  prefetchGroup: number;
}

const DEFAULTS: LocatePoolOptions = {
  enabled: process.env['STACKWARDEN_LOCATE_THREAD'] !== '0',
  minDocumentChars: 32 * 1024,
  startAfterChars: 2 * 1024 * 1024,
  timeoutMs: 20_000,
  shareWork: true,
  prefetchGroup: 512,
};
let options: LocatePoolOptions = { ...DEFAULTS };

/** Changes the pool's thresholds (tests, benchmarks). A pool already started keeps running. */
export function configureLocatePool(changes: Partial<LocatePoolOptions>): void {
  options = { ...options, ...changes };
}

interface Pool {
  worker: Worker;
  /** [0]: 1 once the worker listens; [1]: the sequence number of its latest answer; [2]: the last key it indexed. */
  state: Int32Array;
  responses: MessagePort;
  seq: number;
}

let pool: Pool | undefined;
/**
 * Set when the worker cannot start (no compiled worker next to this module), failed or timed out: from then on,
 * everything is located on the calling thread.
 */
let broken = false;
let offeredChars = 0;
let documentsLocated = 0;
let nextKey = 1;
/** Documents offered before the worker started, posted to it when it starts (those still alive). */
let early: WeakRef<SourceDocument>[] = [];
/** The file each offered document was read from, when the caller said. */
const files = new WeakMap<SourceDocument, SourceFile>();
/** The worker's key for each document it holds. */
const keys = new WeakMap<SourceDocument, number>();
/** A document collected before it was located: the worker can forget it. */
const forget = new FinalizationRegistry<number>((key) => drop(key));

/** The file a document was read from, as it was when read: the worker reads it again only if it is unchanged. */
export interface SourceFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Offers a parsed JSON document, so the worker can index it while the rules run. Given the file it was read from,
 * the worker reads the file itself (posting the text costs this thread more than the worker's read), and indexes
 * it only when the file's size and modification time are unchanged and the text has the same length and the same
 * characters at a few places; otherwise the calling thread locates it. Without a file, the text is posted.
 */
export function offerForLocating(document: SourceDocument, file?: SourceFile): void {
  if (!options.enabled || broken || document.format !== 'json' || document.text.length < options.minDocumentChars) return;
  offeredChars += document.text.length;
  if (file !== undefined) files.set(document, file);
  if (pool) {
    send(pool, document);
    return;
  }
  early.push(new WeakRef(document));
  if (offeredChars < options.startAfterChars) return;
  pool = start();
  const waiting = early;
  early = [];
  if (pool)
    for (const ref of waiting) {
      const alive = ref.deref();
      if (alive) send(pool, alive);
    }
}

/**
 * What the worker is doing: not started (`off`), started but not listening yet, listening, or given up; and how
 * many documents it has located so far in this process.
 */
export function locateThreadStatus(): { state: 'off' | 'starting' | 'ready' | 'failed'; documentsLocated: number } {
  const state = broken ? 'failed' : !pool ? 'off' : Atomics.load(pool.state, 0) === 1 ? 'ready' : 'starting';
  return { state, documentsLocated };
}

/**
 * Pointers sent ahead with {@link prefetch}, per document: the request's sequence number, the document's index in
 * it, and the pointers. The answers are read in {@link locateAll}.
 */
const prefetched = new WeakMap<SourceDocument, { seq: number; index: number; pointers: readonly Pointer[] }[]>();
/** Prefetches not posted yet (see `prefetchGroup`). */
let queued: { document: SourceDocument; key: number; pointers: readonly Pointer[] }[] = [];
let queuedPointers = 0;

/**
 * Sends some pointers of a document to the worker ahead of {@link locateAll}, when they are known before the end of
 * the run (the engine sends each stack's findings once its rules are done), so they are located while the run goes
 * on and `locateAll` only collects the answers. They are posted in groups; what is still queued when `locateAll`
 * runs is located there like any other pointer. Only a document the worker has indexed already is sent: one it has
 * not reached yet is shared out at the end, when the calling thread may take it instead of waiting.
 */
export function prefetch(document: SourceDocument, pointers: readonly Pointer[]): void {
  if (!pool || broken || pointers.length === 0 || Atomics.load(pool.state, 0) !== 1) return;
  const key = keys.get(document);
  if (key === undefined || key > Atomics.load(pool.state, 2)) return;
  queued.push({ document, key, pointers });
  queuedPointers += pointers.length;
  if (queuedPointers < options.prefetchGroup) return;
  const seq = ++pool.seq;
  pool.worker.postMessage({
    type: 'prefetch',
    seq,
    requests: queued.map(({ key, pointers }) => ({ key, pointers })),
  } satisfies WorkerMessage);
  queued.forEach(({ document, pointers }, index) => {
    const list = prefetched.get(document);
    if (list) list.push({ seq, index, pointers });
    else prefetched.set(document, [{ seq, index, pointers }]);
  });
  queued = [];
  queuedPointers = 0;
}

/** One document and the pointers to locate in it. */
export interface LocateRequest {
  document: SourceDocument;
  pointers: readonly Pointer[];
}

/**
 * Locates every request's pointers, as `document.locate` would. Pointers sent ahead with {@link prefetch} are
 * taken from the worker's answers. The other documents the worker holds are shared out: the worker takes them from
 * the front of the batch, and this thread takes from the back those the worker has not indexed yet, each claiming
 * a document with a compare-and-swap on shared memory. A worker that is behind thus costs little: this thread does
 * what the worker has not prepared. The worker forgets every document of the batch afterwards.
 */
export function locateAll(requests: readonly LocateRequest[]): Located[][] {
  queued = [];
  queuedPointers = 0;
  const out: Located[][] = new Array<Located[]>(requests.length);
  // A document's prefetched pointers are a subsequence of its request, in the same order: both list its findings
  // in the order the run made them. What is left of a request once they are set aside goes the usual way.
  const early = requests.map(({ document }) => {
    const sent = prefetched.get(document);
    return sent === undefined ? [] : sent.length === 1 ? sent[0]!.pointers : sent.flatMap((s) => s.pointers);
  });
  const rest = requests.map(({ pointers }, i) => {
    const before = early[i]!;
    if (before.length === 0) return pointers;
    const left: Pointer[] = [];
    let c = 0;
    for (const p of pointers) {
      if (c < before.length && before[c] === p) c++;
      else left.push(p);
    }
    if (c === before.length) return left;
    // Not a subsequence after all (no caller does that): locate the whole request the usual way.
    early[i] = [];
    return pointers;
  });
  const shared: [index: number, key: number][] = [];
  const ready = pool !== undefined && !broken && Atomics.load(pool.state, 0) === 1;
  requests.forEach((request, i) => {
    const key = keys.get(request.document);
    if (key === undefined) return;
    keys.delete(request.document);
    forget.unregister(request.document);
    if (ready && rest[i]!.length > 0) shared.push([i, key]);
    else drop(key);
  });
  const partial: Located[][] = new Array<Located[]>(requests.length);
  const here = (i: number) => {
    const { document } = requests[i]!;
    partial[i] = rest[i]!.map((p) => document.locate(p));
  };
  const claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, shared.length)));
  let seq = 0;
  if (shared.length > 0) {
    seq = ++pool!.seq;
    const message: WorkerMessage = { type: 'locate', seq, claims, requests: shared.map(([i, key]) => ({ key, pointers: rest[i]! })) };
    pool!.worker.postMessage(message);
  }
  const isShared = new Set(shared.map(([i]) => i));
  requests.forEach((_, i) => isShared.has(i) || here(i));
  // A document the worker has indexed costs it a few lookups: leave it. One it has not indexed yet costs either
  // thread a pass over the text, and this thread takes it rather than wait (the worker indexes in key order).
  if (options.shareWork)
    for (let j = shared.length - 1; j >= 0; j--) {
      const [i, key] = shared[j]!;
      if (key > Atomics.load(pool!.state, 2) && Atomics.compareExchange(claims, j, CLAIM.none, CLAIM.caller) === CLAIM.none) here(i);
    }
  // The worker answers in request order, and a wait drops the answers before the one it waits for: read the
  // prefetches (sent while the rules ran) by sequence number, then this batch.
  const fromWorker = new Map<SourceDocument, Located[]>();
  /** The documents the worker answered for, in part or whole. */
  const byWorker = new Set<SourceDocument>();
  const sent = requests.flatMap(({ document }) => (prefetched.get(document) ?? []).map((request) => ({ document, ...request })));
  sent.sort((a, b) => a.seq - b.seq);
  let answer: WorkerAnswer | undefined;
  for (const { document, seq: asked, index, pointers } of sent) {
    prefetched.delete(document);
    if (answer?.seq !== asked) answer = pool && !broken ? waitFor(pool, asked) : undefined;
    const batch = answer?.batches[index]?.[1];
    // A document the worker could not index, or an answer that did not come: located here.
    const located = batch ? fromBatch(batch, pointers) : pointers.map((p) => document.locate(p));
    if (batch) byWorker.add(document);
    const list = fromWorker.get(document);
    if (list) list.push(...located);
    else fromWorker.set(document, located);
  }
  // What the worker did not answer (it could not index a document, failed on it, or timed out) is located here.
  if (!shared.every((_, j) => Atomics.load(claims, j) === CLAIM.caller)) {
    const batches = new Map(waitFor(pool!, seq)?.batches);
    shared.forEach(([i], j) => {
      if (partial[i]) return;
      const batch = batches.get(j);
      if (batch) {
        byWorker.add(requests[i]!.document);
        partial[i] = fromBatch(batch, rest[i]!);
      } else here(i);
    });
  }
  requests.forEach(({ document, pointers }, i) => {
    const before = early[i]!;
    const ahead = fromWorker.get(document);
    if (before.length === 0 || !ahead) {
      out[i] = partial[i]!;
      return;
    }
    const own = partial[i] ?? [];
    const located: Located[] = new Array<Located>(pointers.length);
    let c = 0;
    let r = 0;
    for (let k = 0; k < pointers.length; k++) located[k] = c < before.length && before[c] === pointers[k] ? ahead[c++]! : own[r++]!;
    out[i] = located;
  });
  documentsLocated += byWorker.size;
  return out;
}

function send(p: Pool, document: SourceDocument): void {
  const key = nextKey++;
  keys.set(document, key);
  forget.register(document, key, document);
  const file = files.get(document);
  const message: WorkerMessage =
    file === undefined ? { type: 'add', key, text: document.text } : { type: 'read', key, check: checkOf(file, document.text) };
  p.worker.postMessage(message);
}

/** What the worker compares its own read with: the file's size and time, the text's length, and a few slices of it. */
function checkOf(file: SourceFile, text: string): TextCheck {
  const slices: [number, string][] = [];
  for (const at of [0, 0.25, 0.5, 0.75, 1]) {
    const start = Math.max(0, Math.floor(text.length * at) - 64);
    slices.push([start, text.slice(start, start + 64)]);
  }
  return { ...file, length: text.length, slices };
}

function drop(key: number): void {
  if (pool && !broken) pool.worker.postMessage({ type: 'drop', key } satisfies WorkerMessage);
}

function start(): Pool | undefined {
  // Running from the TypeScript sources (the unit tests) there is no compiled worker: locate on this thread.
  const url = new URL('./locate-worker.js', import.meta.url);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) {
    broken = true;
    return undefined;
  }
  try {
    const state = new Int32Array(new SharedArrayBuffer(12));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(url, { workerData: { state, responses: port2 }, transferList: [port2] });
    worker.on('error', () => {
      broken = true;
    });
    // Neither may keep a finished process alive.
    worker.unref();
    port1.unref();
    return { worker, state, responses: port1, seq: 0 };
  } catch {
    broken = true;
    return undefined;
  }
}

/** Blocks until the worker answers `seq`, or gives up after the timeout (and stops using the worker). */
function waitFor(p: Pool, seq: number): WorkerAnswer | undefined {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    // Read the counter before the port: an answer posted in between then changes the counter, and the wait
    // below returns at once instead of sleeping past it.
    const seen = Atomics.load(p.state, 1);
    const message = receiveMessageOnPort(p.responses);
    if (message) {
      const answer = message.message as WorkerAnswer;
      if (answer.seq === seq) return answer;
      // An answer to an earlier request, one the calling thread gave up on: answers come in request order, and
      // locateAll waits for them in that order.
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      broken = true;
      void p.worker.terminate();
      return undefined;
    }
    Atomics.wait(p.state, 1, seen, Math.min(left, 1000));
  }
}

function fromBatch(batch: LocatedBatch, pointers: readonly Pointer[]): Located[] {
  const moved = new Map(batch.moved);
  const at = batch.positions;
  return pointers.map((pointer, i) => ({
    pointer: moved.get(i) ?? pointer,
    range: { start: { line: at[i * 4]!, column: at[i * 4 + 1]! }, end: { line: at[i * 4 + 2]!, column: at[i * 4 + 3]! } },
  }));
}
