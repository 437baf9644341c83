import type { RunResult } from '../engine/run.js';
import type { Finding, SuppressionInfo } from '../model/types.js';
import { CONTROL_IDS } from '../model/types.js';
import { ruleHelpUri } from './anchor.js';
import type { ReportContext } from './context.js';
import { guardLines, keepLines } from './plain.js';
import { REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { controlStatuses, countActive, locationOf, statusWord, type ControlStatus } from './outcomes.js';
import { type FixItem, RANKING_RULE, rankFixes } from './priority.js';
import { AWS_RESPONSIBILITIES, CUSTOMER_RESPONSIBILITIES } from './responsibility.js';

/** Lines of context shown around a resource's findings, the most lines of one finding, and of one excerpt. */
const CONTEXT_LINES = 3;
const MAX_HIT_LINES = 12;
const MAX_EXCERPT_LINES = 40;
/**
 * Findings (and suppressed findings) the page lists; past that it says how many it left out. The fix-first list
 * and the counts always cover every finding. Measured in chromium with 10,000 findings: docs/output-formats.md.
 */
export const MAX_FINDINGS = 2000;
export const MAX_SUPPRESSED = 500;
/** Fixes shown as cards at the top. */
export const TOP_FIXES = 3;
/** Longest excerpt line shown; longer lines (minified JSON) are cut. */
const MAX_LINE_CHARS = 240;

/**
 * One self-contained HTML page: per-control summary with a chart, the shared-responsibility split, findings by
 * stack and resource with the template excerpt and the fix, suppressed findings apart, and filters. It loads
 * nothing (a strict CSP forbids it), and every string from the input is escaped.
 */
export function formatHtml(result: RunResult, ctx: ReportContext): string {
  const statuses = controlStatuses(result);
  const active = result.findings.filter((f) => !f.suppressed);
  const suppressed = result.findings.filter((f) => f.suppressed);
  const stacks = [...new Set(result.findings.map(suiteOf))];
  const title = `${ctx.tool.name} report`;
  const s = result.summary;
  const shownActive = active.slice(0, MAX_FINDINGS);
  const shownSuppressed = suppressed.slice(0, MAX_SUPPRESSED);

  return guardLines(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${ctx.tool.name} ${ctx.tool.version}`)}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${esc(title)}</h1>
${runFacts(result, ctx)}
<div class="tiles" id="totals">
${tile('findings', active.length, 'findings')}${tile('errors', countActive(result.findings, 'error'), 'errors')}${tile('warnings', countActive(result.findings, 'warning'), 'warnings')}${tile('notes', countActive(result.findings, 'note'), 'notes')}${tile('suppressed', suppressed.length, 'suppressed')}${s.baseline !== undefined ? tile('baseline', s.baseline, 'in baseline') : ''}${tile('load-errors', result.errors.length, 'inputs not loaded')}
</div>
</header>

${fixFirst(result)}

<section id="controls">
<h2>Controls of the guidance</h2>
<p class="muted">Bars: unsuppressed findings per control, by severity (suppressed ones in grey). A control whose only findings are notes is <b>advice</b>, not a failure. Each rule checks each resource (or stack) it applies to; a check fails when it has an unsuppressed finding.</p>
${chart(statuses)}
<table>
<thead><tr><th>Control</th><th>Status</th><th>Rules</th><th>Checks passed</th><th>Checks failed</th><th>Suppressed</th><th>Findings</th></tr></thead>
<tbody>
${statuses.map(controlRow).join('\n')}
</tbody>
</table>
</section>

<section id="responsibility">
<h2>Shared responsibility</h2>
<div class="split">
<div><h3>AWS: security <em>of</em> the cloud</h3><p class="muted">AWS operates, manages and controls these. No template changes them; StackWarden does not check them.</p>
<ul>${AWS_RESPONSIBILITIES.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></div>
<div><h3>You: security <em>in</em> the cloud</h3><p class="muted">The customer's part. Your responsibilities vary with the services you use.</p>
<ul>${CUSTOMER_RESPONSIBILITIES.map((r) => `<li>${esc(r.duty)}: ${r.controls.map((c) => controlBadge(statuses.find((x) => x.control === c)!)).join(' ')}</li>`).join('')}</ul></div>
</div>
</section>

<section id="findings-section">
<h2>Findings by resource</h2>
<p class="muted">One entry per resource, closed: open it for the template excerpt (once per resource, the findings' lines marked) and each finding with its fix.</p>
<div class="filters" role="search">
<label>Severity <select id="filter-severity"><option value="">all</option>${['error', 'warning', 'note'].map((v) => `<option value="${v}">${v}</option>`).join('')}</select></label>
<label>Control <select id="filter-control"><option value="">all</option>${CONTROL_IDS.map((c) => `<option value="${c}">${c}</option>`).join('')}</select></label>
<label>Stack <select id="filter-stack"><option value="">all</option>${stacks.map((st) => `<option value="${esc(st)}">${esc(st)}</option>`).join('')}</select></label>
<button type="button" id="filter-reset">Reset</button>
<button type="button" id="expand-all">Open all</button>
<output id="filter-count">${plural(shownActive.length, 'finding')}</output>
</div>
${cut(active.length, shownActive.length, 'finding', 'truncated')}
<div id="findings">
${groups(shownActive, result, 'active')}
</div>
<p data-empty-for="findings" class="muted"${active.length > 0 ? ' hidden' : ''}>${active.length === 0 ? 'No findings.' : 'No finding matches the filters.'}</p>
</section>

<section id="suppressed-section" class="suppressed">
<h2>Suppressed findings</h2>
<p class="muted">Kept and shown here, with who suppressed them and why. They do not count as findings.</p>
${cut(suppressed.length, shownSuppressed.length, 'suppressed finding', 'truncated-suppressed')}
<div id="suppressed">
${groups(shownSuppressed, result, 'suppressed')}
</div>
<p data-empty-for="suppressed" class="muted"${suppressed.length > 0 ? ' hidden' : ''}>No suppressed finding${suppressed.length > 0 ? ' matches the filters' : ''}.</p>
</section>
${loadErrors(result)}
</main>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`);
}

/** Profile, as-of date, inputs and version: what a reader needs to know the page answers their question. */
function runFacts(result: RunResult, ctx: ReportContext): string {
  const st = ctx.settings;
  const s = result.summary;
  const facts: string[] = [`${esc(ctx.tool.name)} <b>${esc(ctx.tool.version)}</b>`];
  if (st?.profile) facts.push(`profile <b>${esc(st.profile)}</b>`);
  if (st?.asOf) facts.push(`as of <b>${esc(st.asOf)}</b>`);
  if (st?.failOn) facts.push(`fails on <b>${esc(st.failOn)}</b>`);
  const inputs = st?.inputs?.length ? `<br>inputs: ${st.inputs.map((i) => `<code>${esc(i)}</code>`).join(' ')}` : '';
  return `<p class="muted" id="run-facts">${facts.join(' · ')} · ${plural(s.files, 'file')}, ${plural(s.stacks, 'stack')}, ${plural(s.resources, 'resource')} scanned${inputs}</p>`;
}

/** The ranked fixes: the first three as cards, the rest in a list. */
function fixFirst(result: RunResult): string {
  const items = rankFixes(result.findings);
  const titles = new Map(result.rules.map((r) => [r.id, r.title]));
  const head = `<section id="fix-first"><h2>Fix first</h2><p class="muted" id="ranking-rule">${esc(RANKING_RULE)}</p>`;
  if (items.length === 0) return `${head}<p>Nothing to fix: no unsuppressed finding.</p></section>`;
  const card = (item: FixItem, i: number) => {
    const shown = item.resources.slice(0, 6);
    const more = item.resources.length - shown.length;
    const word = item.severity === 'note' ? 'advice' : item.severity;
    return `<li class="fix-item sev-${item.severity}" data-rule="${esc(item.ruleId)}"><div><span class="rank">${i + 1}</span> <span class="badge ${item.severity}">${word}</span>${item.exposure ? ` <span class="badge exposure">${esc(item.exposure)}</span>` : ''}${item.known ? ' <span class="badge suppressed">baseline</span>' : ''} <a href="${esc(ruleHelpUri(item.ruleId))}" rel="noopener noreferrer">${esc(item.ruleId)}</a> <span class="muted">${esc(titles.get(item.ruleId) ?? '')}</span></div>
<p class="clears">Clears ${plural(item.findings.length, 'finding')} on ${plural(item.resources.length, 'resource')}: ${shown.map((r) => `<code>${esc(r)}</code>`).join(', ')}${more > 0 ? ` and ${more} more` : ''}</p>
<p class="fix"><b>Fix:</b> ${richText(item.fix)}</p></li>`;
  };
  const top = items.slice(0, TOP_FIXES);
  const rest = items.slice(TOP_FIXES);
  const restList =
    rest.length > 0
      ? `<details id="more-fixes"><summary>${plural(rest.length, 'more fix', 'more fixes')}, ranked</summary><ol class="fixes" start="${TOP_FIXES + 1}">${rest.map((item, i) => card(item, i + TOP_FIXES)).join('\n')}</ol></details>`
      : '';
  return `${head}<ol class="fixes top" id="top-fixes">${top.map(card).join('\n')}</ol>${restList}</section>`;
}

/** A note that a list was cut, with how many were left out. */
function cut(total: number, shown: number, word: string, id: string): string {
  if (total <= shown) return '';
  return `<p class="truncated" id="${id}">Showing the first ${shown} of ${plural(total, word)}: ${total - shown} more are left out of this page to keep it usable. Every finding is in the JSON and SARIF outputs.</p>`;
}

function tile(id: string, n: number, label: string): string {
  return `<div class="tile" id="total-${id}"><b>${n}</b>${esc(label)}</div>`;
}

function controlRow(c: ControlStatus): string {
  return `<tr data-control="${c.control}"><td><b>${c.control}</b> ${esc(c.title)}</td><td>${controlBadge(c, false)}</td><td class="n">${c.rules}</td><td class="n">${c.passed}</td><td class="n">${c.failed}</td><td class="n">${c.suppressedChecks}</td><td class="n">${c.findings}</td></tr>`;
}

function controlBadge(c: ControlStatus, withId = true): string {
  const word = statusWord(c);
  return `<span class="pill status-${c.advice ? 'advice' : c.status}" title="${esc(`${c.control}: ${word}`)}">${withId ? `${c.control} ` : ''}${word}</span>`;
}

/** A horizontal stacked bar per control: its unsuppressed findings by severity, and its suppressed ones. */
function chart(statuses: readonly ControlStatus[]): string {
  const rowHeight = 22;
  const labelWidth = 60;
  const barWidth = 520;
  const max = Math.max(1, ...statuses.map((c) => c.findings + c.suppressed));
  const rows = statuses.map((c, i) => {
    const y = i * rowHeight;
    const parts: string[] = [];
    let x = labelWidth;
    for (const [n, colour, label] of [
      [c.bySeverity.error, 'var(--error)', 'error'],
      [c.bySeverity.warning, 'var(--warning)', 'warning'],
      [c.bySeverity.note, 'var(--note)', 'note'],
      [c.suppressed, 'var(--supp)', 'suppressed'],
    ] as const) {
      if (n === 0) continue;
      const w = (n / max) * barWidth;
      parts.push(
        `<rect x="${round(x)}" y="${y + 3}" width="${round(w)}" height="${rowHeight - 6}" fill="${colour}" data-severity="${label}"><title>${c.control}: ${plural(n, label)}</title></rect>`,
      );
      x += w;
    }
    const counts = (['error', 'warning', 'note'] as const)
      .filter((sev) => c.bySeverity[sev] > 0)
      .map((sev) => plural(c.bySeverity[sev], sev));
    if (c.suppressed > 0) counts.push(`${c.suppressed} suppressed`);
    const text =
      c.status === 'unchecked' ? 'not checked' : counts.length === 0 ? 'pass' : `${counts.join(', ')}${c.advice ? ' (advice)' : ''}`;
    return `<g data-control="${c.control}"><text x="0" y="${y + 15}">${c.control}</text>${parts.join('')}<text x="${round(x + 6)}" y="${y + 15}">${text}</text></g>`;
  });
  const height = statuses.length * rowHeight;
  const width = labelWidth + barWidth + 240;
  return `<svg id="chart" role="img" aria-label="Findings per control by severity" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">${rows.join('')}</svg>`;
}

/** Findings grouped by stack (or template), then by resource: one closed entry per resource, one excerpt. */
function groups(findings: readonly Finding[], result: RunResult, kind: 'active' | 'suppressed'): string {
  const byStack = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    let stack = byStack.get(suiteOf(f));
    if (!stack) byStack.set(suiteOf(f), (stack = new Map()));
    const key = f.logicalId ?? '';
    let list = stack.get(key);
    if (!list) stack.set(key, (list = []));
    list.push(f);
  }
  const templateOfStack = new Map<string, string>();
  for (const c of result.checks ?? []) if (c.stack !== null && !templateOfStack.has(c.stack)) templateOfStack.set(c.stack, c.file);
  const out: string[] = [];
  for (const [stack, resources] of byStack) {
    const first = [...resources.values()][0]![0]!;
    const template = (first.stack ? templateOfStack.get(first.stack) : undefined) ?? templateFileOf(resources);
    const file = first.stack ? ` <span class="muted">${esc(template)}</span>` : '';
    out.push(
      `<section class="stack" data-group data-stack="${esc(stack)}"><h3>${first.stack ? 'Stack' : 'Template'} ${esc(stack)}${file}</h3>`,
    );
    for (const [logicalId, list] of resources) {
      const f0 = list[0]!;
      const name = logicalId
        ? `<b>${esc(logicalId)}</b> <span class="muted">${esc(f0.resourceType ?? '')}</span>${f0.constructPath ? ` <code class="muted">${esc(f0.constructPath)}</code>` : ''}`
        : '<b>Stack settings</b>';
      const counts = (['error', 'warning', 'note'] as const)
        .map((sev) => [sev, list.filter((f) => f.severity === sev).length] as const)
        .filter(([, n]) => n > 0)
        .map(([sev, n]) => `<span class="badge ${kind === 'suppressed' ? 'suppressed' : sev}">${plural(n, sev)}</span>`)
        .join(' ');
      out.push(`<details class="resource" data-group data-resource="${esc(logicalId)}"><summary>${name} ${counts}</summary>`);
      out.push(resourceExcerpt(list, linesOf(result, f0.file)));
      for (const f of list) out.push(findingBlock(f, kind, stack));
      out.push('</details>');
    }
    out.push('</section>');
  }
  return out.join('\n');
}

