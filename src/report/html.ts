import type { RunResult } from '../engine/run.js';
import type { Finding, SuppressionInfo } from '../model/types.js';
import { CONTROL_IDS } from '../model/types.js';
import { ruleHelpUri } from './anchor.js';
import type { ReportContext } from './context.js';
import { guardLines, keepLines } from './plain.js';
import { REPORT_CSP, REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { controlStatuses, countActive, locationOf, statusWord, type ControlStatus } from './outcomes.js';
import { AWS_RESPONSIBILITIES, CUSTOMER_RESPONSIBILITIES } from './responsibility.js';

/** Lines of context shown around a finding, and the most lines of the finding itself. */
const CONTEXT_LINES = 3;
const MAX_HIT_LINES = 12;
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
<p class="muted">${esc(`${ctx.tool.name} ${ctx.tool.version}`)} · ${plural(s.files, 'file')}, ${plural(s.stacks, 'stack')}, ${plural(s.resources, 'resource')} scanned</p>
<div class="tiles" id="totals">
${tile('findings', active.length, 'findings')}${tile('errors', countActive(result.findings, 'error'), 'errors')}${tile('warnings', countActive(result.findings, 'warning'), 'warnings')}${tile('notes', countActive(result.findings, 'note'), 'notes')}${tile('suppressed', suppressed.length, 'suppressed')}${s.baseline !== undefined ? tile('baseline', s.baseline, 'in baseline') : ''}${tile('load-errors', result.errors.length, 'inputs not loaded')}
</div>
</header>

<section id="controls">
<h2>Controls of the guidance</h2>
<p class="muted">Each rule checks each resource (or stack) it applies to. A check fails when it has an unsuppressed finding.</p>
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
<h2>Findings</h2>
<div class="filters" role="search">
<label>Severity <select id="filter-severity"><option value="">all</option>${['error', 'warning', 'note'].map((v) => `<option value="${v}">${v}</option>`).join('')}</select></label>
<label>Control <select id="filter-control"><option value="">all</option>${CONTROL_IDS.map((c) => `<option value="${c}">${c}</option>`).join('')}</select></label>
<label>Stack <select id="filter-stack"><option value="">all</option>${stacks.map((st) => `<option value="${esc(st)}">${esc(st)}</option>`).join('')}</select></label>
<button type="button" id="filter-reset">Reset</button>
<output id="filter-count">${plural(active.length, 'finding')}</output>
</div>
<div id="findings">
${groups(active, result, 'active')}
</div>
<p data-empty-for="findings" class="muted"${active.length > 0 ? ' hidden' : ''}>${active.length === 0 ? 'No findings.' : 'No finding matches the filters.'}</p>
</section>

<section id="suppressed-section" class="suppressed">
<h2>Suppressed findings</h2>
<p class="muted">Kept and shown here, with who suppressed them and why. They do not count as findings.</p>
<div id="suppressed">
${groups(suppressed, result, 'suppressed')}
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

function tile(id: string, n: number, label: string): string {
  return `<div class="tile" id="total-${id}"><b>${n}</b>${esc(label)}</div>`;
}

function controlRow(c: ControlStatus): string {
  return `<tr data-control="${c.control}"><td><b>${c.control}</b> ${esc(c.title)}</td><td>${controlBadge(c, false)}</td><td class="n">${c.rules}</td><td class="n">${c.passed}</td><td class="n">${c.failed}</td><td class="n">${c.suppressedChecks}</td><td class="n">${c.findings}</td></tr>`;
}

function controlBadge(c: ControlStatus, withId = true): string {
  const word = statusWord(c);
  return `<span class="pill status-${c.status}" title="${esc(`${c.control}: ${word}`)}">${withId ? `${c.control} ` : ''}${word}</span>`;
}

/** A horizontal stacked bar per control: checks passed, failed, and failed with every finding suppressed. */
function chart(statuses: readonly ControlStatus[]): string {
  const rowHeight = 22;
  const labelWidth = 60;
  const barWidth = 520;
  const max = Math.max(1, ...statuses.map((c) => c.passed + c.failed + c.suppressedChecks));
  const rows = statuses.map((c, i) => {
    const y = i * rowHeight;
    const parts: string[] = [];
    let x = labelWidth;
    for (const [n, colour, label] of [
      [c.passed, 'var(--pass)', 'passed'],
      [c.failed, 'var(--fail)', 'failed'],
      [c.suppressedChecks, 'var(--supp)', 'suppressed'],
    ] as const) {
      if (n === 0) continue;
      const w = (n / max) * barWidth;
      parts.push(
        `<rect x="${round(x)}" y="${y + 3}" width="${round(w)}" height="${rowHeight - 6}" fill="${colour}"><title>${c.control}: ${n} ${label}</title></rect>`,
      );
      x += w;
    }
    const text =
      c.status === 'unchecked'
        ? 'not checked'
        : `${c.passed} passed, ${c.failed} failed${c.suppressedChecks ? `, ${c.suppressedChecks} suppressed` : ''}`;
    return `<g data-control="${c.control}"><text x="0" y="${y + 15}">${c.control}</text>${parts.join('')}<text x="${round(x + 6)}" y="${y + 15}">${text}</text></g>`;
  });
  const height = statuses.length * rowHeight;
  const width = labelWidth + barWidth + 220;
  return `<svg id="chart" role="img" aria-label="Checks passed and failed per control" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">${rows.join('')}</svg>`;
}

/** Findings grouped by stack (or template), then by resource. */
function groups(findings: readonly Finding[], result: RunResult, kind: 'active' | 'suppressed'): string {
  const byStack = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const stack = byStack.get(suiteOf(f)) ?? new Map<string, Finding[]>();
    byStack.set(suiteOf(f), stack);
    const key = f.logicalId ?? '';
    stack.set(key, [...(stack.get(key) ?? []), f]);
  }
  const out: string[] = [];
  for (const [stack, resources] of byStack) {
    const first = [...resources.values()][0]![0]!;
    const template = result.checks?.find((c) => c.stack !== null && c.stack === first.stack)?.file ?? templateFileOf(resources);
    const file = first.stack ? ` <span class="muted">${esc(template)}</span>` : '';
    out.push(
      `<section class="stack" data-group data-stack="${esc(stack)}"><h3>${first.stack ? 'Stack' : 'Template'} ${esc(stack)}${file}</h3>`,
    );
    for (const [logicalId, list] of resources) {
      const f0 = list[0]!;
      const heading = logicalId
        ? `<h4>${esc(logicalId)} <span class="muted">${esc(f0.resourceType ?? '')}</span>${f0.constructPath ? ` <code class="muted">${esc(f0.constructPath)}</code>` : ''}</h4>`
        : `<h4>Stack settings</h4>`;
      out.push(`<article class="resource" data-group>${heading}`);
      for (const f of list) out.push(findingBlock(f, result, kind, stack));
      out.push('</article>');
    }
    out.push('</section>');
  }
  return out.join('\n');
}

