import { describe, expect, it } from 'vitest';
import { cachedBy } from './memo.js';

describe('cachedBy', () => {
  it('computes once per owner and key, an undefined result included', () => {
    const cache = new WeakMap<object, Map<string, number | undefined>>();
    const [a, b] = [{}, {}];
    let calls = 0;
    const get = (owner: object, key: string, value: number | undefined) =>
      cachedBy(cache, owner, key, () => {
        calls++;
        return value;
      });
    expect(get(a, 'x', 1)).toBe(1);
    expect(get(a, 'x', 2)).toBe(1);
    expect(get(a, 'y', undefined)).toBeUndefined();
    expect(get(a, 'y', 3)).toBeUndefined();
    expect(get(b, 'x', 4)).toBe(4);
    expect(calls).toBe(3);
  });
});
