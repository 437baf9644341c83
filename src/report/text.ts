import { EXIT, exitCodeOf, RULE_ERROR_ID, reachesThreshold, type RunResult } from '../engine/run.js';
import type { ControlId, Finding, Severity } from '../model/types.js';
import { CONTROL_IDS, CONTROL_TITLES } from '../model/types.js';
import { DEFAULT_WIDTH, type ReportContext } from './context.js';
import { guardLines, oneLine } from './plain.js';

const SGR = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof SGR;

/** Narrowest and widest widths the text wraps to, whatever the terminal says. */
const MIN_WIDTH = 40;
const MAX_WIDTH = 400;
/** Where a finding's message and details start. */
const BODY = ' '.repeat(10);

/**
 * The default human format: findings grouped by control of the guidance, then by rule. Each finding has its
 * `file:line:column`, message and construct path; the rule's fix follows once per rule within a control. Lines
 * wrap to `ctx.width`. Suppressed findings are counted, and listed (dimmed, with their reason) only with
 * `ctx.showSuppressed`. The last line is the summary, with the exit code that follows and why. Every string
 * from the input goes through {@link oneLine}, so a template cannot put control characters in a terminal or
 * a workflow command in a CI log.
 */
export function formatText(result: RunResult, ctx: ReportContext): string {
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(ctx.width ?? DEFAULT_WIDTH)));
  const paint = (style: Style, s: string) => (ctx.color && s !== '' ? `\u001b[${SGR[style]}m${s}\u001b[0m` : s);
  const severityLabel = (s: Severity) => paint(s === 'error' ? 'red' : s === 'warning' ? 'yellow' : 'cyan', s.padEnd(7));
  const lines: string[] = [];
  /** Wrapped text, each line painted on its own so a colour never runs into the next line. */
  const block = (text: string, first: string, rest: string, style?: Style) => {
    for (const line of wrap(text, width, first, rest).map(guardLines))
      lines.push(style ? leadingSpace(line) + paint(style, line.trimStart()) : line);
  };

  const active = result.findings.filter((f) => !f.suppressed);
  for (const [control, findings] of byControl(active)) {
    const title = control === 'other' ? 'StackWarden' : CONTROL_TITLES[control];
    lines.push(paint('bold', `${control}  ${title}`) + paint('dim', `  (${plural(findings.length, 'finding')})`));
    for (const [ruleId, list] of byRule(findings)) {
      for (const f of list) {
        const also = f.controls.length > 1 ? paint('dim', ` (also ${f.controls.slice(1).join(', ')})`) : '';
        lines.push(`  ${severityLabel(f.severity)} ${oneLine(where(f))}  ${paint('dim', oneLine(f.ruleId))}${also}`);
        block(oneLine(f.message), BODY, BODY);
        for (const d of details(f)) block(d, BODY, `${BODY}  `, 'dim');
        // Other rules' findings about the same problem: one finding, with what else the problem means.
        for (const r of f.related ?? []) block(oneLine(`related, ${r.ruleId} at ${where(r)}: ${r.message}`), BODY, `${BODY}  `);
      }
      const fix = list[0]!.fix;
      const label = list.length > 1 ? `fix (${oneLine(ruleId)}, ${list.length} findings): ` : 'fix: ';
      block(label + oneLine(fix), '    ', '      ');
    }
    lines.push('');
  }

  const suppressed = result.findings.filter((f) => f.suppressed);
  if (ctx.showSuppressed && suppressed.length > 0) {
    lines.push(paint('bold', 'Suppressed findings') + paint('dim', `  (${suppressed.length}; they do not count towards the exit code)`));
    for (const f of suppressed) {
      const s = f.suppressed!;
      lines.push(paint('dim', `  ${'skipped'.padEnd(7)} ${oneLine(where(f))}  ${oneLine(f.ruleId)} (${f.severity})`));
      block(oneLine(f.message), BODY, BODY, 'dim');
      const until = s.expires !== undefined ? ` until ${s.expires}` : '';
      block(`reason (${oneLine(s.source)}${until}): ${oneLine(s.justification)}`, BODY, `${BODY}  `, 'dim');
    }
    lines.push('');
  }

  if (result.errors.length > 0) {
    lines.push(paint('bold', 'Inputs that could not be loaded'));
    for (const e of result.errors) {
      lines.push(`  ${paint('red', oneLine(e.code).padEnd(14))} ${oneLine(`${e.file}:${e.line}:${e.column}`)}`);
      block(oneLine(e.message), BODY, BODY);
    }
    lines.push('');
  }
  lines.push(summaryLine(result, ctx));
  return `${guardLines(lines.join('\n'))}\n`;
}

