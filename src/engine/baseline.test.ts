import { describe, expect, it } from 'vitest';
import { parseJson } from '../load/json.js';
import type { LoadedStack } from '../load/stack.js';
import { parseYaml } from '../load/yaml.js';
import { defineRule } from '../rules/define.js';
import { type Baseline, createBaseline, formatBaseline, parseBaseline } from './baseline.js';
import { reachesThreshold, run } from './run.js';

/** Reports a bucket without versioning, at the property when it is there (so pointers go below the resource). */
const rule = defineRule({
  id: 'test/versioning',
  title: 'Buckets are versioned',
  description: 'A test rule.',
  fix: 'Turn versioning on.',
  controls: ['S3-5'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  messages: { off: "Bucket '{{bucket}}' does not enable versioning." },
  *check(bucket, ctx) {
    const status = ctx.graph.get(bucket, 'Properties', 'VersioningConfiguration', 'Status');
    if (status.kind !== 'literal' || status.value !== 'Enabled')
      yield { at: status.at, messageId: 'off', data: { bucket: bucket.logicalId } };
  },
});

function scan(file: string, text: string, baseline?: Baseline) {
  const template = file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text);
  const stack: LoadedStack = {
    id: file,
    name: null,
    template,
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
  return run({ stacks: [stack], errors: [], files: 1 }, { rules: [rule], asOf: '2026-03-01', ...(baseline ? { baseline } : {}) });
}

const original = `Resources:
  Logs:
    Type: AWS::S3::Bucket
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Suspended
`;

/** The same two buckets, with lines moved: a resource and comments inserted above, the order swapped. */
const moved = `# A comment that pushes everything down.
Parameters:
  Env:
    Type: String
    Default: dev
Resources:
  Queue:
    Type: AWS::SQS::Queue

  # Data first now.
  Data:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{ Key: team, Value: data }]
      VersioningConfiguration:
        Status: Suspended
  Logs:
    Type: AWS::S3::Bucket
`;

const positions = (r: ReturnType<typeof scan>) => Object.fromEntries(r.findings.map((f) => [f.logicalId, f.range.start.line]));
const fingerprints = (r: ReturnType<typeof scan>) => Object.fromEntries(r.findings.map((f) => [f.logicalId, f.fingerprint]));

describe('fingerprints', () => {
  it('survive edits that only move lines', () => {
    const before = scan('template.yaml', original);
    const after = scan('template.yaml', moved);
    // The findings did move (otherwise this test would prove nothing) …
    expect(positions(before)).toEqual({ Logs: 2, Data: 8 });
    expect(positions(after)).toEqual({ Data: 16, Logs: 17 });
    // … and their fingerprints did not.
    expect(fingerprints(after)).toEqual(fingerprints(before));
  });

  it('survive reformatting the JSON of a template', () => {
    const value = parseYaml('t.yaml', original).value;
    const pretty = scan('template.json', JSON.stringify(value, null, 2));
    const minified = scan('template.json', JSON.stringify(value));
    expect(positions(minified)).not.toEqual(positions(pretty));
    expect(fingerprints(minified)).toEqual(fingerprints(pretty));
  });

  it('change when the finding changes: another resource, another file, another rule outcome', () => {
    const base = fingerprints(scan('template.yaml', original));
    expect(base['Logs']).not.toBe(base['Data']);
    expect(fingerprints(scan('other.yaml', original))['Logs']).not.toBe(base['Logs']);
    expect(fingerprints(scan('template.yaml', original.replace(/Logs/g, 'Archive')))['Archive']).not.toBe(base['Logs']);
  });
});

describe('baselines', () => {
  it('are sorted JSON keyed by fingerprint, with rule, file, logical id and message for people', () => {
    const result = scan('template.yaml', original);
    const baseline = createBaseline(result.findings);
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((e) => e.logicalId)).toEqual(['Data', 'Logs']);
    expect(baseline.findings[0]).toEqual({
      fingerprint: result.findings.find((f) => f.logicalId === 'Data')!.fingerprint,
      ruleId: 'test/versioning',
      file: 'template.yaml',
      logicalId: 'Data',
      message: "Bucket 'Data' does not enable versioning.",
    });
    const text = formatBaseline(baseline);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseBaseline(JSON.parse(text))).toEqual({ baseline });
  });

  it('leave suppressed findings out', () => {
    const result = scan(
      'template.yaml',
      original.replace(
        '  Logs:\n    Type: AWS::S3::Bucket\n',
        '  Logs:\n    Type: AWS::S3::Bucket\n    Metadata:\n      stackwarden:\n        suppress: [{ id: test/versioning, reason: Logs are append-only anyway }]\n',
      ),
    );
    expect(result.findings.find((f) => f.logicalId === 'Logs')!.suppressed).not.toBeNull();
    expect(createBaseline(result.findings).findings.map((e) => e.logicalId)).toEqual(['Data']);
  });

  it('mark known findings, which stay listed but no longer fail the run; new ones still fail', () => {
    const baseline = createBaseline(scan('template.yaml', original).findings);
    const later = scan('template.yaml', moved + '  New:\n    Type: AWS::S3::Bucket\n');
    expect(reachesThreshold(later.findings, 'error')).toBe(true);
    const result = scan('template.yaml', moved + '  New:\n    Type: AWS::S3::Bucket\n', baseline);
    const stale = result.baseline!.stale;
    expect(result.findings.map((f) => [f.logicalId, f.baseline])).toEqual([
      ['Data', true],
      ['Logs', true],
      ['New', false],
    ]);
    expect(result.summary.baseline).toBe(2);
    expect(stale).toEqual([]);
    expect(reachesThreshold(result.findings, 'error')).toBe(true);
    expect(
      reachesThreshold(
        result.findings.filter((f) => f.logicalId !== 'New'),
        'error',
      ),
    ).toBe(false);
  });

  it('report entries that match no finding any more as stale', () => {
    const baseline = createBaseline(scan('template.yaml', original).findings);
    const result = scan('template.yaml', original.replace('Status: Suspended', 'Status: Enabled'), baseline);
    const stale = result.baseline!.stale;
    expect(stale.map((e) => e.logicalId)).toEqual(['Data']);
    expect(result.findings.map((f) => f.baseline)).toEqual([true]);
  });

  it('reject malformed files with the exact place', () => {
    expect(parseBaseline([])).toEqual({ error: 'expected an object with "version": 1 and "findings"' });
    expect(parseBaseline({ version: 2, findings: [] })).toEqual({ error: 'version: expected 1, found 2' });
    expect(parseBaseline({ version: 1 })).toEqual({ error: 'findings: expected a list' });
    expect(parseBaseline({ version: 1, findings: [{ fingerprint: 'a' }, { ruleId: 'x' }] })).toEqual({
      error: 'findings[1].fingerprint: expected a non-empty string',
    });
  });
});
