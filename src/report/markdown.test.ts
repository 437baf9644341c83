import { describe, expect, it } from 'vitest';
import { CONTROL_IDS } from '../model/types.js';
import { exampleResult, GOLDEN_CTX } from '../../test/support/examples.js';
import { hostileResult } from '../../test/support/hostile.js';
import { codeSpan, escapeMarkdown, formatMarkdown, MAX_COMMENT_CHARS, proseToMarkdown, TOP_FINDINGS } from './markdown.js';

/** The cells of a GFM table row, honouring `\|`. */
const cells = (row: string) =>
  row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('Markdown summary', () => {
  const result = exampleResult('cdk');
  const md = formatMarkdown(result, GOLDEN_CTX);
  const summaries = (text: string) =>
    text.split('\n').filter((l) => l.startsWith('<details><summary>') && /^<details><summary>(🔴|🟠|🔵)/.test(l));

  it('lists all twelve controls with their status and findings by severity', () => {
    const rows = md.split('\n').filter((l) => /^\| \*\*[A-Z0-9-]+\*\*/.test(l));
    expect(rows.map((r) => /\*\*([A-Z0-9-]+)\*\*/.exec(r)![1])).toEqual(CONTROL_IDS);
    const cfn = cells(rows.find((r) => r.includes('**CFN-1**'))!);
    expect(cfn.slice(1)).toEqual(['❌ fail', '2 errors']);
    // Notes only: advice, not a failure.
    expect(cells(rows.find((r) => r.includes('**S3-3**'))!).slice(1)).toEqual(['💡 advice', '2 notes']);
    // A control that no rule of the run checks (every control has a rule now: pin a run without S3-3's).
    const unchecked = formatMarkdown(exampleResult('cdk', ['cfn/termination-protection']), GOLDEN_CTX);
    const s33 = cells(unchecked.split('\n').find((r) => r.includes('**S3-3**'))!);
    expect(s33[1]).toBe('➖ not checked');
  });

  it("fits GitHub's comment column: at most three table columns, short cells, the detail folded", () => {
    for (const out of [md, formatMarkdown(exampleResult('templates'), GOLDEN_CTX), formatMarkdown(hostileResult().result, GOLDEN_CTX)]) {
      const rows = out.split('\n').filter((l) => l.startsWith('|'));
      expect(rows.length).toBeGreaterThan(12);
      for (const row of rows) {
        expect(cells(row).length, row).toBeLessThanOrEqual(3);
        // About 870 px hold some 110 characters of 14 px text: no cell forces the table wider than the column.
        if (!row.includes('Justification') && !/\(http/.test(row))
          for (const cell of cells(row)) expect(cell.length, cell).toBeLessThanOrEqual(110);
      }
      // Every finding's one-line summary stays short enough to read at a glance.
      for (const line of summaries(out)) expect(line.replace(/<[^>]+>/g, '').length).toBeLessThanOrEqual(230);
    }
  });

  it('shows each finding by severity with file:line, construct path, fix and a link to its rule', () => {
    expect(md).toContain(`❌ ${result.summary.findings} findings`);
    expect(summaries(md)).toHaveLength(result.findings.length);
    const severities = summaries(md).map((r) => r.slice('<details><summary>'.length, '<details><summary>'.length + 2));
    expect(severities).toEqual([...severities].sort((a, b) => order(a) - order(b)));
    for (const f of result.findings) {
      expect(md).toContain(`- **Where:** \`${f.file}:${f.range.start.line}:${f.range.start.column}\``);
      expect(md).toContain(`- **Construct:** \`${f.constructPath}\``);
      expect(md).toContain(`docs/rules.md#${f.ruleId.replace('/', '-')})`);
    }
    expect(md.split('- **Fix:**').length - 1).toBe(result.findings.length);
    // What exposes something comes first among the errors: the wildcard statement, which carries the role's
    // escalation as related information (one problem, one finding), then the open port.
    expect(summaries(md)[0]).toContain('iam/no-wildcard-actions');
    expect(summaries(md)[1]).toContain('ec2/no-open-ingress');
    expect(md).toContain('- **Related:** [iam/principal-least-privilege](');
  });

  it('shows the CDK source line when the finding has one', () => {
    const f = { ...result.findings[0]!, source: { file: 'lib/data-stack.ts', line: 42, column: 5 } };
    expect(formatMarkdown({ ...result, findings: [f] }, GOLDEN_CTX)).toContain('- **Source:** `lib/data-stack.ts:42:5`');
  });

  it(`details at most ${TOP_FINDINGS} findings and counts the rest`, () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...result.findings[0]!, message: `finding ${i}` }));
    const out = formatMarkdown({ ...result, findings: many }, GOLDEN_CTX);
    expect(summaries(out)).toHaveLength(TOP_FINDINGS);
    expect(out).toContain('…and 10 more findings');
  });

  it(`stays under GitHub's 65,536 characters, whatever the input`, () => {
    const long = 'x'.repeat(5000);
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ...result.findings[0]!,
      message: `${long} ${i}`,
      fix: long,
      constructPath: long,
    }));
    const out = formatMarkdown({ ...result, findings: many }, GOLDEN_CTX);
    expect(out.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(out).toMatch(/…and \d+ more findings/);
    expect(summaries(out).length).toBeGreaterThan(0);
  });

  it('escapes everything a template controls and counts suppressed findings', () => {
    const { result: hostile } = hostileResult();
    const out = formatMarkdown(hostile, GOLDEN_CTX);
    expect(out).not.toMatch(/<(script|img|svg)/i);
    expect(out).toContain('1 finding suppressed');
    expect(out).toMatch(/\*\*IAM-1\*\*.*\| ✅ pass, 1 suppressed \| – \|/);
    expect(out).toContain('&lt;img src=x onerror="window.\\_\\_pwned=2"&gt;');
    const suppressedRow = out.split('\n').find((l) => l.includes('not \\| a'))!;
    expect(cells(suppressedRow)).toHaveLength(2);
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

function order(mark: string): number {
  return mark === '🔴' ? 0 : mark === '🟠' ? 1 : 2;
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
    // New in this change first, the known ones after.
    const fresh = some.indexOf('### New in this change (');
    const known = some.indexOf('### Known in the baseline (2)');
    expect(fresh).toBeGreaterThan(0);
    expect(known).toBeGreaterThan(fresh);
    expect(some.slice(known).split('<details><summary>').length - 1).toBe(2);
  });
});
