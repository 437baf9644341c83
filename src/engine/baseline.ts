import type { Finding } from '../model/types.js';

/**
 * A baseline: the findings a project accepted at one point, so CI fails only on new ones. Findings are keyed
 * by fingerprint, which hashes the rule, file, stack, logical id, JSON pointer, message data and detail, never a
 * line number: moving lines, reformatting, or adding resources around a finding keeps it in the baseline.
 * The other fields are there for the people who review the file.
 */
export interface Baseline {
  version: 1;
  findings: BaselineEntry[];
}

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  logicalId: string | null;
  message: string;
}

/**
 * The baseline of a result: every finding that is not suppressed, sorted by file, rule, logical id, message
 * and fingerprint, so that the file diffs well in review. Suppressed findings stay out: they are accepted
 * with a reason already.
 */
export function createBaseline(
  findings: readonly Pick<Finding, 'fingerprint' | 'ruleId' | 'file' | 'logicalId' | 'message' | 'suppressed' | 'related'>[],
): Baseline {
  // Related findings are entries of their own: when the finding that carries them is fixed, they stay known.
  const entries = findings
    .flatMap((f) => (f.related ? [f, ...f.related] : [f]))
    .filter((f) => !f.suppressed)
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, logicalId: f.logicalId, message: f.message }));
  entries.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.logicalId ?? '', b.logicalId ?? '') ||
      compare(a.message, b.message) ||
      compare(a.fingerprint, b.fingerprint),
  );
  return { version: 1, findings: entries };
}

/** The baseline as it is written to disk: two-space JSON with a final newline. */
export function formatBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Reads a parsed baseline file. Errors name the exact place (`findings[3].fingerprint`). */
export function parseBaseline(value: unknown): { baseline: Baseline } | { error: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: 'expected an object with "version": 1 and "findings"' };
  const root = value as Record<string, unknown>;
  if (root['version'] !== 1) return { error: `version: expected 1, found ${JSON.stringify(root['version'])}` };
  const list = root['findings'];
  if (!Array.isArray(list)) return { error: 'findings: expected a list' };
  const findings: BaselineEntry[] = [];
  for (const [i, item] of list.entries()) {
    const entry = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    const fingerprint = entry?.['fingerprint'];
    if (typeof fingerprint !== 'string' || fingerprint === '') return { error: `findings[${i}].fingerprint: expected a non-empty string` };
    const text = (key: string) => (typeof entry?.[key] === 'string' ? (entry[key] as string) : '');
    findings.push({
      fingerprint,
      ruleId: text('ruleId'),
      file: text('file'),
      logicalId: typeof entry?.['logicalId'] === 'string' ? entry['logicalId'] : null,
      message: text('message'),
    });
  }
  return { baseline: { version: 1, findings } };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
