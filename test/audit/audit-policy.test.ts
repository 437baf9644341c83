import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { classifyPattern } from '../../src/iam/classify.js';
import { parseJson } from '../../src/load/json.js';
import { rules } from '../../src/rules/index.js';

const policyText = readFileSync(new URL('../../docs/audit-policy.json', import.meta.url), 'utf8');
const policy = JSON.parse(policyText) as { Statement: { Effect: string; Action: string[] }[] };

const WHY = 'stackwarden audit reads every bucket and stack of the account, including those no template declares, so it cannot name them';

/** The shipped policy, attached to a role of a template, scanned by StackWarden's own rules. */
function scanPolicy(document: unknown) {
  const template = {
    Resources: {
      AuditRole: {
        Type: 'AWS::IAM::Role',
        // The one deliberate exception, suppressed with its reason as a user's template would: an audit reads every
        // bucket and stack of the account, including those no template declares, so it cannot name them.
        Metadata: { stackwarden: { suppress: [{ id: 'iam/no-wildcard-resources', reason: WHY }] } },
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [{ PolicyName: 'stackwarden-audit', PolicyDocument: document }],
        },
      },
    },
  };
  const text = JSON.stringify(template, null, 2);
  const stack = {
    id: 'audit-policy.template.json',
    name: null,
    template: parseJson('audit-policy.template.json', text),
    env: { account: '111122223333', region: 'us-east-1' },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map<string, string>(),
    nestedIn: null,
  };
  return run({ stacks: [stack], errors: [], files: 1 }, { rules: rules.filter((r) => r.id.startsWith('iam/')), asOf: '2026-12-01' });
}

describe('docs/audit-policy.json: the least privilege the audit preaches', () => {
  it('passes every IAM rule of StackWarden; the only suppressed findings are the account-wide reads of buckets and stacks', () => {
    const { findings } = scanPolicy(policy);
    expect(findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    // The suppression hides nothing else: only iam/no-wildcard-resources, on the two statements that read every bucket and stack.
    expect(findings.filter((f) => f.suppressed).map((f) => [f.ruleId, f.message.match(/statement '(\w+)'/)?.[1]])).toEqual([
      ['iam/no-wildcard-resources', 'S3BucketConfiguration'],
      ['iam/no-wildcard-resources', 'CloudFormationStacks'],
    ]);
  });

  it('grants only Read and List actions: no wildcard, no write, no permissions management', () => {
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const action of statement.Action) {
        expect(action, action).not.toMatch(/\*/);
        const cls = classifyPattern(action);
        expect(cls.actions.length, `${action} is in the IAM catalog`).toBe(1);
        for (const level of cls.levels) expect(['Read', 'List'], `${action}: ${level}`).toContain(level);
      }
    }
  });

  it('the test can fail: a wildcard or a write action in the policy is reported', () => {
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'iam:PutRolePolicy'], Resource: '*' }] };
    expect(scanPolicy(bad).findings.length).toBeGreaterThan(0);
  });
});
