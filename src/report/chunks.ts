import { jsonSafe } from './plain.js';

/** Arrays longer than this are written one element per chunk; shorter values as one chunk. */
const LONG_ARRAY = 64;
/** How deep to look for long arrays (`runs[0].results` in SARIF is at depth 3). */
const MAX_DEPTH = 4;

/**
 * `JSON.stringify(value, null, 2) + '\n'` (through {@link jsonSafe}) as a sequence of chunks whose
 * concatenation is exactly that string, so a JSON document with 200,000 findings is written without building
 * it whole: every long array is written one element at a time. Plain data only (no `toJSON`, no cycles), as
 * the formatters produce.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  yield* chunksOf(value, '', 0);
  yield '\n';
}

function* chunksOf(value: unknown, pad: string, depth: number): Generator<string> {
  if (depth < MAX_DEPTH && Array.isArray(value) && value.length > LONG_ARRAY) {
    const inner = `${pad}  `;
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      // JSON.stringify writes null for what it cannot write in an array.
      const item = value[i] === undefined || typeof value[i] === 'function' ? null : value[i];
      yield* chunksOf(item, inner, depth + 1);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}]`;
    return;
  }
  if (depth < MAX_DEPTH && value !== null && typeof value === 'object' && !Array.isArray(value) && hasLongArray(value, depth)) {
    const inner = `${pad}  `;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    yield '{\n';
    for (let i = 0; i < entries.length; i++) {
      const [key, v] = entries[i]!;
      yield `${inner}${jsonSafe(JSON.stringify(key))}: `;
      yield* chunksOf(v, inner, depth + 1);
      yield i < entries.length - 1 ? ',\n' : '\n';
    }
    yield `${pad}}`;
    return;
  }
  const text = JSON.stringify(value, null, 2);
  yield jsonSafe(pad === '' ? text : text.replace(/\n/g, `\n${pad}`));
}

function hasLongArray(value: unknown, depth: number): boolean {
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length > LONG_ARRAY || value.some((v) => hasLongArray(v, depth + 1));
  return Object.values(value).some((v) => hasLongArray(v, depth + 1));
}
