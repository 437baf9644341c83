import { hash } from 'node:crypto';

/**
 * A stable identity for a finding: rule, file, stack, logical id, pointer and detail, never a line number,
 * so moving lines around keeps it. One-shot `crypto.hash` (Node 20.12+) is several times cheaper than a Hash
 * object per finding.
 */
export function fingerprint(parts: readonly (string | null)[]): string {
  // `join` writes null as an empty string, into one flat string: no copied array, no chain of concatenations.
  return hash('sha256', parts.join('\u0000'), 'hex').slice(0, 32);
}
