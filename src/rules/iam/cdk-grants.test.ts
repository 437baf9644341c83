import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../engine/run.js';
import { loadInputs } from '../../load/discover.js';
import { everyFinding } from '../../model/types.js';
import { runCase } from '../../testing/rule-tester.js';
import { rules } from '../index.js';
import { defaultPolicyTemplate, GRANT_READ_WRITE } from '../../../test/support/cdk-grants.js';

/** Every IAM rule together, as a scan runs them. */
const iamRules = rules.filter((r) => r.id.startsWith('iam/'));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const scan = (path: string) => run(loadInputs([path], { cwd: root }), { rules: iamRules, asOf: '2026-01-01' }).findings;

describe('IAM rules on the CDK grantReadWrite statement', () => {
  for (const rule of iamRules)
    it(`${rule.id}: no finding on grantReadWrite, in YAML and JSON`, () => {
      for (const format of ['yaml', 'json'] as const) expect(runCase(rule, { template: GRANT_READ_WRITE }, format)).toEqual([]);
    });

  it('s3:* on * is found by the action, resource and principal rules', () => {
    const ids = iamRules.flatMap((rule) =>
      runCase(rule, { template: defaultPolicyTemplate('s3:*', "'*'") }, 'yaml').map((f) => `${f.ruleId}:${f.logicalId}`),
    );
    expect(ids.sort()).toEqual([
      'iam/no-wildcard-actions:DefaultPolicy',
      'iam/no-wildcard-resources:DefaultPolicy',
      'iam/principal-least-privilege:Role',
    ]);
  });
});

describe('IAM rules on the bundled prototype', () => {
  it('examples/prototype/cdk.out: nothing on the CDK default policy, findings on the wildcard policy and the role', () => {
    const findings = scan('examples/prototype/cdk.out');
    expect(findings.filter((f) => f.logicalId === 'HandlerServiceRoleDefaultPolicyCBD0CC91')).toEqual([]);
    // One problem, one finding: the wildcard statement's action finding carries its resource finding and what it
    // lets the role do, the role's whole escalation coming from that one statement.
    expect(
      findings.map((f) => [
        `${f.ruleId} ${f.logicalId} ${f.pointer}`,
        (f.related ?? []).map((r) => `${r.ruleId} ${r.logicalId} ${r.pointer}`),
      ]),
    ).toEqual([
      ['iam/no-managed-policies HandlerServiceRoleFCDC14AE /Resources/HandlerServiceRoleFCDC14AE/Properties/ManagedPolicyArns/0', []],
      [
        'iam/no-wildcard-actions WildcardS3Policy3BF8C6D1 /Resources/WildcardS3Policy3BF8C6D1/Properties/PolicyDocument/Statement/0/Action',
        [
          'iam/principal-least-privilege HandlerServiceRoleFCDC14AE /Resources/HandlerServiceRoleFCDC14AE',
          'iam/no-wildcard-resources WildcardS3Policy3BF8C6D1 /Resources/WildcardS3Policy3BF8C6D1/Properties/PolicyDocument/Statement/0/Resource',
        ],
      ],
    ]);
    const managed = findings.find((f) => f.ruleId === 'iam/no-managed-policies');
    expect(managed?.constructPath).toBe('PrototypeStack/Handler/ServiceRole/Resource');
    expect(managed?.suggestion).toContain('log-group:/aws/lambda/${Handler886CB40B}:*');
  });

  it('examples/templates/prototype.yaml: the same, for the hand-written template', () => {
    const findings = scan('examples/templates/prototype.yaml');
    expect(findings.filter((f) => f.logicalId === 'DataAccessPolicy')).toEqual([]);
    expect(
      everyFinding(findings)
        .map((f) => `${f.ruleId} ${f.logicalId}`)
        .sort(),
    ).toEqual([
      'iam/no-managed-policies Role',
      'iam/no-wildcard-actions WildcardPolicy',
      'iam/no-wildcard-resources WildcardPolicy',
      'iam/principal-least-privilege Role',
    ]);
    expect(findings).toHaveLength(2);
    expect(findings.find((f) => f.ruleId === 'iam/no-managed-policies')?.suggestion).toContain('log-group:/aws/lambda/${Function}:*');
  });
});
