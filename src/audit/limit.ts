/**
 * A bound on concurrent calls: at most `size` tasks run at once, the others wait in arrival order. The audit
 * keeps one per service, so 1,000 buckets never mean 1,000 requests in flight against S3.
 */
export class Limiter {
  #active = 0;
  readonly #queue: (() => void)[] = [];
  /** The most tasks that ever ran at once (tests and progress). */
  peak = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`concurrency must be a positive integer, not ${size}`);
  }

  /** Runs `task` when a slot is free; its result or rejection is passed through, and the slot is freed either way. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.size) await new Promise<void>((resolve) => this.#queue.push(resolve));
    else this.#active++;
    this.peak = Math.max(this.peak, this.#active);
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter: the count stays, so no newcomer can overtake it.
      const next = this.#queue.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/** Runs `task` over every item with a limiter, settling all; a rejected task is the caller's to record (see `guarded`). */
export async function forEachLimited<T>(items: Iterable<T>, limiter: Limiter, task: (item: T) => Promise<void>): Promise<void> {
  await Promise.all([...items].map((item) => limiter.run(() => task(item))));
}
