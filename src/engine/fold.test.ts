import { describe, expect, it } from 'vitest';
import type { LoadedStack } from '../load/stack.js';
import { parseYaml } from '../load/yaml.js';
import { parseJson } from '../load/json.js';
import { everyFinding, type Finding } from '../model/types.js';
import { defineRule, type RuleModule } from '../rules/define.js';
import { rules } from '../rules/index.js';
import { createBaseline } from './baseline.js';
import { exitCodeOf, run, type RunOptions } from './run.js';

function stackOf(text: string): LoadedStack {
  return {
    id: 't.yaml',
    name: null,
    template: parseYaml('t.yaml', text),
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
}

const scan = (text: string, options: Partial<RunOptions> = {}) =>
  run(
    { stacks: [stackOf(text)], errors: [], files: 1 },
    { rules: rules.filter((r) => r.id.startsWith('iam/')), asOf: '2026-03-01', ...options },
  );

const show = (findings: readonly Finding[]) =>
  findings.map((f) => [`${f.ruleId} ${f.pointer}`, (f.related ?? []).map((r) => `${r.ruleId} ${r.pointer}`)]);

const role = (statements: string, metadata = '') => `Resources:
  Role:
    Type: AWS::IAM::Role${metadata}
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statements}`;

const DYNAMODB_ALL = `              - Effect: Allow
                Action: 'dynamodb:*'
                Resource: '*'
`;
const STATEMENT = '/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0';

describe('one problem, one finding: findings about one statement fold into one, the others related', () => {
  it("`Allow dynamodb:*` on `*`: the action finding carries the resource finding and the role's escalation", () => {
    const result = scan(role(DYNAMODB_ALL));
    expect(show(result.findings)).toEqual([
      [
        `iam/no-wildcard-actions ${STATEMENT}/Action`,
        ['iam/principal-least-privilege /Resources/Role', `iam/no-wildcard-resources ${STATEMENT}/Resource`],
      ],
    ]);
    expect(result.summary.findings).toBe(1);
    expect(result.summary.byControl['IAM-2']).toBe(1);
    // Each related finding is complete: its own rule, message, place and fingerprint.
    const [escalation, resource] = result.findings[0]!.related!;
    expect(escalation).toMatchObject({
      ruleId: 'iam/principal-least-privilege',
      logicalId: 'Role',
      range: { start: { line: 2, column: 3 } },
    });
    expect(resource!.message).toContain("allows 'dynamodb:*' on '*'");
    expect(new Set(everyFinding(result.findings).map((f) => f.fingerprint)).size).toBe(3);
    expect(exitCodeOf(result, 'error')).toBe(1);
  });

  it('fingerprints do not change: each folded finding keeps the one it has alone', () => {
    const folded = everyFinding(scan(role(DYNAMODB_ALL)).findings);
    for (const rule of ['iam/no-wildcard-actions', 'iam/no-wildcard-resources', 'iam/principal-least-privilege']) {
      const alone = scan(role(DYNAMODB_ALL), {
        severity: Object.fromEntries(rules.filter((r) => r.id !== rule).map((r) => [r.id, 'off' as const])),
      });
      expect(alone.findings.map((f) => f.fingerprint)).toEqual(folded.filter((f) => f.ruleId === rule).map((f) => f.fingerprint));
    }
  });

  it('a principal whose escalation comes from two statements keeps its own finding', () => {
    const result = scan(
      role(`${DYNAMODB_ALL}              - Effect: Allow
                Action: 'iam:PutRolePolicy'
                Resource: '*'
`),
    );
    expect(result.findings.map((f) => f.ruleId)).toContain('iam/principal-least-privilege');
    expect(result.findings.find((f) => f.ruleId === 'iam/principal-least-privilege')!.related).toBeUndefined();
  });

  it('two statements are two problems', () => {
    const result = scan(
      role(`${DYNAMODB_ALL}              - Effect: Allow
                Action: 'sqs:*'
                Resource: '*'
`),
    );
    expect(result.findings.filter((f) => f.ruleId === 'iam/no-wildcard-actions').map((f) => f.pointer)).toEqual([
      `${STATEMENT}/Action`,
      '/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/1/Action',
    ]);
  });

  it('a granular suppression of the action leaves the rest of the problem as one finding, unsuppressed', () => {
    const metadata = `
    Metadata:
      cdk_nag:
        rules_to_suppress:
          - id: AwsSolutions-IAM5
            reason: The table set is created at run time, ticket SEC-12
            applies_to: ['Action::dynamodb:*']`;
    const result = scan(role(DYNAMODB_ALL, metadata));
    expect(show(result.findings)).toEqual([
      [`iam/no-wildcard-actions ${STATEMENT}/Action`, []],
      [`iam/no-wildcard-resources ${STATEMENT}/Resource`, ['iam/principal-least-privilege /Resources/Role']],
    ]);
    expect(result.findings[0]!.suppressed).not.toBeNull();
    expect(result.findings[1]!.suppressed).toBeNull();
  });

  it('a baseline holds every folded finding, so fixing one part keeps the rest known', () => {
    const result = scan(role(DYNAMODB_ALL));
    expect(
      createBaseline(result.findings)
        .findings.map((e) => e.ruleId)
        .sort(),
    ).toEqual(['iam/no-wildcard-actions', 'iam/no-wildcard-resources', 'iam/principal-least-privilege']);
    const accepted = scan(role(DYNAMODB_ALL), { baseline: 'accept' });
    expect(accepted.findings[0]!.related!.every((r) => r.baseline === true)).toBe(true);
    expect(exitCodeOf(accepted, 'error')).toBe(0);
  });
});

describe('the fold stage on its own terms', () => {
  const TEMPLATE = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
`;
  const ruleOf = (id: string, over: Partial<RuleModule> & { at?: 'deep' | 'top'; problem?: string; fixes?: boolean }): RuleModule =>
    defineRule({
      id,
      title: id,
      description: 'A test rule.',
      fix: 'Fix it.',
      controls: (over.controls as RuleModule['controls']) ?? ['S3-1'],
      severity: over.severity ?? 'error',
      appliesTo: ['AWS::S3::Bucket'],
      messages: { m: id },
      ...(over.fixes ? { fixable: true as const } : {}),
      *check(bucket, ctx) {
        yield {
          at: over.at === 'deep' ? ctx.graph.get(bucket, 'Properties', 'BucketName') : bucket,
          messageId: 'm',
          ...(over.problem ? { problem: over.problem } : {}),
          ...(over.fixes ? { fix: { kind: 'refused' as const, reason: 'test' } } : {}),
        };
      },
    });
  const go = (list: RuleModule[]) =>
    run({ stacks: [stackOf(TEMPLATE)], errors: [], files: 1 }, { rules: list, asOf: '2026-03-01' }).findings;

  it('the most severe finding carries the problem, then the deepest pointer', () => {
    expect(show(go([ruleOf('t/a', { problem: 'p' }), ruleOf('t/b', { problem: 'p', at: 'deep' })]))).toEqual([
      ['t/b /Resources/Bucket/Properties/BucketName', ['t/a /Resources/Bucket']],
    ]);
    expect(show(go([ruleOf('t/a', { problem: 'p' }), ruleOf('t/b', { problem: 'p', at: 'deep', severity: 'warning' })]))).toEqual([
      ['t/a /Resources/Bucket', ['t/b /Resources/Bucket/Properties/BucketName']],
    ]);
  });

  it('never folds a finding with a control the carrier lacks, or one with a fix, or one of another problem', () => {
    expect(
      go([ruleOf('t/a', { problem: 'p', at: 'deep' }), ruleOf('t/b', { problem: 'p', controls: ['S3-2'] })]).map((f) => f.related),
    ).toEqual([undefined, undefined]);
    expect(go([ruleOf('t/a', { problem: 'p', at: 'deep' }), ruleOf('t/b', { problem: 'p', fixes: true })]).map((f) => f.related)).toEqual([
      undefined,
      undefined,
    ]);
    expect(go([ruleOf('t/a', { problem: 'p', at: 'deep' }), ruleOf('t/b', { problem: 'q' })])).toHaveLength(2);
    expect(go([ruleOf('t/a', { at: 'deep' }), ruleOf('t/b', {})])).toHaveLength(2);
  });
});

// JSON-string policies: statements of one string share their node, and stay two problems.
describe('statements of one JSON policy string', () => {
  it('are two problems, not one', () => {
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
        { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
      ],
    });
    const template = parseJson(
      't.json',
      JSON.stringify({ Resources: { Policy: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: document } } } }),
    );
    const stack = { ...stackOf('{}'), id: 't.json', template };
    const result = run(
      { stacks: [stack], errors: [], files: 1 },
      { rules: rules.filter((r) => r.id === 'iam/no-wildcard-actions'), asOf: '2026-03-01' },
    );
    expect(result.findings).toHaveLength(2);
  });
});
