import { describe, expect, it } from 'vitest';
import type { RuleModule } from '../rules/define.js';
import { runCase } from '../testing/rule-tester.js';
import noAllowNotAction from '../rules/iam/no-allow-not-action.js';
import noWildcardActions from '../rules/iam/no-wildcard-actions.js';
import noWildcardResources from '../rules/iam/no-wildcard-resources.js';
import tlsOnly from '../rules/s3/tls-only.js';

const policy = (document: string) =>
  `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Roles: [!Ref Role]\n      PolicyDocument: ${document}\n`;

const found = (rule: RuleModule, template: string, format: 'yaml' | 'json' = 'yaml') =>
  runCase(rule, { template }, format).map((f) => [f.messageId, f.pointer, f.range.start.line, f.severity]);

describe('policy documents written as JSON strings', () => {
  it("a plain JSON string with Action '*' on '*' is administrator access, located at the string", () => {
    const template = policy(`'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'`);
    for (const format of ['yaml', 'json'] as const) {
      const findings = runCase(noAllowNotAction, { template }, format);
      expect(findings.map((f) => [f.messageId, f.pointer])).toEqual([['admin', '/Resources/P/Properties/PolicyDocument']]);
      expect(findings[0]!.message).toContain('in statement 1 (inside the policy string)');
    }
  });

  it('a !Sub body with ${…} inside its strings is read, and the references resolve', () => {
    const template =
      'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n' +
      '      Policies:\n        - PolicyName: p\n          PolicyDocument: !Sub |\n            {\n              "Version": "2012-10-17",\n' +
      '              "Statement": [\n                { "Effect": "Allow", "Action": "s3:*", "Resource": "${Data.Arn}/*" },\n' +
      '                { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:${AWS::Partition}:s3:::*" }\n              ]\n            }\n';
    const actions = runCase(noWildcardActions, { template }, 'yaml');
    // Located at the string (the !Sub's body, line 10).
    expect(actions.map((f) => [f.messageId, f.pointer, f.range.start.line])).toEqual([
      ['service', '/Resources/Role/Properties/Policies/0/PolicyDocument/Fn::Sub', 10],
    ]);
    expect(actions[0]!.message).toContain("'s3:*'");
    // The second statement's resource is every bucket (through AWS::Partition); the first one is scoped by the Ref.
    const resources = runCase(noWildcardResources, { template }, 'yaml');
    expect(resources.map((f) => f.message).join('\n')).toContain('statement 2 (inside the policy string)');
    expect(resources.map((f) => f.message).join('\n')).not.toContain('statement 1');
  });

  it('the list form of Fn::Sub keeps its variables', () => {
    const template = policy(`!Sub ['{"Statement":[{"Effect":"Allow","Action":"\${A}","Resource":"*"}]}', { A: '*' }]`);
    expect(found(noAllowNotAction, template).map((f) => f[0])).toEqual(['admin']);
  });

  it('a malformed JSON string is a note that says why, not a pass and not a crash', () => {
    const template = policy(`'{"Statement": [{"Effect": "Allow", "Action": "*",}]'`);
    const findings = runCase(noWildcardActions, { template }, 'yaml');
    expect(findings.map((f) => [f.messageId, f.severity, f.pointer])).toEqual([
      ['unreadable', 'note', '/Resources/P/Properties/PolicyDocument'],
    ]);
    expect(findings[0]!.message).toMatch(
      /Policy 'P' is written as a string that cannot be read as a policy: the policy document is a string that is not valid JSON/,
    );
    // A ${…} outside a JSON string makes the body invalid JSON too.
    expect(
      found(noWildcardActions, policy(`!Sub '{"Statement":[{"Effect":"Allow","Action":"*","Resource":\${Arns}}]}'`)).map((f) => f[0]),
    ).toEqual(['unreadable']);
  });

  it('deep or huge strings are bounded', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const template = policy(`!Sub '{"Statement":${deep},"x":"\${AWS::Region}"}'`);
    expect(() => runCase(noWildcardActions, { template }, 'yaml')).not.toThrow();
  });

  it('a bucket policy written as a JSON string counts for TLS', () => {
    const deny =
      '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["${B.Arn}","${B.Arn}/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}';
    const template = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n  BP:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      PolicyDocument: !Sub '${deny}'\n`;
    expect(found(tlsOnly, template)).toEqual([]);
    // Without the Deny, the string policy decides the bucket has none.
    const allowOnly = template.replace('"Effect":"Deny"', '"Effect":"Allow"');
    expect(found(tlsOnly, allowOnly).length).toBe(1);
  });
});
