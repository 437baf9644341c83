import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-public-principal.js';

const queuePolicy = (statement: string, head = '') => `${head}Resources:
  Topic:
    Type: AWS::SNS::Topic
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: '*'
${statement}`;
const permission = (properties: string) => `Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: fn
      Action: lambda:InvokeFunction
${properties}`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: "CDK's SNS-to-SQS subscription: * limited by aws:SourceArn",
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              ArnEquals:\n                aws:SourceArn: !Ref Topic\n`,
      ),
    },
    {
      name: '{AWS: *} limited by aws:PrincipalOrgID',
      template: queuePolicy(
        `            Principal: { AWS: '*' }\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-abc123\n`,
      ),
    },
    {
      name: 'aws:SourceAccount of this account',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n`,
      ),
    },
    { name: 'a named account', template: queuePolicy(`            Principal: { AWS: arn:aws:iam::210987654321:root }\n`) },
    { name: 'a service principal', template: queuePolicy(`            Principal: { Service: events.amazonaws.com }\n`) },
    {
      name: 'StringEquals compares literally: "*" matches only the text "*"',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringEquals:\n                aws:PrincipalAccount: '*'\n`,
      ),
    },
    {
      name: 'a Deny for everyone',
      template: `Resources:\n  TopicPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [t]\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            Principal: '*'\n            Action: sns:Publish\n            Resource: '*'\n            Condition:\n              Bool:\n                aws:SecureTransport: false\n`,
    },
    {
      name: 'bucket policies are left to s3/no-public-bucket-policy',
      template: `Resources:\n  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n`,
    },
    {
      name: 'a Lambda permission for * with SourceArn',
      template: permission(`      Principal: '*'\n      SourceArn: arn:aws:execute-api:us-east-1:123456789012:abc/*\n`),
    },
    {
      name: 'a Lambda permission for S3 with SourceArn and SourceAccount',
      template: permission(
        `      Principal: s3.amazonaws.com\n      SourceArn: arn:aws:s3:::b\n      SourceAccount: !Ref AWS::AccountId\n`,
      ),
    },
    { name: 'a Lambda permission for an account', template: permission(`      Principal: '123456789012'\n`) },
  ],
  invalid: [
    {
      name: 'a queue policy open to everyone',
      template: queuePolicy(`            Principal: '*'\n`),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: "Queue policy 'QueuePolicy' allows everyone ('*') in statement 1, and no condition limits who can call.",
        },
      ],
    },
    {
      name: 'aws:Referer and aws:SecureTransport do not limit the caller',
      template: queuePolicy(
        `            Principal: { AWS: '*' }\n            Condition:\n              StringLike:\n                aws:Referer: https://example.com/*\n              Bool:\n                aws:SecureTransport: true\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal/AWS',
          line: 13,
          column: 26,
          message:
            /everyone \(\{ AWS: '\*' \}\).*present but not limiting: aws:Referer is an HTTP header that any client can set.*; aws:SecureTransport only requires TLS/,
        },
      ],
    },
    {
      name: 'a wildcard-only ArnLike value matches anyone',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              ArnLike:\n                aws:SourceArn: 'arn:aws:sns:*:*:*'\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: "aws:SourceArn matches a wildcard pattern ('arn:aws:sns:*:*:*')",
        },
      ],
    },
    {
      name: '…IfExists is true when the key is absent',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringEqualsIfExists:\n                aws:PrincipalOrgID: o-abc123\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: 'StringEqualsIfExists on aws:PrincipalOrgID also passes when the request has no aws:PrincipalOrgID',
        },
      ],
    },
    {
      name: 'a StringLike value from a parameter default of *',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringLike:\n                aws:PrincipalOrgID: !Ref Org\n`,
        `Parameters:\n  Org:\n    Type: String\n    Default: '*'\n`,
      ),
      findings: [
        { messageId: 'public', pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal', line: 17, column: 13 },
      ],
    },
    {
      name: 'a restriction in one branch of Fn::If only: the other branch is public',
      template: queuePolicy(
        `            Principal: '*'\n            Condition: !If\n              - Prod\n              - StringEquals: { aws:PrincipalOrgID: o-abc123 }\n              - !Ref AWS::NoValue\n`,
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Prod: !Equals [!Ref Env, prod]\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 18,
          column: 13,
          message: 'in statement 1 (when Prod is false), and no condition limits who can call.',
        },
      ],
    },
    {
      name: 'a wildcard organization id limits nothing',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringLike:\n                aws:PrincipalOrgID: 'o-*'\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: "aws:PrincipalOrgID matches a wildcard pattern ('o-*')",
        },
      ],
    },
    {
      name: 'a principal that is * on one branch of Fn::If',
      template: queuePolicy(
        `            Principal: !If [Open, '*', { AWS: arn:aws:iam::210987654321:root }]\n`,
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Open: !Equals [!Ref Env, dev]\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal/Fn::If/1',
          line: 18,
          column: 35,
          message: '(when Open is true)',
        },
      ],
    },
    {
      name: 'a role anyone can assume',
      template: `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: '*' }\n            Action: sts:AssumeRole\n`,
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0/Principal/AWS',
          line: 8,
          column: 26,
          message: "Trust policy of role 'Role' allows everyone",
        },
      ],
    },
    {
      name: 'Allow with NotPrincipal in a secret policy',
      template: `Resources:\n  SecretPolicy:\n    Type: AWS::SecretsManager::ResourcePolicy\n    Properties:\n      SecretId: s\n      ResourcePolicy:\n        Statement:\n          - Effect: Allow\n            NotPrincipal: { AWS: arn:aws:iam::123456789012:role/admin }\n            Action: secretsmanager:GetSecretValue\n            Resource: '*'\n`,
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/SecretPolicy/Properties/ResourcePolicy/Statement/0/NotPrincipal',
          line: 9,
          column: 13,
          message: 'allows everyone except its NotPrincipal entries',
        },
      ],
    },
    {
      name: 'a Lambda permission for * without a source',
      template: permission(`      Principal: '*'\n`),
      findings: [{ messageId: 'permissionPublic', pointer: '/Resources/Permission/Properties/Principal', line: 7, column: 7 }],
    },
    {
      name: 'a Lambda permission whose SourceArn is only wildcards',
      template: permission(`      Principal: '*'\n      SourceArn: 'arn:aws:s3:::*'\n`),
      findings: [{ messageId: 'permissionPublic', pointer: '/Resources/Permission/Properties/Principal', line: 7, column: 7 }],
    },
    {
      name: "a Lambda permission for S3 without SourceArn: any account's bucket can invoke",
      template: permission(`      Principal: s3.amazonaws.com\n`),
      findings: [
        {
          messageId: 'anySource',
          pointer: '/Resources/Permission/Properties/Principal',
          line: 7,
          column: 7,
          severity: 'warning',
          message: 'lets s3.amazonaws.com invoke',
        },
      ],
    },
  ],
});
