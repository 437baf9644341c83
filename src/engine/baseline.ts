import type { Finding } from '../model/types.js';
import { legacyFingerprintsOf } from './fingerprint.js';
import type { RunResult } from './run.js';

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
export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
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

/** What applying a baseline found: the marked result, and the baseline entries that matched nothing (fixed). */
export interface BaselineOutcome {
  result: RunResult;
  /** Baseline entries no finding has any more: fixed, or changed enough to be new. */
  stale: BaselineEntry[];
}

/**
 * Marks every finding with `baseline`: true when its fingerprint is in the baseline. Such findings stay in
 * the output (shown as known) but no longer fail the run (see `reachesThreshold`). `summary.baseline`
 * counts them.
 */
export function applyBaseline(result: RunResult, baseline: Baseline): BaselineOutcome {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  // A baseline written before content identity holds positional fingerprints: they still match (and still count
  // as present), until the baseline is written again.
  const isKnown = (f: Finding) => known.has(f.fingerprint) || legacyFingerprintsOf(f).some((old) => known.has(old));
  const findings = result.findings.map((f) => ({ ...f, baseline: !f.suppressed && isKnown(f) }));
  const present = new Set(result.findings.flatMap((f) => [f.fingerprint, ...legacyFingerprintsOf(f)]));
  return {
    result: { ...result, findings, summary: { ...result.summary, baseline: findings.filter((f) => f.baseline).length } },
    stale: baseline.findings.filter((e) => !present.has(e.fingerprint)),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
