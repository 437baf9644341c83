import { RULE_ERROR_ID, type RunResult } from '../engine/run.js';
import type { Finding } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';
import { guardLines } from './plain.js';
import type { ReportContext } from './context.js';
import { locationOf, outcomesOf, outcomeState, type Outcome } from './outcomes.js';
import { escapeXml, escapeXmlAttr } from './xml.js';

/** The suite that holds inputs that could not be loaded, one `<error>` test case each. */
export const INPUTS_SUITE = 'inputs';

interface Case {
  name: string;
  classname: string;
  file: string;
  line: number | null;
  /** The element inside `<testcase>`, or '' for a pass. */
  body: string;
  kind: 'pass' | 'failure' | 'skipped' | 'error';
}

/**
 * JUnit XML in the de-facto schema that Jenkins, GitLab, Azure Pipelines and the common GitHub actions read:
 * one `<testsuite>` per stack (or plain template), one `<testcase>` per rule × resource that the rule checked.
 * A case passes without findings, fails with an unsuppressed finding, and is skipped when every finding is
 * suppressed (the justification is the skip message). A crashed rule and every unloadable input is an error.
 */
export function formatJunit(result: RunResult, ctx: ReportContext): string {
  return [...junitChunks(result, ctx)].join('');
}

/**
 * The JUnit document one line at a time (each with its newline), so a run with 200,000 findings is written
 * without building one string. A value with a line break could start a line with a workflow command when the
 * file is printed to a CI log: {@link guardLines} breaks it.
 */
export function* junitChunks(result: RunResult, ctx: ReportContext): Generator<string> {
  const suites = new Map<string, { file: string; cases: Case[] }>();
  for (const outcome of outcomesOf(result)) {
    let suite = suites.get(outcome.suite);
    if (!suite) suites.set(outcome.suite, (suite = { file: outcome.file, cases: [] }));
    suite.cases.push(toCase(outcome));
  }
  if (result.errors.length > 0) {
    const inputs = suites.get(INPUTS_SUITE) ?? { file: '', cases: [] };
    suites.set(INPUTS_SUITE, inputs);
    inputs.cases.push(
      ...result.errors.map(
        (e): Case => ({
          name: `load ${e.file}`,
          classname: INPUTS_SUITE,
          file: e.file,
          line: e.line,
          kind: 'error',
          body: `<error message="${escapeXmlAttr(e.message)}" type="${escapeXmlAttr(e.code)}">${escapeXml(`${e.file}:${e.line}:${e.column} ${e.code}: ${e.message}`)}</error>`,
        }),
      ),
    );
  }

  const all = [...suites.values()].flatMap((s) => s.cases);
  const line = (text: string) => `${guardLines(text)}\n`;
  yield line('<?xml version="1.0" encoding="UTF-8"?>');
  yield line(`<testsuites name="${escapeXmlAttr(ctx.tool.name)}" ${counts(all)} time="0">`);
  for (const [name, suite] of suites) {
    const file = suite.file ? ` file="${escapeXmlAttr(suite.file)}"` : '';
    yield line(`  <testsuite name="${escapeXmlAttr(name)}" ${counts(suite.cases)} time="0"${file}>`);
    for (const c of suite.cases) {
      const at = c.line !== null ? ` line="${c.line}"` : '';
      const open = `    <testcase name="${escapeXmlAttr(c.name)}" classname="${escapeXmlAttr(c.classname)}" file="${escapeXmlAttr(c.file)}"${at} time="0"`;
      yield line(c.body ? `${open}>\n      ${c.body}\n    </testcase>` : `${open}/>`);
    }
    yield line('  </testsuite>');
  }
  yield line('</testsuites>');
}

function counts(cases: readonly Case[]): string {
  const n = (kind: Case['kind']) => cases.filter((c) => c.kind === kind).length;
  return `tests="${cases.length}" failures="${n('failure')}" errors="${n('error')}" skipped="${n('skipped')}"`;
}

function toCase(outcome: Outcome): Case {
  const subject = outcome.logicalId ?? 'stack';
  const first = outcome.findings[0];
  const base = {
    name: `${outcome.ruleId} ${subject}`,
    classname: `${outcome.suite}.${subject}`,
    // The finding's own file and line when there is one (a stack finding may point into manifest.json).
    file: first?.file ?? outcome.file,
    line: first?.range.start.line ?? null,
  };
  const state = outcomeState(outcome);
  if (state === 'pass') return { ...base, kind: 'pass', body: '' };
  if (state === 'suppressed') {
    const reasons = outcome.findings.map((f) => `suppressed (${f.suppressed!.source}): ${f.suppressed!.justification}`);
    return { ...base, kind: 'skipped', body: `<skipped message="${escapeXmlAttr(unique(reasons).join('; '))}"/>` };
  }
  const active = outcome.findings.filter((f) => !f.suppressed);
  const details = escapeXml(outcome.findings.map(describe).join('\n\n'));
  // With --baseline, findings known before do not fail the run; a case with nothing new is skipped, like the gate.
  if (outcome.ruleId !== RULE_ERROR_ID && active.every((f) => f.baseline)) {
    return {
      ...base,
      kind: 'skipped',
      body: `<skipped message="${escapeXmlAttr(`in baseline: ${active[0]!.message}`)}">${details}</skipped>`,
    };
  }
  const worst = active.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
  const message = active.length > 1 ? `${active[0]!.message} (and ${active.length - 1} more)` : active[0]!.message;
  // A crashed rule is the tool's problem, not the template's: JUnit calls that an error.
  const element = outcome.ruleId === RULE_ERROR_ID ? 'error' : 'failure';
  return {
    ...base,
    kind: element,
    body: `<${element} message="${escapeXmlAttr(message)}" type="${worst.severity}">${details}</${element}>`,
  };
}

function describe(f: Finding): string {
  const lines = [`${f.severity} ${locationOf(f)} ${f.ruleId} [${f.controls.join(', ')}]`, f.message];
  if (f.constructPath) lines.push(`construct: ${f.constructPath}`);
  if (f.suppressed) lines.push(`suppressed (${f.suppressed.source}): ${f.suppressed.justification}`);
  if (f.baseline) lines.push('in baseline: known before, does not fail the run');
  lines.push(`fix: ${f.fix}`);
  if (f.suggestion) lines.push(`suggested replacement:\n${f.suggestion}`);
  return lines.join('\n');
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