/**
 * The last line of the text output, and what the CLI prints to standard error when every report goes to a
 * file: counts by severity, what was scanned, suppressed, known and not loaded, then the exit code that
 * follows and why. The code comes from {@link exitCodeOf}, the function the CLI returns, so they cannot differ.
 */
export function summaryLine(
  result: Pick<RunResult, 'findings' | 'errors' | 'summary'>,
  ctx: Pick<ReportContext, 'settings' | 'showSuppressed'> = {},
): string {
  const failOn = ctx.settings?.failOn ?? 'error';
  const active = result.findings.filter((f) => !f.suppressed);
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  const { summary } = result;
  const parts = [
    `${plural(active.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('note'), 'note')})`,
    `in ${plural(summary.files, 'file')}, ${plural(summary.stacks, 'stack')}, ${plural(summary.resources, 'resource')}`,
  ];
  if (summary.suppressed > 0) parts.push(`${summary.suppressed} suppressed${ctx.showSuppressed ? '' : ' (--show-suppressed lists them)'}`);
  if (summary.baseline) parts.push(`${summary.baseline} in baseline`);
  if (result.errors.length > 0) parts.push(plural(result.errors.length, 'load error'));
  return `${parts.join('; ')}. ${exitReason(result, failOn)}.`;
}

/** `exit N: why`, for the code {@link exitCodeOf} gives. */
export function exitReason(result: Pick<RunResult, 'findings' | 'errors' | 'summary'>, failOn: Severity | 'none'): string {
  const code = exitCodeOf(result, failOn);
  if (code === EXIT.error) {
    if (result.errors.length > 0)
      return `exit 2: ${plural(result.errors.length, 'input')} could not be loaded, so the results are incomplete`;
    const crashed = result.findings.filter((f) => f.ruleId === RULE_ERROR_ID).length;
    return `exit 2: ${plural(crashed, 'rule')} crashed (${RULE_ERROR_ID}), so the results are incomplete`;
  }
  const newWord = result.summary.baseline !== undefined ? 'new ' : '';
  if (code === EXIT.findings) {
    const reaching = result.findings.filter((f) => reachesThreshold([f], failOn)).length;
    return `exit 1: ${plural(reaching, `${newWord}finding`)} at or above --fail-on ${failOn}`;
  }
  return failOn === 'none' ? 'exit 0: --fail-on none' : `exit 0: no ${newWord}finding at or above --fail-on ${failOn}`;
}

/** The lines under a finding's message: where it was made, suppression, baseline, suggestion. */
function details(f: Finding): string[] {
  const out: string[] = [];
  if (f.constructPath) out.push(`construct: ${oneLine(f.constructPath)}`);
  else if (f.logicalId) out.push(`resource: ${oneLine(f.logicalId)}${f.stack ? ` in ${oneLine(f.stack)}` : ''}`);
  if (f.source) out.push(`source: ${oneLine(`${f.source.file}:${f.source.line}${f.source.column ? `:${f.source.column}` : ''}`)}`);
  if (f.origin) out.push(`made by aws-cdk-lib (${oneLine(f.origin.construct)}), not by your code: ${oneLine(f.origin.fix)}`);
  if (f.baseline) out.push('in baseline: known before, does not fail the run');
  // On a line of its own, whole: a JSON document to copy.
  if (f.suggestion) out.push('suggested replacement:', oneLine(f.suggestion));
  return out;
}

/** Findings by their first control, in the guidance's order; findings of no control last. */
function byControl(findings: readonly Finding[]): [ControlId | 'other', Finding[]][] {
  const groups = new Map<ControlId | 'other', Finding[]>();
  for (const f of findings) {
    const key = f.controls[0] ?? 'other';
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  return [...CONTROL_IDS, 'other' as const].flatMap((c) =>
    groups.has(c) ? [[c, groups.get(c)!] as [ControlId | 'other', Finding[]]] : [],
  );
}

/** Findings by rule, rules in the order of their first finding, findings in run order. */
function byRule(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = groups.get(f.ruleId);
    if (!list) groups.set(f.ruleId, (list = []));
    list.push(f);
  }
  return groups;
}

function where(f: Finding): string {
  return `${f.file}:${f.range.start.line}:${f.range.start.column}`;
}

/**
 * Word-wraps `text` to `width` columns: the first line starts with `first`, the others with `rest`. A word
 * longer than a line (a path, a JSON document) gets a line of its own and is not cut, so it can be copied.
 * Linear in the text's length.
 */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
  const out: string[] = [];
  let indent = first;
  let line = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      indent = rest;
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(indent + line);
  return out;
}

function leadingSpace(line: string): string {
  return line.slice(0, line.length - line.trimStart().length);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
