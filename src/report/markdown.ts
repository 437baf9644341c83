import type { RunResult } from '../engine/run.js';
import type { Finding, Severity } from '../model/types.js';
import { ruleHelpUri } from './anchor.js';
import type { ReportContext } from './context.js';
import { oneLine } from './plain.js';
import { bySeverity, controlStatuses, countActive, locationOf, statusWord, type ControlStatus } from './outcomes.js';

/** How many findings the comment lists; the rest are counted. Keeps a comment far below GitHub's 65,536 characters. */
export const TOP_FINDINGS = 20;
/** Longest message shown in full; longer ones are cut with an ellipsis. */
const MAX_MESSAGE = 300;

const STATUS_MARK: Readonly<Record<ControlStatus['status'], string>> = { pass: '✅', fail: '❌', unchecked: '➖' };
const SEVERITY_MARK: Readonly<Record<Severity, string>> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };

/**
 * A pull-request comment: the verdict, a table of all twelve seed controls with pass/fail counts, the most
 * severe findings with `file:line`, what was suppressed, and inputs that failed to load. Every piece of text
 * that comes from a template is escaped, so it renders as text and cannot inject Markdown, HTML or mentions.
 */
export function formatMarkdown(result: RunResult, ctx: ReportContext): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const suppressed = result.findings.filter((f) => f.suppressed);
  const { summary } = result;
  const out: string[] = [];

  // With --baseline, the verdict is about what is new: known findings do not fail the run.
  const judged = summary.baseline !== undefined ? active.filter((f) => !f.baseline) : active;
  const adjective = summary.baseline !== undefined ? 'new ' : '';
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

  out.push('| Control | Status | Checks passed | Checks failed | Findings | Suppressed |', '|---|---|---:|---:|---:|---:|');
  for (const c of controlStatuses(result)) {
    out.push(
      `| **${c.control}** ${escapeMarkdown(c.title)} | ${STATUS_MARK[c.status]} ${statusWord(c)} | ${c.passed} | ${c.failed} | ${c.findings} | ${c.suppressed} |`,
    );
  }
  out.push('');

  if (active.length > 0) {
    // New findings first, then by severity.
    const top = [...bySeverity(active.filter((f) => !f.baseline)), ...bySeverity(active.filter((f) => f.baseline))].slice(0, TOP_FINDINGS);
    out.push(`### Top findings`, '', '| Severity | Location | Rule | Message |', '|---|---|---|---|');
    for (const f of top)
      out.push(
        `| ${SEVERITY_MARK[f.severity]}${f.baseline ? ' (baseline)' : ''} | ${codeSpan(locationOf(f))} | ${ruleLink(f)} | ${proseToMarkdown(truncate(f.message))} |`,
      );
    if (active.length > top.length)
      out.push('', `…and ${plural(active.length - top.length, 'more finding')}: run \`stackwarden scan\` for all of them.`);
    out.push('');
  }

  if (suppressed.length > 0) {
    out.push(`<details><summary>${plural(suppressed.length, 'suppressed finding')}</summary>`, '');
    out.push('| Location | Rule | Source | Justification |', '|---|---|---|---|');
    for (const f of suppressed.slice(0, TOP_FINDINGS)) {
      const s = f.suppressed!;
      out.push(
        `| ${codeSpan(locationOf(f))} | ${ruleLink(f)} | ${escapeMarkdown(s.source)} | ${escapeMarkdown(truncate(s.justification))} |`,
      );
    }
    if (suppressed.length > TOP_FINDINGS) out.push('', `…and ${suppressed.length - TOP_FINDINGS} more.`);
    out.push('', '</details>', '');
  }

  if (result.errors.length > 0) {
    out.push('### Inputs that could not be loaded', '');
    for (const e of result.errors)
      out.push(`- ${codeSpan(`${e.file}:${e.line}:${e.column}`)} ${escapeMarkdown(e.code)}: ${escapeMarkdown(truncate(e.message))}`);
    out.push('');
  }
  return out.join('\n');
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

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
