import type { RunResult } from '../engine/run.js';
import type { Finding, Severity } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';
import { ruleHelpUri } from './anchor.js';
import type { ReportContext } from './context.js';
import { guardLines, oneLine } from './plain.js';
import { exposureOf } from './priority.js';
import { bySeverity, controlStatuses, countActive, locationOf, statusWord, type ControlStatus } from './outcomes.js';

/** How many findings the comment details at most; the rest are counted. */
export const TOP_FINDINGS = 20;
/** Longest message shown in full; longer ones are cut with an ellipsis. */
const MAX_MESSAGE = 300;
/** Longest message in a finding's one-line summary. */
const MAX_SUMMARY = 90;
/**
 * GitHub refuses a comment over 65,536 characters. The comment stops adding findings before this many, and
 * says how many it left out; the controls table, counts and notes after it fit in the rest.
 */
export const MAX_COMMENT_CHARS = 60_000;

const STATUS_MARK: Readonly<Record<ControlStatus['status'] | 'advice', string>> = { pass: '✅', fail: '❌', unchecked: '➖', advice: '💡' };
const SEVERITY_MARK: Readonly<Record<Severity, string>> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };

/**
 * A pull-request comment that fits GitHub's comment column (about 870 px): the verdict and counts, a
 * three-column table of the twelve controls, then each finding (new ones first when a baseline was applied)
 * as a one-line summary that opens onto its location, construct path, CDK source line, fix and the rule's
 * documentation. Suppressed findings and inputs that failed to load follow. The comment stays under GitHub's
 * 65,536 characters and says how many findings it left out. Every piece of text that comes from a template is
 * escaped, so it renders as text and cannot inject Markdown, HTML or mentions.
 */
export function formatMarkdown(result: RunResult, ctx: ReportContext): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const suppressed = result.findings.filter((f) => f.suppressed);
  const { summary } = result;
  const out: string[] = [];

  // With --baseline, the verdict is about what is new: known findings do not fail the run.
  const withBaseline = summary.baseline !== undefined;
  const judged = withBaseline ? active.filter((f) => !f.baseline) : active;
  const adjective = withBaseline ? 'new ' : '';
  const verdict = judged.length === 0 ? `✅ no ${adjective}findings` : `❌ ${plural(judged.length, `${adjective}finding`)}`;
  out.push(`## ${escapeMarkdown(ctx.tool.name)}: ${verdict}`, '');
  const counts = (['error', 'warning', 'note'] as const).map((s) => plural(countActive(result.findings, s), s)).join(', ');
  const facts = [
    `${counts}.`,
    `Scanned ${plural(summary.files, 'file')}, ${plural(summary.stacks, 'stack')}, ${plural(summary.resources, 'resource')}.`,
  ];
  if (suppressed.length > 0) facts.push(`${plural(suppressed.length, 'finding')} suppressed.`);
  if (summary.baseline) facts.push(`${plural(summary.baseline, 'finding')} known in the baseline.`);
  if (result.errors.length > 0) facts.push(`⚠️ ${plural(result.errors.length, 'input')} could not be loaded.`);
  out.push(facts.join(' '), '');

  out.push('| Control | Status | Findings |', '|---|---|---|');
  for (const c of controlStatuses(result)) {
    const mark = STATUS_MARK[c.advice ? 'advice' : c.status];
    const severities = (['error', 'warning', 'note'] as const)
      .filter((s) => c.bySeverity[s] > 0)
      .map((s) => plural(c.bySeverity[s], s))
      .join(', ');
    out.push(`| **${c.control}** ${escapeMarkdown(c.title)} | ${mark} ${statusWord(c)} | ${severities || '–'} |`);
  }
  out.push('');

  // Findings: new ones first (with a baseline), each by severity; one closed section per finding.
  const fresh = ranked(active.filter((f) => !f.baseline));
  const known = ranked(active.filter((f) => f.baseline));
  let budget = MAX_COMMENT_CHARS - tailLength(result, suppressed);
  budget -= out.reduce((n, l) => n + l.length + 1, 0);
  let listed = 0;
  const section = (heading: string, list: readonly Finding[]) => {
    if (list.length === 0) return;
    out.push(`### ${heading}`, '');
    let shown = 0;
    for (const f of list) {
      if (listed >= TOP_FINDINGS) break;
      const block = findingDetails(f);
      if (block.length + 1 > budget) break;
      out.push(block);
      budget -= block.length + 1;
      shown++;
      listed++;
    }
    if (shown < list.length) out.push('', `…and ${plural(list.length - shown, 'more finding')}: run \`stackwarden scan\` for all of them.`);
    out.push('');
  };
  if (withBaseline) {
    section(`New in this change (${fresh.length})`, fresh);
    section(`Known in the baseline (${known.length})`, known);
  } else section(`Findings (${fresh.length})`, fresh);

  out.push(...tail(result, suppressed));
  // Last guard for a comment printed to a CI log: no line starts with a workflow command.
  return guardLines(out.join('\n'));
}

