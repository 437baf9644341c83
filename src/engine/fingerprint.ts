import { createHash } from 'node:crypto';

/**
 * A stable identity for a finding: rule, file, stack, logical id, pointer and detail, never a line number,
 * so moving lines around keeps it.
 */
export function fingerprint(parts: readonly (string | null)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 32);
}