function findingBlock(f: Finding, kind: 'active' | 'suppressed', stack: string): string {
  const badge = `<span class="badge ${f.severity}">${f.severity}</span>`;
  const supp = f.suppressed ? suppressionLine(f.suppressed) : '';
  const known = f.baseline ? ' <span class="badge suppressed" title="known in the baseline: does not fail the run">baseline</span>' : '';
  const suggestion = f.suggestion
    ? `<details class="suggestion"><summary>Suggested replacement</summary><button type="button" class="copy">Copy</button><pre class="policy">${esc(pretty(f.suggestion))}</pre></details>`
    : '';
  return [
    `<div class="finding sev-${f.severity}" data-finding="${kind}" data-severity="${f.severity}" data-controls="${esc(f.controls.join(' '))}" data-stack="${esc(stack)}" data-rule="${esc(f.ruleId)}">`,
    `<div>${badge}${known} <a href="${esc(ruleHelpUri(f.ruleId))}" rel="noopener noreferrer">${esc(f.ruleId)}</a> <span class="muted">${esc(f.controls.join(', '))}</span> <code class="muted where">${esc(locationOf(f))}</code> <code class="muted">${esc(f.pointer || '/')}</code></div>`,
    `<p class="message">${richText(f.message)}</p>`,
    supp,
    `<p class="fix"><b>Fix:</b> ${richText(f.fix)}</p>`,
    relatedList(f),
    cdkLine(f) + suggestion,
    '</div>',
  ].join('\n');
}

