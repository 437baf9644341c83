import { describe, expect, it } from 'vitest';
import { Limiter } from './limit.js';

describe('Limiter', () => {
  it('never runs more than its size at once, runs every task, and frees slots on rejection', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
          if (i % 7 === 0) throw new Error(`task ${i}`);
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limiter.peak).toBe(3);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(42);
    // After the rejections, the limiter still has all its slots.
    expect(await limiter.run(async () => 'after')).toBe('after');
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});
