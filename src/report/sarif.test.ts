import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { RULE_ERROR_ID, type RunResult } from '../engine/run.js';
import type { Finding } from '../model/types.js';
import { exampleResult, GOLDEN_CTX } from '../../test/support/examples.js';
import { HOSTILE_FILE, hostileResult, JUSTIFICATION } from '../../test/support/hostile.js';
import { createBaseline } from '../engine/baseline.js';
import { ruleAnchor, ruleHelpUri } from './anchor.js';
import { artifactUri, FINGERPRINT_KEY, formatSarif, MAX_RESULTS_PER_RUN } from './sarif.js';

const parse = (result: RunResult): Log => JSON.parse(formatSarif(result, GOLDEN_CTX)) as Log;

describe('SARIF for GitHub code scanning', () => {
  const result = exampleResult('cdk');
  const log = parse(result);
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules!;

  it('has one run with a descriptor for every rule that ran', () => {
    expect(log.runs).toHaveLength(1);
    expect(rules.map((r) => r.id)).toEqual(result.rules.map((r) => r.id));
  });

  it('gives each descriptor what GitHub requires and reads', () => {
    for (const [i, rule] of rules.entries()) {
      const source = result.rules[i]!;
      expect(rule.shortDescription?.text).toBe(source.title);
      expect(rule.fullDescription?.text).toBe(source.description);
      expect(rule.help?.text).toContain(source.fix);
      expect(rule.help?.markdown).toContain(`(${ruleHelpUri(source.id)})`);
      expect(rule.helpUri).toBe(`https://github.com/stackwarden/stackwarden/blob/main/docs/rules.md#${ruleAnchor(source.id)}`);
      expect(rule.defaultConfiguration?.level).toBe(source.severity);
      const tags = rule.properties?.tags ?? [];
      expect(tags).toEqual(['security', ...source.controls]);
      expect(tags.length).toBeLessThanOrEqual(20);
      const score = Number(rule.properties?.['security-severity']);
      expect(score).toBeGreaterThanOrEqual(0.1);
      expect(score).toBeLessThanOrEqual(10);
    }
  });

  it('turns every finding into a located, fingerprinted result pointing at its rule', () => {
    expect(run.results).toHaveLength(result.findings.length);
    run.results!.forEach((r: Result, i) => {
      const f = result.findings[i]!;
      expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(r.level).toBe(f.severity);
      expect(r.message.text).toBe(f.message);
      expect(r.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: f.fingerprint });
      expect(r.locations).toHaveLength(1);
      const physical = r.locations![0]!.physicalLocation!;
      expect(physical.artifactLocation).toEqual({ uri: f.file, uriBaseId: '%SRCROOT%' });
      expect(physical.region).toEqual({
        startLine: f.range.start.line,
        startColumn: f.range.start.column,
        endLine: f.range.end.line,
        endColumn: f.range.end.column,
      });
    });
  });

  it('names the construct path of CDK resources as a logical location', () => {
    const withPath = result.findings.findIndex((f) => f.constructPath?.includes('/Bucket/'));
    expect(withPath).toBeGreaterThanOrEqual(0);
    expect(run.results![withPath]!.locations![0]!.logicalLocations).toEqual([
      { name: result.findings[withPath]!.logicalId, fullyQualifiedName: result.findings[withPath]!.constructPath, kind: 'resource' },
    ]);
  });

  it('keeps relative forward-slash URIs with no absolute path', () => {
    for (const r of run.results!) expect(r.locations![0]!.physicalLocation!.artifactLocation!.uri).toMatch(/^[^/][^:]*$/);
    expect(JSON.stringify(log)).not.toMatch(/file:\/\//);
  });

  it('reports a run with load errors as unsuccessful, with located notifications', () => {
    const { result: hostile } = hostileResult();
    const invocation = parse(hostile).runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        descriptor: { id: 'PARSE' },
        message: { text: hostile.errors[0]!.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'templates/broken.template.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 1 },
            },
          },
        ],
      },
    ]);
    expect(run.invocations![0]!.executionSuccessful).toBe(true);
  });

  it('marks suppressed findings with kind, justification, source and where the suppression is written', () => {
    const { result: hostile } = hostileResult();
    const suppressed = hostile.findings.findIndex((f) => f.suppressed);
    const info = hostile.findings[suppressed]!.suppressed!;
    const results = parse(hostile).runs[0]!.results!;
    expect(results[suppressed]!.suppressions).toEqual([
      {
        kind: 'inSource',
        justification: JUSTIFICATION,
        location: {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(info.location!.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: info.location!.line, startColumn: info.location!.column },
          },
        },
        properties: { source: 'stackwarden', id: 'iam/no-managed-policies', expires: '2099-12-31' },
      },
    ]);
    expect(results.filter((x) => x.suppressions)).toHaveLength(1);
  });

  it('says which findings a baseline knows, and carries suggestions and details', () => {
    const known = result.findings.filter((_, i) => i % 2 === 0);
    const judged = exampleResult('cdk', undefined, createBaseline(known));
    const results = parse(judged).runs[0]!.results!;
    results.forEach((r, i) => expect(r.baselineState).toBe(known.includes(result.findings[i]!) ? 'unchanged' : 'new'));
    expect(run.results!.every((r) => r.baselineState === undefined)).toBe(true);
    const withSuggestion = result.findings.findIndex((f) => f.suggestion);
    expect(withSuggestion).toBeGreaterThanOrEqual(0);
    expect(run.results![withSuggestion]!.properties?.['suggestion']).toBe(result.findings[withSuggestion]!.suggestion);
    const detailed = parse({ ...result, findings: [{ ...result.findings[0]!, detail: ['Action::s3:*'] }] }).runs[0]!.results![0]!;
    expect(detailed.properties?.['detail']).toEqual(['Action::s3:*']);
  });

  it('percent-encodes file names into URI references', () => {
    expect(artifactUri(`templates/${HOSTILE_FILE}`)).toBe('templates/weird%20%231%20%26%20%3Cb%3E.yaml');
    expect(artifactUri('../shared/a.yaml')).toBe('../shared/a.yaml');
  });

  it('describes a crashed rule and reports the run as unsuccessful', () => {
    const crash: Finding = { ...result.findings[0]!, ruleId: RULE_ERROR_ID, message: "Rule 'x' failed here: boom" };
    const out = parse({ ...result, findings: [...result.findings, crash] });
    const descriptor = out.runs[0]!.tool.driver.rules!.find((r) => r.id === RULE_ERROR_ID);
    expect(descriptor?.shortDescription?.text).toBeTruthy();
    expect(out.runs[0]!.results!.at(-1)!.ruleIndex).toBe(out.runs[0]!.tool.driver.rules!.length - 1);
    expect(out.runs[0]!.invocations![0]!.executionSuccessful).toBe(false);
  });

  it('describes findings the engine makes itself, so every result has a rule', () => {
    const engine: Finding = {
      ...result.findings[0]!,
      ruleId: 'stackwarden/suppression-without-reason',
      severity: 'warning',
      message: 'no reason given',
    };
    const out = parse({ ...result, findings: [...result.findings, engine] }).runs[0]!;
    const index = out.results!.at(-1)!.ruleIndex!;
    expect(out.tool.driver.rules![index]).toMatchObject({ id: engine.ruleId, defaultConfiguration: { level: 'warning' } });
    expect(out.tool.driver.rules!.filter((r) => r.id === engine.ruleId)).toHaveLength(1);
  });

  it(`keeps the ${MAX_RESULTS_PER_RUN} most severe results and says how many it left out`, () => {
    const warning = result.findings.find((f) => f.severity === 'warning')!;
    const error = result.findings.find((f) => f.severity === 'error')!;
    const many = [...Array.from({ length: MAX_RESULTS_PER_RUN }, () => warning), error, error];
    const out = parse({ ...result, findings: many }).runs[0]!;
    expect(out.results).toHaveLength(MAX_RESULTS_PER_RUN);
    expect(out.results!.filter((r) => r.level === 'error')).toHaveLength(2);
    expect(out.invocations![0]!.toolExecutionNotifications![0]!.message.text).toMatch(/^2 of 25002 results left out/);
  });
});