/** Other rules' findings about the same problem, as a list under the fix, or nothing. */
function relatedList(f: Finding): string {
  if (!f.related) return '';
  const items = f.related.map(
    (r) =>
      `<li><a href="${esc(ruleHelpUri(r.ruleId))}" rel="noopener noreferrer">${esc(r.ruleId)}</a> <code class="muted">${esc(locationOf(r))}</code>: ${richText(r.message)}</li>`,
  );
  return `<ul class="related" aria-label="Related findings">${items.join('')}</ul>`;
}

/** A suggested policy, indented for reading; as given when it is not JSON. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The CDK source line and the framework origin of a finding, as one line (with its newline), or nothing. */
function cdkLine(f: Finding): string {
  if (!f.source && !f.origin) return '';
  const source = f.source
    ? `Source: <code>${esc(`${f.source.file}:${f.source.line}${f.source.column ? `:${f.source.column}` : ''}`)}</code> `
    : '';
  const origin = f.origin ? `Made by aws-cdk-lib (${esc(f.origin.construct)}): ${richText(f.origin.fix)}` : '';
  return `<p class="muted">${source}${origin}</p>\n`;
}

/** Who suppressed a finding, where, why, and until when. */
function suppressionLine(s: SuppressionInfo): string {
  const facts = [
    s.kind,
    s.source,
    ...(s.id !== undefined ? [`id ${s.id}`] : []),
    ...(s.location ? [`${s.location.file}:${s.location.line}:${s.location.column}`] : []),
  ];
  const until = s.expires !== undefined ? ` (until ${s.expires})` : '';
  return `<p class="justification"><span class="badge suppressed">suppressed</span> ${esc(facts.join(' · '))}${esc(until)}: ${esc(s.justification)}</p>`;
}

