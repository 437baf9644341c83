import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { classifyPattern } from '../../src/iam/classify.js';
import { parseJson } from '../../src/load/json.js';
import { rules } from '../../src/rules/index.js';

const policyText = readFileSync(new URL('../../docs/audit-policy.json', import.meta.url), 'utf8');
const policy = JSON.parse(policyText) as { Statement: { Effect: string; Action: string[] }[] };

/*
 * The two suppressed findings are iam/no-wildcard-resources on `arn:aws:s3:::*` and `arn:aws:cloudformation:*:*:stack/*\/*`.
 * Their actions do support resource-level permissions (the Service Authorization Reference gives them the `bucket`
 * and `stack` resource types), so "the action only accepts *" would not justify them; what does is that an audit
 * must read every bucket and stack of the account, named nowhere in advance. The patterns are already the narrowest
 * that cover them: every bucket (no object ARNs) and every stack. The actions that only accept "*" (ListAllMyBuckets,
 * GetAccountPublicAccessBlock, GetAccountAuthorizationDetails, DescribeRegions, DescribeSecurityGroups, ListFunctions,
 * ListAccounts: no resource type in the reference) need no suppression: the rule knows them.
 */
const WHY =
  'stackwarden audit reads every bucket and stack of the account, including those no template declares, so it cannot name them; the actions are scoped to the bucket and stack resource types';
const ACCOUNT_WIDE = ['Resource::arn:aws:s3:::*', 'Resource::arn:aws:cloudformation:*:*:stack/*/*'];

/** The shipped policy, attached to a role of a template, scanned by StackWarden's own rules. */
function scanPolicy(document: unknown) {
  const template = {
    Resources: {
      AuditRole: {
        Type: 'AWS::IAM::Role',
        // The one deliberate exception, suppressed with its reason as a user's template would: an audit reads every
        // bucket and stack of the account, including those no template declares, so it cannot name them.
        // appliesTo names the two resource patterns: any other wildcard resource is still reported.
        Metadata: { stackwarden: { suppress: [{ id: 'iam/no-wildcard-resources', reason: WHY, appliesTo: ACCOUNT_WIDE }] } },
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

  it('the suppression is justified in its reason, and covers only the two account-wide resource patterns', () => {
    const suppressed = scanPolicy(policy).findings.filter((f) => f.suppressed);
    for (const f of suppressed) {
      expect(f.suppressed?.justification).toBe(WHY);
      expect(f.detail?.every((d) => ACCOUNT_WIDE.includes(d))).toBe(true);
    }
    // Another wildcard resource next to them is not covered.
    const widened = structuredClone(policy) as unknown as { Statement: { Sid: string; Resource: unknown }[] };
    widened.Statement.find((s) => s.Sid === 'S3BucketConfiguration')!.Resource = ['arn:aws:s3:::*', 'arn:aws:s3:::*/*'];
    expect(scanPolicy(widened).findings.filter((f) => !f.suppressed && f.ruleId === 'iam/no-wildcard-resources')).toHaveLength(1);
  });

  it('lists exactly the actions of the SDK commands the audit sends (derived from src/audit), no more, no fewer', () => {
    const listed = new Set(policy.Statement.flatMap((s) => s.Action));
    expect(calledActions()).toEqual([...listed].sort());
  });

  it('the test can fail: a wildcard or a write action in the policy is reported', () => {
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'iam:PutRolePolicy'], Resource: '*' }] };
    expect(scanPolicy(bad).findings.length).toBeGreaterThan(0);
  });
});

/** The IAM action of each SDK operation whose name differs, by client package; null: no permission is needed. */
const RENAMED: Readonly<Record<string, string | null>> = {
  's3 ListBuckets': 's3:ListAllMyBuckets',
  's3 GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3 GetBucketReplication': 's3:GetReplicationConfiguration',
  's3 GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3-control GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  // "No permissions are required to perform this operation" (STS API reference).
  'sts GetCallerIdentity': null,
};
const PREFIX: Readonly<Record<string, string>> = { 's3-control': 's3' };

/**
 * The IAM actions the audit's code can call: every `…Command` and `paginate…` it imports from an `@aws-sdk/client-*`
 * package, mapped to its action. (sts:AssumeRole, for --role-arn and --org-role, is made by the credential provider
 * and granted to the caller, not to the audit role: docs/audit.md says so.)
 */
function calledActions(): string[] {
  const dir = new URL('../../src/audit/', import.meta.url);
  const actions = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
    const text = readFileSync(new URL(name, dir), 'utf8');
    for (const [, typeOnly, names, pkg] of text.matchAll(/import\s*(type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([\w-]+)'/g)) {
      if (typeOnly) continue;
      for (const imported of names!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!)) {
        const operation = /^paginate(\w+)$/.exec(imported)?.[1] ?? /^(\w+)Command$/.exec(imported)?.[1];
        if (!operation) continue;
        const key = `${pkg} ${operation}`;
        const action = key in RENAMED ? RENAMED[key] : `${PREFIX[pkg!] ?? pkg}:${operation}`;
        if (action) actions.add(action);
      }
    }
  }
  return [...actions].sort();
}
