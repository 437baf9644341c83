import { describe, expect, it } from 'vitest';
import { parseJson } from '../load/json.js';
import type { Finding } from '../model/types.js';
import { rules } from '../rules/index.js';
import { run } from './run.js';

const EMPTY = { stacks: [], errors: [], files: 0 };
const ARN = 'arn:aws:s3:::app-data';

/** A live finding as the audit makes it. */
function live(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 's3/versioning',
    messageId: 'missing',
    controls: ['S3-5'],
    severity: 'warning',
    message: "Bucket 'app-data' has no VersioningConfiguration.",
    file: ARN,
    stack: 'AppStack',
    logicalId: 'Data',
    resourceType: 'AWS::S3::Bucket',
    constructPath: null,
    pointer: '',
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
    fingerprint: 'live-1',
    suppressed: null,
    fix: 'Enable versioning.',
    suggestion: null,
    arn: ARN,
    account: '123456789012',
    region: 'us-east-1',
    ...overrides,
  };
}

const input = (findings: Finding[]) => ({ findings, errors: [], checks: [], rules: [], stacks: 1, resources: 1 });
const file = (entries: unknown[]) => parseJson('stackwarden.suppressions.json', JSON.stringify({ suppressions: entries }));

describe('live findings in the engine: the same suppression and baseline stages as static ones', () => {
  it('keeps a live finding as made, and counts the live stacks and resources', () => {
    const result = run(EMPTY, { rules, live: input([live()]) });
    expect(result.findings).toEqual([live()]);
    expect(result.summary).toMatchObject({ stacks: 1, resources: 1, findings: 1 });
    expect(result.rules.some((r) => r.id === 's3/versioning')).toBe(false);
  });

  it('a suppressions-file entry matches the ARN (file) and the stack name of a stack that is not loaded', () => {
    const byArn = run(EMPTY, {
      rules,
      live: input([live()]),
      suppressionFiles: [file([{ rule: 'S3-5', file: 'arn:aws:s3:::app-*', reason: 'Scratch data, SEC-1' }])],
    });
    expect(byArn.findings[0]!.suppressed).toMatchObject({ source: 'suppressions-file', justification: 'Scratch data, SEC-1' });
    const byStack = run(EMPTY, {
      rules,
      live: input([live()]),
      suppressionFiles: [file([{ rule: 's3/versioning', stack: 'App*', reason: 'Scratch data, SEC-1' }])],
    });
    expect(byStack.findings[0]!.suppressed).not.toBeNull();
    const other = run(EMPTY, {
      rules,
      live: input([live()]),
      suppressionFiles: [file([{ rule: 's3/versioning', stack: 'Other', reason: 'Scratch data, SEC-1' }])],
    });
    expect(other.findings.find((f) => f.ruleId === 's3/versioning')!.suppressed).toBeNull();
    // The entry that matched nothing is reported as unused, unless the run says its findings are elsewhere.
    expect(other.findings.map((f) => f.ruleId)).toContain('stackwarden/suppression-unused');
    const quiet = run(EMPTY, {
      rules,
      live: input([live()]),
      reportUnusedSuppressions: false,
      suppressionFiles: [file([{ rule: 's3/versioning', stack: 'Other', reason: 'Scratch data, SEC-1' }])],
    });
    expect(quiet.findings.map((f) => f.ruleId)).toEqual(['s3/versioning']);
  });

  it('a baseline marks a known live finding, and a new one is not known', () => {
    const baseline = {
      version: 1 as const,
      findings: [{ fingerprint: 'live-1', ruleId: 's3/versioning', file: ARN, logicalId: 'Data', message: '' }],
    };
    const result = run(EMPTY, {
      rules,
      live: input([live(), live({ fingerprint: 'live-2', file: 'arn:aws:s3:::new', arn: 'arn:aws:s3:::new' })]),
      baseline,
    });
    expect(result.findings.map((f) => [f.file, f.baseline])).toEqual([
      [ARN, true],
      ['arn:aws:s3:::new', false],
    ]);
    expect(result.summary.baseline).toBe(1);
  });

  it('a live input made from the static view can drop the static findings it settles', () => {
    const text = JSON.stringify({
      Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } } },
    });
    const stack = {
      id: 'app.json',
      name: 'AppStack',
      template: parseJson('app.json', text),
      env: { account: null, region: null },
      terminationProtection: null,
      declaredAt: null,
      constructPath: null,
      constructPaths: new Map<string, string>(),
      nestedIn: null,
    };
    const loaded = { stacks: [stack], errors: [], files: 1 };
    const plain = run(loaded, { rules, asOf: '2026-12-01' });
    expect(plain.findings.map((f) => f.ruleId)).toContain('s3/mfa-delete');
    let seen = 0;
    const settled = run(loaded, {
      rules,
      asOf: '2026-12-01',
      live: (view) => {
        seen = view.findings.length;
        return { ...input([]), settles: (f) => f.ruleId === 's3/mfa-delete' };
      },
    });
    expect(seen).toBe(plain.findings.length);
    expect(settled.findings.map((f) => f.ruleId)).not.toContain('s3/mfa-delete');
    expect(settled.findings).toHaveLength(plain.findings.length - 1);
  });
});
