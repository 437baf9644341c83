import { describe, expect, it } from 'vitest';
import { RuleTester, runCase } from '../../testing/rule-tester.js';
import rule from './no-wildcard-actions.js';
import { GRANT_READ_WRITE } from '../../../test/support/cdk-grants.js';

const policy = (statement: string, head = '') => `${head}Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: P
      Roles: [r]
      PolicyDocument:
        Statement:
${statement}`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'bucket policies are left to s3/least-privilege-policy (S3-2 and IAM-2)',
      template: `Resources:\n  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::123456789012:root }\n            Action: s3:*\n            Resource: arn:aws:s3:::b/*\n`,
    },
    { name: "CDK grantReadWrite: partial wildcards scoped to one bucket's ARN and objects", template: GRANT_READ_WRITE },
    {
      name: 'read and list expansions on every resource',
      template: policy(`          - Effect: Allow\n            Action: ['s3:GetObject*', 'ec2:Describe*']\n            Resource: '*'\n`),
    },
    {
      name: 'exact actions',
      template: policy(
        `          - Effect: Allow\n            Action: [s3:PutObject, s3:PutBucketPolicy]\n            Resource: arn:aws:s3:::b/*\n`,
      ),
    },
    {
      name: 'a Lambda permission without Action is not guessed at',
      template:
        'Resources:\n  Permission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: f\n      Principal: s3.amazonaws.com\n',
    },
    {
      name: 'Deny statements take away',
      template: policy(`          - Effect: Deny\n            Action: '*'\n            Resource: '*'\n`),
    },
    {
      name: "the default key policy delegates kms:* to the account's IAM policies",
      template: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Join ['', ['arn:', !Ref AWS::Partition, ':iam::', !Ref AWS::AccountId, ':root']]
            Action: kms:*
            Resource: '*'
`,
    },
  ],
  invalid: [
    {
      name: 'a policy written as a JSON string that does not parse is a note',
      template: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: \'{"Statement": [}\'\n',
      findings: [{ messageId: 'unreadable', pointer: '/Resources/P/Properties/PolicyDocument', line: 5, column: 7 }],
    },
    {
      name: 's3:* on * (the prototype)',
      template: policy(`          - Effect: Allow\n            Action: s3:*\n            Resource: '*'\n`),
      findings: [
        {
          messageId: 'service',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action',
          line: 10,
          column: 13,
          message: "Policy 'Policy' allows every action of service 's3' ('s3:*') in statement 1, including Permissions management: s3:",
        },
      ],
    },
    {
      name: '* in an inline role policy',
      template: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: admin
          PolicyDocument:
            Statement:
              - Sid: All
                Effect: Allow
                Action: ['*']
                Resource: arn:aws:s3:::data
`,
      findings: [
        {
          messageId: 'all',
          pointer: '/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0/Action/0',
          line: 11,
          column: 26,
          message: "Inline policy 'admin' of role 'Role' allows every action of every service ('*') in statement 'All'.",
        },
      ],
    },
    {
      name: 'a partial wildcard reaching Permissions management, even on a scoped resource',
      template: policy(
        `          - Effect: Allow\n            Action: iam:*Policy*\n            Resource: arn:aws:iam::123456789012:role/app\n`,
      ),
      findings: [
        {
          messageId: 'permissions',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action',
          line: 10,
          column: 13,
          message: 'reaches Permissions management: iam:CreatePolicy, iam:DeletePolicy, iam:PutRolePolicy and 16 more.',
        },
      ],
    },
    {
      name: 'a partial wildcard reaching Write on every resource',
      template: policy(`          - Effect: Allow\n            Action: [s3:GetObject*, s3:DeleteObject*]\n            Resource: '*'\n`),
      findings: [
        {
          messageId: 'write',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action/1',
          line: 10,
          column: 37,
          message: "allows 's3:DeleteObject*' on '*' in statement 1, which reaches Tagging and Write actions on every resource",
        },
      ],
    },
    {
      name: 'a partial wildcard reaching Write on every bucket by ARN',
      template: policy(
        `          - Effect: Allow\n            Action: s3:Abort*\n            Resource: !Sub 'arn:\${AWS::Partition}:s3:::*/*'\n`,
      ),
      findings: [
        {
          messageId: 'write',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action',
          line: 10,
          column: 13,
          message: "on 'arn:${AWS::Partition}:s3:::*/*'",
        },
      ],
    },
    {
      name: 'both branches of Fn::If in Action',
      template: policy(
        `          - Effect: Allow\n            Action: !If [Wide, 'sqs:*', sqs:SendMessage]\n            Resource: '*'\n`,
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Wide: !Equals [!Ref Env, dev]\n`,
      ),
      findings: [
        {
          messageId: 'service',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action/Fn::If/1',
          line: 15,
          column: 32,
          message: '(when Wide is true)',
        },
      ],
    },
    {
      name: 'an action from a parameter default, and one not known before deployment',
      template: policy(
        `          - Effect: Allow\n            Action: [!Ref Act, !Sub '\${Svc}:Get*']\n            Resource: '*'\n`,
        `Parameters:\n  Act:\n    Type: String\n    Default: dynamodb:*\n  Svc:\n    Type: String\n`,
      ),
      findings: [
        {
          messageId: 'service',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action/0',
          line: 16,
          column: 22,
          message: "from the default of parameter 'Act'",
        },
        {
          messageId: 'notKnown',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action/1',
          line: 16,
          column: 32,
          severity: 'note',
          message: "parameter 'Svc' has no default",
        },
      ],
    },
    {
      name: 'a wildcard the catalog cannot match is a note',
      template: policy(`          - Effect: Allow\n            Action: s3:Frobnicate*\n            Resource: '*'\n`),
      findings: [
        {
          messageId: 'unmatched',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action',
          line: 10,
          column: 13,
          severity: 'note',
        },
      ],
    },
    {
      name: 'resource policies: a queue policy with sqs:* for another account',
      template: `Resources:
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::210987654321:root }
            Action: sqs:*
            Resource: '*'
`,
      findings: [
        {
          messageId: 'service',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Action',
          line: 10,
          column: 13,
          message: "Queue policy 'QueuePolicy' allows every action of service 'sqs'",
        },
      ],
    },
    {
      name: 'a Lambda permission for lambda:*',
      template: `Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: f
      Action: lambda:*
      Principal: 123456789012
`,
      findings: [
        {
          messageId: 'service',
          pointer: '/Resources/Permission/Properties/Action',
          line: 6,
          column: 7,
          message: "Permission 'Permission' allows every action of service 'lambda'",
        },
      ],
    },
  ],
});

describe('iam/no-wildcard-actions on AWS SAM', () => {
  it("reads inline documents in a SAM function's Policies, and points at the action", () => {
    const template =
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Policies:\n        - Version: '2012-10-17'\n          Statement:\n            - Effect: Allow\n              Action: '*'\n              Resource: arn:aws:s3:::data/*\n";
    const findings = runCase(rule, { template }, 'yaml');
    expect(findings.map((f) => [f.messageId, f.pointer, f.range.start.line, f.range.start.column])).toEqual([
      ['all', '/Resources/Fn/Properties/Policies/0/Statement/0/Action', 11, 15],
    ]);
    expect(findings[0]!.message).toContain("Inline policy in Policies of function 'Fn' (SAM's generated role)");
    // With a Role, SAM ignores Policies: nothing is granted through them.
    expect(
      runCase(rule, { template: template.replace('      Policies:', '      Role: arn:aws:iam::1:role/r\n      Policies:') }, 'yaml'),
    ).toEqual([]);
  });
});

describe('iam/no-wildcard-actions and administrator access', () => {
  it("leaves '*' on '*' to iam/no-allow-not-action (one finding per problem)", () => {
    const template =
      "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: ['*', 'dynamodb:*']\n            Resource: '*'\n";
    // dynamodb:* is still this rule's: only the administrator-access part has another owner.
    expect(runCase(rule, { template }, 'yaml').map((f) => [f.messageId, f.pointer])).toEqual([
      ['service', '/Resources/P/Properties/PolicyDocument/Statement/0/Action/1'],
    ]);
  });
});