/**
 * The template lines of a resource's findings, once: from the first finding's start to the last one's end (at
 * most MAX_EXCERPT_LINES), with context around, and each finding's lines marked.
 */
function resourceExcerpt(findings: readonly Finding[], lines: readonly string[] | undefined): string {
  if (lines === undefined || findings.length === 0) return '';
  const hits: [number, number][] = findings.map((f) => {
    const start = f.range.start.line;
    // A range ending at column 1 ends with the line break before it.
    const end = Math.max(start, f.range.end.column === 1 ? f.range.end.line - 1 : f.range.end.line);
    return [start, Math.min(end, start + MAX_HIT_LINES - 1)];
  });
  let first = Number.POSITIVE_INFINITY;
  let lastHit = 0;
  for (const [a, b] of hits) {
    first = Math.min(first, a);
    lastHit = Math.max(lastHit, b);
  }
  const last = Math.min(lastHit, first + MAX_EXCERPT_LINES - 1);
  const from = Math.max(1, first - CONTEXT_LINES);
  const to = Math.min(lines.length, last + CONTEXT_LINES);
  const marked = new Set<number>();
  for (const [a, b] of hits) for (let n = Math.max(a, from); n <= Math.min(b, to); n++) marked.add(n);
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const raw = lines[n - 1] ?? '';
    const line = raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw;
    out.push(`<span${marked.has(n) ? ' class="hit"' : ''}><i>${n}</i>${esc(line)}</span>`);
  }
  if (lastHit > last) out.push(`<span class="hit"><i>…</i>${plural(lastHit - last, 'more line')}</span>`);
  const file = findings[0]!.file;
  return `<pre class="excerpt" aria-label="${esc(`${file} lines ${from} to ${to}`)}">${out.join('')}</pre>`;
}

