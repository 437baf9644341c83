import type { RunResult } from '../engine/run.js';
import type { ControlId, Finding, Severity } from '../model/types.js';
import { CONTROL_IDS, CONTROL_TITLES, everyFinding, SEVERITY_RANK } from '../model/types.js';

/**
 * What happened to one rule × subject: the findings it produced (suppressed ones too). Built from
 * `result.checks`; a finding whose subject was not checked (a rule that reported on another resource, or a
 * crashed rule) gets an outcome of its own, so no finding is ever left out of a report.
 */
export interface Outcome {
  ruleId: string;
  /** The stack name, or null for a plain template. */
  stack: string | null;
  logicalId: string | null;
  /** The template file of the stack (the finding's file for outcomes made from findings alone). */
  file: string;
  /** What reports group by: the stack name, or the template file for a plain template. */
  suite: string;
  findings: Finding[];
  /** Whether the engine recorded this subject as checked (false: made from a finding alone). */
  checked: boolean;
}

/** pass: no finding; fail: at least one unsuppressed finding; suppressed: findings, all suppressed. */
export type OutcomeState = 'pass' | 'fail' | 'suppressed';

export function outcomeState(outcome: Outcome): OutcomeState {
  if (outcome.findings.length === 0) return 'pass';
  return outcome.findings.some((f) => !f.suppressed) ? 'fail' : 'suppressed';
}

/** Groups the findings of a run into outcomes, in check order, unchecked subjects after them. */
export function outcomesOf(result: RunResult): Outcome[] {
  const list: Outcome[] = [];
  const byKey = new Map<string, Outcome>();
  for (const check of result.checks ?? []) {
    const suite = check.stack ?? check.file;
    const key = outcomeKey(check.ruleId, suite, check.logicalId);
    if (byKey.has(key)) continue;
    const outcome: Outcome = {
      ruleId: check.ruleId,
      stack: check.stack,
      logicalId: check.logicalId,
      file: check.file,
      suite,
      findings: [],
      checked: true,
    };
    byKey.set(key, outcome);
    list.push(outcome);
  }
  const unchecked: Outcome[] = [];
  // A finding folded into another's `related` still failed its own check.
  for (const f of everyFinding(result.findings)) {
    const suite = f.stack ?? f.file;
    // A stack rule may report on a resource of its stack: the finding belongs to the stack's check.
    const outcome = byKey.get(outcomeKey(f.ruleId, suite, f.logicalId)) ?? byKey.get(outcomeKey(f.ruleId, suite, null));
    if (outcome) {
      outcome.findings.push(f);
      continue;
    }
    const own: Outcome = { ruleId: f.ruleId, stack: f.stack, logicalId: f.logicalId, file: f.file, suite, findings: [f], checked: false };
    byKey.set(outcomeKey(f.ruleId, suite, f.logicalId), own);
    unchecked.push(own);
  }
  return [...list, ...unchecked];
}

function outcomeKey(ruleId: string, suite: string, logicalId: string | null): string {
  return `${ruleId}\u0000${suite}\u0000${logicalId ?? ''}`;
}

/** Where a control stands after a run. */
export interface ControlStatus {
  control: ControlId;
  title: string;
  /** Rules that ran for this control. */
  rules: number;
  /** Rule × subject checks for this control that passed, failed, or failed with every finding suppressed. */
  passed: number;
  failed: number;
  suppressedChecks: number;
  /** Unsuppressed and suppressed findings. */
  findings: number;
  suppressed: number;
  /** fail: an unsuppressed finding; pass: checked, none; unchecked: no rule for it ran or nothing to check. */
  status: 'pass' | 'fail' | 'unchecked';
  /** Failed, but every unsuppressed finding is a note: reports show it as advice, not as a failure. */
  advice: boolean;
  /** Unsuppressed findings of this control by severity. */
  bySeverity: Record<Severity, number>;
}

/** Every control of the seed, in order, with pass/fail counts over the run's checks. */
export function controlStatuses(result: RunResult, outcomes: readonly Outcome[] = outcomesOf(result)): ControlStatus[] {
  const controlsOfRule = new Map<string, readonly ControlId[]>(result.rules.map((r) => [r.id, r.controls]));
  return CONTROL_IDS.map((control) => {
    const mine = outcomes.filter((o) => (o.findings[0]?.controls ?? controlsOfRule.get(o.ruleId) ?? []).includes(control));
    const states = mine.map(outcomeState);
    const findings = result.findings.filter((f) => f.controls.includes(control));
    const failed = states.filter((s) => s === 'fail').length;
    const active = findings.filter((f) => !f.suppressed);
    const bySeverity = { error: 0, warning: 0, note: 0 };
    for (const f of active) bySeverity[f.severity]++;
    return {
      control,
      title: CONTROL_TITLES[control],
      rules: result.rules.filter((r) => r.controls.includes(control)).length,
      passed: states.filter((s) => s === 'pass').length,
      failed,
      suppressedChecks: states.filter((s) => s === 'suppressed').length,
      findings: findings.filter((f) => !f.suppressed).length,
      suppressed: findings.filter((f) => f.suppressed).length,
      status: failed > 0 ? 'fail' : mine.length > 0 ? 'pass' : 'unchecked',
      advice: failed > 0 && active.length > 0 && bySeverity.error === 0 && bySeverity.warning === 0,
      bySeverity,
    };
  });
}

/**
 * `pass`, `fail`, `advice` (failed on notes only) or `not checked`, and how many failing checks were
 * suppressed: a suppressed pass is no clean pass.
 */
export function statusWord(c: ControlStatus): string {
  const word = c.status === 'unchecked' ? 'not checked' : c.advice ? 'advice' : c.status;
  return c.suppressedChecks > 0 ? `${word}, ${c.suppressedChecks} suppressed` : word;
}

/** Most severe first; the run's order (file, position) within a severity. Stable. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => [f, i] as const)
    .sort(([a, i], [b, j]) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || i - j)
    .map(([f]) => f);
}

/** Unsuppressed findings of one severity. */
export function countActive(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((f) => !f.suppressed && f.severity === severity).length;
}

/** `file:line:column` of a finding's start. */
export function locationOf(f: Finding): string {
  return `${f.file}:${f.range.start.line}:${f.range.start.column}`;
}
