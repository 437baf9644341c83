/**
 * The value cached for an owner and a key, computed on first use. Owners are objects of one scan (a resource, a
 * catalog class): the cache goes with them. Callers must not change what they get back.
 */
export function cachedBy<O extends object, K, V>(cache: WeakMap<O, Map<K, V>>, owner: O, key: K, compute: () => V): V {
  let byKey = cache.get(owner);
  if (!byKey) cache.set(owner, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key) as V;
  const value = compute();
  byKey.set(key, value);
  return value;
}