function findingBlock(f: Finding, result: RunResult, kind: 'active' | 'suppressed', stack: string): string {
  const badge = `<span class="badge ${f.severity}">${f.severity}</span>`;
  const supp = f.suppressed ? suppressionLine(f.suppressed) : '';
  const known = f.baseline ? ' <span class="badge suppressed" title="known in the baseline: does not fail the run">baseline</span>' : '';
  const suggestion = f.suggestion
    ? `<details class="suggestion"><summary>Suggested replacement</summary><pre>${esc(f.suggestion)}</pre></details>`
    : '';
  return [
    `<div class="finding sev-${f.severity}" data-finding="${kind}" data-severity="${f.severity}" data-controls="${esc(f.controls.join(' '))}" data-stack="${esc(stack)}" data-rule="${esc(f.ruleId)}">`,
    `<div>${badge}${known} <a href="${esc(ruleHelpUri(f.ruleId))}" rel="noopener noreferrer">${esc(f.ruleId)}</a> <span class="muted">${esc(f.controls.join(', '))}</span></div>`,
    `<p class="message">${richText(f.message)}</p>`,
    supp,
    `<div class="where muted"><code>${esc(locationOf(f))}</code> <code>${esc(f.pointer || '/')}</code></div>`,
    excerpt(f, linesOf(result, f.file)),
    `<p class="fix"><b>Fix:</b> ${richText(f.fix)}</p>`,
    cdkLine(f) + suggestion,
    '</div>',
  ].join('\n');
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

/** The template lines around a finding, with line numbers; the finding's own lines are marked. */
function excerpt(f: Finding, lines: readonly string[] | undefined): string {
  if (lines === undefined) return '';
  const hitStart = f.range.start.line;
  // A range ending at column 1 ends with the line break before it.
  const hitEnd = Math.max(hitStart, f.range.end.column === 1 ? f.range.end.line - 1 : f.range.end.line);
  const shownHitEnd = Math.min(hitEnd, hitStart + MAX_HIT_LINES - 1);
  const from = Math.max(1, hitStart - CONTEXT_LINES);
  const to = Math.min(lines.length, shownHitEnd + CONTEXT_LINES);
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const raw = lines[n - 1] ?? '';
    const line = raw.length > MAX_LINE_CHARS ? `${raw.slice(0, MAX_LINE_CHARS)}…` : raw;
    const hit = n >= hitStart && n <= shownHitEnd;
    out.push(`<span${hit ? ' class="hit"' : ''}><i>${n}</i>${esc(line)}</span>`);
    if (n === shownHitEnd && hitEnd > shownHitEnd) {
      // Lines after the cut would still be the finding's own: end the excerpt here.
      out.push(`<span class="hit"><i>…</i>${plural(hitEnd - shownHitEnd, 'more line')}</span>`);
      break;
    }
  }
  return `<pre class="excerpt" aria-label="${esc(`${f.file} lines ${from} to ${to}`)}">${out.join('')}</pre>`;
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
