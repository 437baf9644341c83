import * as crypto from 'node:crypto';

/** One-shot SHA-256 as hex: `crypto.hash` (Node 20.12+) is several times cheaper than a Hash object per call. */
const sha256: (data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'hex')
    : (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * A stable identity for a finding: rule, file, stack, logical id, pointer and detail, never a line number,
 * so moving lines around keeps it.
 */
export function fingerprint(parts: readonly (string | null)[]): string {
  return sha256(parts.map((p) => p ?? '').join('\u0000')).slice(0, 32);
}
