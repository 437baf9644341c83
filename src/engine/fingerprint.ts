import { hash } from 'node:crypto';

/**
 * A stable identity for a finding: rule, file, stack, logical id, pointer and detail, never a line number,
 * so moving lines around keeps it. One-shot `crypto.hash` (Node 20.12+) is several times cheaper than a Hash
 * object per finding.
 */
export function fingerprint(parts: readonly (string | null)[]): string {
  let text = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) text += '\u0000' + (parts[i] ?? '');
  return hash('sha256', text, 'hex').slice(0, 32);
}
