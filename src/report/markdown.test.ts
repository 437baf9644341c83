import { describe, expect, it } from 'vitest';
import { CONTROL_IDS } from '../model/types.js';
import { exampleResult, GOLDEN_CTX } from '../../test/support/examples.js';
import { hostileResult } from '../../test/support/hostile.js';
import { codeSpan, escapeMarkdown, formatMarkdown, proseToMarkdown, TOP_FINDINGS } from './markdown.js';

/** The cells of a GFM table row, honouring `\|`. */
const cells = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('Markdown summary', () => {
  const result = exampleResult('cdk');
  const md = formatMarkdown(result, GOLDEN_CTX);

  it('lists all twelve controls with pass/fail and counts', () => {
    const rows = md.split('\n').filter((l) => /^\| \*\*[A-Z0-9-]+\*\*/.test(l));
    expect(rows.map((r) => /\*\*([A-Z0-9-]+)\*\*/.exec(r)![1])).toEqual(CONTROL_IDS);
    const cfn = cells(rows.find((r) => r.includes('**CFN-1**'))!);
    expect(cfn.slice(1)).toEqual(['❌ fail', '0', '2', '2', '0']);
    // A control that no rule of the run checks (every control has a rule now: pin a run without S3-3's).
    const unchecked = formatMarkdown(exampleResult('cdk', ['cfn/termination-protection']), GOLDEN_CTX);
    const s33 = cells(unchecked.split('\n').find((r) => r.includes('**S3-3**'))!);
    expect(s33[1]).toBe('➖ not checked');
  });

  it('shows the top findings by severity with file:line, and the totals', () => {
    expect(md).toContain(`❌ ${result.summary.findings} findings`);
    const findingRows = md.split('\n').filter((l) => /^\| (🔴|🟠|🔵)/.test(l));
    expect(findingRows).toHaveLength(result.findings.length);
    const severities = findingRows.map((r) => cells(r)[0]);
    expect(severities).toEqual([...severities].sort((a, b) => order(a!) - order(b!)));
    for (const f of result.findings) expect(md).toContain(`\`${f.file}:${f.range.start.line}:${f.range.start.column}\``);
  });

  it(`lists at most ${TOP_FINDINGS} findings and counts the rest`, () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...result.findings[0]!, message: `finding ${i}` }));
    const out = formatMarkdown({ ...result, findings: many }, GOLDEN_CTX);
    expect(out.split('\n').filter((l) => /^\| (🔴|🟠|🔵)/.test(l))).toHaveLength(TOP_FINDINGS);
    expect(out).toContain('…and 10 more findings');
  });

  it('escapes everything a template controls and counts suppressed findings', () => {
    const { result: hostile } = hostileResult();
    const out = formatMarkdown(hostile, GOLDEN_CTX);
    expect(out).not.toMatch(/<(script|img|svg)/i);
    expect(out).toContain('1 finding suppressed');
    expect(out).toMatch(/\*\*IAM-1\*\*.*\| ✅ pass, 1 suppressed \| 0 \| 0 \| 0 \| 1 \|/);
    expect(out).toContain('&lt;img src=x onerror="window.\\_\\_pwned=2"&gt;');
    const suppressedRow = out.split('\n').find((l) => l.includes('not \\| a'))!;
    expect(cells(suppressedRow)).toHaveLength(4);
    expect(out).toContain('### Inputs that could not be loaded');
  });
});

describe('Markdown escaping', () => {
  it('neutralizes markup, links, tables and mentions', () => {
    expect(escapeMarkdown('a *b* [c](d) <i> | @team\nnext')).toBe('a \\*b\\* \\[c\\]\\(d\\) &lt;i&gt; \\| @\u200Bteam next');
  });

  it('keeps code spans in rule text and fences backticks', () => {
    expect(proseToMarkdown('Run `a | b` then <x>')).toBe('Run `a \\| b` then &lt;x&gt;');
    expect(codeSpan('x`y')).toBe('``x`y``');
    expect(codeSpan('`x')).toBe('`` `x ``');
  });
});

function order(label: string): number {
  return label.includes('error') ? 0 : label.includes('warning') ? 1 : 2;
}

describe('Markdown summary with a baseline', () => {
  it('judges only new findings and marks the known ones', async () => {
    const { createBaseline } = await import('../engine/baseline.js');
    // Pinned to rules whose findings fit in the top-findings table, so the known ones (listed last) are shown.
    const pinned = ['s3/block-public-access', 'cfn/termination-protection', 'iam/no-managed-policies', 'ec2/no-open-ingress'];
    const result = exampleResult('templates', pinned);
    expect(result.findings.length).toBeLessThanOrEqual(TOP_FINDINGS);
    const all = formatMarkdown(exampleResult('templates', pinned, createBaseline(result.findings)), GOLDEN_CTX);
    expect(all).toMatch(/^## stackwarden: ✅ no new findings/);
    expect(all).toContain(`${result.findings.length} findings known in the baseline.`);
    const half = result.findings.slice(0, 2);
    const some = formatMarkdown(exampleResult('templates', pinned, createBaseline(half)), GOLDEN_CTX);
    expect(some).toMatch(new RegExp(`^## stackwarden: ❌ ${result.findings.length - 2} new findings`));
    const rows = some.split('\n').filter((l) => /^\| (🔴|🟠|🔵)/.test(l));
    expect(rows.slice(-2).every((r) => r.includes('(baseline)'))).toBe(true);
  });
});
