import type { RunResult } from '../engine/run.js';
import type { ControlId, Finding, Severity } from '../model/types.js';
import { CONTROL_IDS, CONTROL_TITLES } from '../model/types.js';
import type { ReportContext } from './context.js';

const SGR = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

/** The default human format: findings grouped by seed control, each with file:line:column, construct path and fix. */
export function formatText(result: RunResult, ctx: ReportContext): string {
  const paint = (code: keyof typeof SGR, s: string) => (ctx.color ? `\u001b[${SGR[code]}m${s}\u001b[0m` : s);
  const severityLabel = (s: Severity) => paint(s === 'error' ? 'red' : s === 'warning' ? 'yellow' : 'cyan', s.padEnd(7));
  const lines: string[] = [];

  const groups = new Map<ControlId | 'other', Finding[]>();
  for (const f of result.findings) {
    const key = f.controls[0] ?? 'other';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const control of [...CONTROL_IDS, 'other' as const]) {
    const findings = groups.get(control);
    if (!findings) continue;
    const title = control === 'other' ? 'StackWarden' : CONTROL_TITLES[control];
    lines.push(paint('bold', `${control}  ${title}`) + paint('dim', `  (${plural(findings.length, 'finding')})`));
    for (const f of findings) {
      const where = `${f.file}:${f.range.start.line}:${f.range.start.column}`;
      const also = f.controls.length > 1 ? paint('dim', ` (also ${f.controls.slice(1).join(', ')})`) : '';
      lines.push(`  ${severityLabel(f.severity)} ${where}  ${f.message}  ${paint('dim', f.ruleId)}${also}`);
      const details: string[] = [];
      if (f.constructPath) details.push(`construct: ${f.constructPath}`);
      else if (f.logicalId) details.push(`resource: ${f.logicalId}${f.stack ? ` in ${f.stack}` : ''}`);
      if (f.source) details.push(`source: ${f.source.file}:${f.source.line}${f.source.column ? `:${f.source.column}` : ''}`);
      if (f.origin) details.push(`made by aws-cdk-lib (${f.origin.construct}), not by your code: ${f.origin.fix}`);
      if (f.suppressed) details.push(`suppressed (${f.suppressed.source}): ${f.suppressed.justification}`);
      if (f.baseline) details.push('in baseline: known before, does not fail the run');
      details.push(`fix: ${f.fix}`);
      if (f.suggestion) details.push(`suggested replacement: ${f.suggestion}`);
      for (const d of details) lines.push(paint('dim', `          ${d}`));
    }
    lines.push('');
  }

  if (result.errors.length > 0) {
    lines.push(paint('bold', 'Inputs that could not be loaded'));
    for (const e of result.errors) lines.push(`  ${paint('red', e.code.padEnd(14))} ${e.file}:${e.line}:${e.column}  ${e.message}`);
    lines.push('');
  }
  lines.push(summaryLine(result));
  return lines.join('\n') + '\n';
}

/** One line a CI log can show: counts by severity, what was scanned, what was suppressed and what failed to load. */
export function summaryLine(result: RunResult): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  const { summary } = result;
  const parts = [
    `${plural(active.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('note'), 'note')})`,
    `in ${plural(summary.files, 'file')}, ${plural(summary.stacks, 'stack')}, ${plural(summary.resources, 'resource')}`,
  ];
  if (summary.suppressed > 0) parts.push(`${summary.suppressed} suppressed`);
  if (summary.baseline) parts.push(`${summary.baseline} in baseline`);
  if (result.errors.length > 0) parts.push(plural(result.errors.length, 'load error'));
  return parts.join('; ') + '.';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