/** Most severe first; within a severity, what exposes something (see priority.ts) first; else run order. */
function ranked(findings: readonly Finding[]): Finding[] {
  return bySeverity(findings)
    .map((f, i) => [f, i] as const)
    .sort(
      ([a, i], [b, j]) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Number(!exposureOf(a)) - Number(!exposureOf(b)) || i - j,
    )
    .map(([f]) => f);
}

/** One finding as a closed section: severity, rule and resource on its line; where, what and the fix inside. */
function findingDetails(f: Finding): string {
  const subject = f.logicalId ?? f.stack ?? f.file;
  const summaryLine = `${SEVERITY_MARK[f.severity]} · <code>${htmlText(f.ruleId)}</code> · ${htmlText(subject)} — ${htmlText(truncate(f.message, MAX_SUMMARY))}`;
  const lines = [`<details><summary>${summaryLine}</summary>`, '', proseToMarkdown(truncate(f.message, MAX_MESSAGE)), ''];
  lines.push(`- **Where:** ${codeSpan(locationOf(f))}`);
  if (f.constructPath) lines.push(`- **Construct:** ${codeSpan(f.constructPath)}`);
  if (f.source) lines.push(`- **Source:** ${codeSpan(`${f.source.file}:${f.source.line}${f.source.column ? `:${f.source.column}` : ''}`)}`);
  if (f.origin) lines.push(`- **Made by aws-cdk-lib** (${escapeMarkdown(f.origin.construct)}): ${proseToMarkdown(f.origin.fix)}`);
  lines.push(`- **Fix:** ${proseToMarkdown(f.fix)}`);
  lines.push(`- **Rule:** ${ruleLink(f)}`);
  for (const r of f.related ?? [])
    lines.push(`- **Related:** ${ruleLink(r)} ${codeSpan(locationOf(r))}: ${proseToMarkdown(truncate(r.message, MAX_MESSAGE))}`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}

/** Suppressed findings and load errors: always shown, so the comment keeps room for them. */
function tail(result: RunResult, suppressed: readonly Finding[]): string[] {
  const out: string[] = [];
  if (suppressed.length > 0) {
    out.push(`<details><summary>${plural(suppressed.length, 'suppressed finding')}</summary>`, '');
    out.push('| Finding | Justification |', '|---|---|');
    for (const f of suppressed.slice(0, TOP_FINDINGS)) {
      const s = f.suppressed!;
      out.push(
        `| ${ruleLink(f)} ${codeSpan(locationOf(f))} | ${escapeMarkdown(s.source)}: ${escapeMarkdown(truncate(s.justification, MAX_MESSAGE))} |`,
      );
    }
    if (suppressed.length > TOP_FINDINGS) out.push('', `…and ${suppressed.length - TOP_FINDINGS} more.`);
    out.push('', '</details>', '');
  }
  if (result.errors.length > 0) {
    out.push('### Inputs that could not be loaded', '');
    for (const e of result.errors.slice(0, TOP_FINDINGS))
      out.push(
        `- ${codeSpan(`${e.file}:${e.line}:${e.column}`)} ${escapeMarkdown(e.code)}: ${escapeMarkdown(truncate(e.message, MAX_MESSAGE))}`,
      );
    if (result.errors.length > TOP_FINDINGS) out.push('', `…and ${result.errors.length - TOP_FINDINGS} more.`);
    out.push('');
  }
  return out;
}

function tailLength(result: RunResult, suppressed: readonly Finding[]): number {
  return tail(result, suppressed).reduce((n, l) => n + l.length + 1, 0) + 200;
}

/** Text for an HTML context of the comment (a `<summary>`): entities, no control characters, no mentions. */
function htmlText(text: string): string {
  return oneLine(text)
    .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    .replace(/@/g, '@\u200B');
}

function ruleLink(f: Finding): string {
  return `[${escapeMarkdown(f.ruleId)}](${ruleHelpUri(f.ruleId)})`;
}

/**
 * Escapes text for GitHub-flavoured Markdown, inside a table cell too: HTML metacharacters become entities,
 * Markdown punctuation is backslash-escaped, line breaks become spaces, and `@` gets a zero-width space so a
 * template cannot mention (notify) people or teams from a PR comment.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text.replace(/\r\n?|\n/g, ' '))
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&')
    .replace(/@/g, '@\u200B');
}

/**
 * Rule text (descriptions, fixes, messages) as Markdown: its `` `code` `` spans are kept as code, everything
 * else is escaped as with {@link escapeMarkdown}. Safe in a table cell.
 */
export function proseToMarkdown(text: string): string {
  const parts = text.replace(/\r\n?|\n/g, ' ').split(/(`[^`]+`)/);
  return parts.map((part, i) => (i % 2 === 1 ? codeSpan(part.slice(1, -1)) : escapeMarkdown(part))).join('');
}

/** A code span that holds any text: a fence longer than any run of backticks inside, `|` escaped for tables. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const body = oneLine(text.replace(/\r\n?|\n/g, ' ')).replace(/\|/g, '\\|');
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
