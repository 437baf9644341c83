import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { createBaseline } from '../src/engine/baseline.js';
import { RULE_ERROR_ID } from '../src/engine/run.js';
import { formatSarif } from '../src/report/sarif.js';
import { EXAMPLES, exampleResult, GOLDEN_CTX, REPO_ROOT } from './support/examples.js';
import { hostileResult } from './support/hostile.js';

const addFormats = addFormatsModule.default;

/** The official OASIS schema (draft-07); see test/fixtures/sarif-schema-2.1.0.NOTICE.md for where it came from. */
function validator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = validator();

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
}

describe('SARIF against the official 2.1.0 schema', () => {
  const goldens = Object.keys(EXAMPLES).map((example) => join('test/golden', example, 'stackwarden.sarif'));

  it.each(goldens)('%s is valid', (file) => {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    expectValid(JSON.parse(text));
  });

  it('a log with suppressions, load errors and hostile names is valid', () => {
    const log = JSON.parse(formatSarif(hostileResult().result, GOLDEN_CTX)) as Log;
    expectValid(log);
    expect(log.runs[0]!.results!.some((r) => r.suppressions?.length)).toBe(true);
  });

  it('a log with a crashed rule and an engine-made finding is valid', () => {
    const { result } = hostileResult();
    const base = result.findings[0]!;
    const extra = [
      { ...base, ruleId: RULE_ERROR_ID, message: "Rule 'x' failed here: boom" },
      { ...base, ruleId: 'stackwarden/suppression-without-reason', severity: 'note' as const },
    ];
    expectValid(JSON.parse(formatSarif({ ...result, findings: [...result.findings, ...extra] }, GOLDEN_CTX)));
  });

  it('a log with a baseline applied is valid', () => {
    const result = exampleResult('cdk');
    const judged = exampleResult('cdk', undefined, createBaseline(result.findings.slice(0, 3)));
    const log = JSON.parse(formatSarif(judged, GOLDEN_CTX)) as Log;
    expectValid(log);
    expect(new Set(log.runs[0]!.results!.map((r) => r.baselineState))).toEqual(new Set(['new', 'unchanged']));
  });

  it('the validator rejects what the schema forbids (the test can fail)', () => {
    const log = JSON.parse(readFileSync(join(REPO_ROOT, goldens[0]!), 'utf8')) as Log;
    const broken = structuredClone(log) as unknown as {
      runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
    const badLine = structuredClone(log) as unknown as typeof broken;
    badLine.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    expect(validate(badLine)).toBe(false);
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
  });

  it('no golden file was left out', () => {
    const dirs = readdirSync(join(REPO_ROOT, 'test/golden'));
    expect(dirs.sort()).toEqual(Object.keys(EXAMPLES).sort());
  });
});