/** A source file's lines, split once per run however many findings it has. */
const splitSources = new WeakMap<Record<string, string>, Map<string, string[]>>();
function linesOf(result: RunResult, file: string): string[] | undefined {
  const sources = result.sources;
  const text = sources?.[file];
  if (sources === undefined || text === undefined) return undefined;
  let cache = splitSources.get(sources);
  if (!cache) splitSources.set(sources, (cache = new Map()));
  let lines = cache.get(file);
  // Lines end at \n, as the loader counts them; a \r before it is part of the break.
  if (!lines) cache.set(file, (lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))));
  return lines;
}

function loadErrors(result: RunResult): string {
  if (result.errors.length === 0) return '';
  const rows = result.errors.map(
    (e) => `<tr><td><code>${esc(`${e.file}:${e.line}:${e.column}`)}</code></td><td>${esc(e.code)}</td><td>${esc(e.message)}</td></tr>`,
  );
  return `<section id="errors"><h2>Inputs that could not be loaded</h2><table><thead><tr><th>Where</th><th>Code</th><th>Problem</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function templateFileOf(resources: Map<string, Finding[]>): string {
  const files = [...resources.values()].flat().map((f) => f.file);
  return files.find((file) => !file.endsWith('manifest.json')) ?? files[0] ?? '';
}

function suiteOf(f: Finding): string {
  return f.stack ?? f.file;
}

/** Rule text with its `` `code` `` spans as `<code>`; every part escaped. */
function richText(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part.slice(1, -1))}</code>` : esc(part)))
    .join('');
}

/** Escapes text for HTML content and quoted attribute values. */
export function esc(text: string): string {
  return keepLines(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
