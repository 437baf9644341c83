import { describe, expect, it } from 'vitest';
import { RULE_ERROR_ID } from '../engine/run.js';
import { exampleResult, GOLDEN_CTX } from '../../test/support/examples.js';
import { HOSTILE_FILE, hostileResult, PAYLOADS } from '../../test/support/hostile.js';
import { parseXml, type XmlElement } from '../../test/support/xml.js';
import { formatJunit, INPUTS_SUITE } from './junit.js';
import { escapeXml, escapeXmlAttr } from './xml.js';

const kinds = ['failure', 'error', 'skipped'] as const;
const kindOf = (testcase: XmlElement) => kinds.find((k) => testcase.children.some((c) => c.name === k)) ?? 'pass';

/** The counts a suite (or the root) declares must be the counts of what it holds. */
function expectConsistentCounts(el: XmlElement, cases: XmlElement[]): void {
  expect(Number(el.attributes['tests'])).toBe(cases.length);
  expect(Number(el.attributes['failures'])).toBe(cases.filter((c) => kindOf(c) === 'failure').length);
  expect(Number(el.attributes['errors'])).toBe(cases.filter((c) => kindOf(c) === 'error').length);
  expect(Number(el.attributes['skipped'])).toBe(cases.filter((c) => kindOf(c) === 'skipped').length);
}

describe('JUnit XML', () => {
  it('has one suite per stack and one case per rule × checked resource, with counts that add up', () => {
    const result = exampleResult('cdk');
    const root = parseXml(formatJunit(result, GOLDEN_CTX));
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => s.attributes['name'])).toEqual(['PrototypeDataStack', 'PrototypeStack']);
    const all = root.children.flatMap((s) => s.children);
    expect(all).toHaveLength(result.checks!.length);
    expectConsistentCounts(root, all);
    for (const suite of root.children) expectConsistentCounts(suite, suite.children);
    // Every finding of the example is in a failure, with its file:line:column.
    const failures = all.flatMap((c) => c.children.filter((x) => x.name === 'failure'));
    for (const f of result.findings)
      expect(
        failures.some((x) => x.text.includes(`${f.file}:${f.range.start.line}:${f.range.start.column}`) && x.text.includes(f.message)),
      ).toBe(true);
  });

  it('passes a check without findings', () => {
    const result = exampleResult('cdk');
    const bucket = result.findings.find((f) => f.ruleId === 's3/block-public-access')!;
    const root = parseXml(formatJunit({ ...result, findings: result.findings.filter((f) => f !== bucket) }, GOLDEN_CTX));
    const cases = root.children.flatMap((s) => s.children);
    const passing = cases.find((c) => c.attributes['name'] === `s3/block-public-access ${bucket.logicalId}`)!;
    expect(kindOf(passing)).toBe('pass');
    expect(cases).toHaveLength(result.checks!.length);
  });

  it('escapes hostile names, skips suppressed checks with the justification, and lists load errors', () => {
    const { result } = hostileResult();
    const xml = formatJunit(result, GOLDEN_CTX);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<img');
    const root = parseXml(xml);
    const suites = root.children;
    expect(suites.map((s) => s.attributes['name'])).toEqual([`templates/${HOSTILE_FILE}`, INPUTS_SUITE]);
    expectConsistentCounts(
      root,
      suites.flatMap((s) => s.children),
    );
    const cases = suites[0]!.children;
    expect(cases.every((c) => c.attributes['file'] === `templates/${HOSTILE_FILE}`)).toBe(true);
    const skipped = cases.find((c) => kindOf(c) === 'skipped')!;
    expect(skipped.attributes['name']).toBe('iam/no-managed-policies Role');
    expect(skipped.children[0]!.attributes['message']).toContain(PAYLOADS.closeScript);
    const bucket = cases.find((c) => c.attributes['name']?.startsWith('s3/block-public-access'))!;
    expect(bucket.attributes['name']).toBe(`s3/block-public-access Bucket${PAYLOADS.img}`);
    const error = suites[1]!.children[0]!;
    expect(kindOf(error)).toBe('error');
    expect(error.children[0]!.attributes['type']).toBe('PARSE');
    expect(error.children[0]!.text).toContain('templates/broken.template.yaml:3:1');
  });

  it('turns a crashed rule into an error, not a failure', () => {
    const result = exampleResult('templates');
    const crash = { ...result.findings[0]!, ruleId: RULE_ERROR_ID, message: "Rule 'x' failed here: boom" };
    const root = parseXml(formatJunit({ ...result, findings: [...result.findings, crash] }, GOLDEN_CTX));
    expect(Number(root.attributes['errors'])).toBe(1);
    expectConsistentCounts(
      root,
      root.children.flatMap((s) => s.children),
    );
  });
});

describe('XML escaping', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    const nasty = `a<b>&"'\u0001\u0008\uFFFF\uD800z ]]> \uD83D\uDE00`;
    expect(escapeXml(nasty)).toBe('a&lt;b&gt;&amp;&quot;&apos;z ]]&gt; \uD83D\uDE00');
    expect(parseXml(`<a b="${escapeXmlAttr(`${nasty}\n\tx`)}">${escapeXml(nasty)}</a>`).attributes['b']).toBe(
      `a<b>&"'z ]]> \uD83D\uDE00\n\tx`,
    );
  });

  it('the well-formedness check rejects what is not XML (so these tests can fail)', () => {
    for (const bad of [
      '<a>',
      '<a></b>',
      '<a>x & y</a>',
      '<a b=c/>',
      '<a b="<"/>',
      '<a/><b/>',
      '<a>&nbsp;</a>',
      '<a b="1" b="2"/>',
      '<a>\u0001</a>',
    ])
      expect(() => parseXml(bad), bad).toThrow();
  });
});

describe('JUnit XML with a baseline', () => {
  it('skips checks whose findings the baseline knows, and fails the new ones', async () => {
    const { createBaseline } = await import('../engine/baseline.js');
    const result = exampleResult('cdk');
    const known = result.findings.filter((f) => f.ruleId === 's3/block-public-access');
    const root = parseXml(formatJunit(exampleResult('cdk', undefined, createBaseline(known)), GOLDEN_CTX));
    const cases = root.children.flatMap((s) => s.children);
    const bucketCases = cases.filter((c) => c.attributes['name']?.startsWith('s3/block-public-access '));
    expect(bucketCases.length).toBe(known.length);
    for (const c of bucketCases) {
      expect(kindOf(c)).toBe('skipped');
      expect(c.children[0]!.attributes['message']).toMatch(/^in baseline: /);
    }
    expect(cases.filter((c) => kindOf(c) === 'failure').length).toBeGreaterThan(0);
    expectConsistentCounts(root, cases);
  });
});
