import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './least-privilege-policy.js';
import { GRANT_READ_WRITE_ACTIONS } from '../../../test/support/cdk-grants.js';

const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;
const withPolicy = (statement: string, head = '') =>
  `${head}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Reader:\n    Type: AWS::IAM::Role\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n      PolicyDocument:\n        Statement:\n${statement}`;
const allow = (principal: string, action: string) =>
  `          - Effect: Allow\n            Principal: ${principal}\n            Action: ${action}\n            Resource: [!GetAtt Bucket.Arn, !Join ['', [!GetAtt Bucket.Arn, '/*']]]\n`;
const role = '{ AWS: !GetAtt Reader.Arn }';
const env = { account: '111111111111', region: 'us-east-1' };
const pointer = '/Resources/Policy/Properties/PolicyDocument/Statement/0';

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'explicit read actions to a role of the stack', template: withPolicy(allow(role, '[s3:GetObject, s3:ListBucket]')) },
    {
      name: 'the CDK grantReadWrite action set',
      template: withPolicy(allow(role, GRANT_READ_WRITE_ACTIONS)),
    },
    {
      name: 'broad actions in a Deny are restrictions',
      template: withPolicy(allow(role, "'s3:*'").replace('Effect: Allow', 'Effect: Deny')),
    },
    {
      name: 'an account principal that is the stack account',
      template: withPolicy(allow("{ AWS: 'arn:aws:iam::111111111111:root' }", 's3:GetObject')),
      stack: { name: 'S', env },
    },
    {
      name: 'NotAction is left to iam/no-allow-not-action',
      template: withPolicy(
        `          - Effect: Allow\n            Principal: ${role}\n            NotAction: s3:DeleteBucket\n            Resource: '*'\n`,
      ),
    },
    {
      // AWS's documentation prescribes this grant for ALB/CLB access logs (the account of the region's ELB service).
      name: "s3:PutObject for AWS's Elastic Load Balancing log delivery account, as the AWS documentation prescribes",
      template: withPolicy(allow("{ AWS: 'arn:aws:iam::127311923021:root' }", 's3:PutObject')),
    },
    {
      name: 'the same account named by its bare id, in a stack of another account',
      template: withPolicy(allow("{ AWS: '156460612806' }", '[s3:PutObject]')),
      stack: { name: 'S', env },
    },
    {
      name: "s3:* for the account's own root delegates to IAM policies, as IAM-2 treats it",
      template: withPolicy(allow("{ AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }", "'s3:*'")),
    },
    {
      name: 'AWS::AccountId is the own account',
      template: withPolicy(allow("{ AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }", 's3:GetObject')),
    },
  ],
  invalid: [
    {
      name: 's3:* to a role',
      template: withPolicy(allow(role, "'s3:*'")),
      findings: [
        {
          messageId: 'broadAction',
          pointer: `${pointer}/Action`,
          line: 14,
          column: 13,
          severity: 'error',
          message: "Bucket policy 'Policy' grants ${Reader.Arn} every s3 action (s3:*) on bucket 'Bucket'.",
        },
      ],
    },
    {
      name: '"*" to everyone',
      template: withPolicy(allow("'*'", "'*'")),
      findings: [
        {
          messageId: 'broadAction',
          pointer: `${pointer}/Action`,
          line: 14,
          column: 13,
          message: 'grants everyone every action of every service (*)',
        },
      ],
    },
    {
      name: 'a wildcard that reaches permissions management',
      template: withPolicy(allow(role, '[s3:GetObject, s3:Put*]')),
      findings: [
        {
          messageId: 'broadAction',
          pointer: `${pointer}/Action/1`,
          line: 14,
          column: 36,
          message: 's3:Put*, which reaches permissions management (',
        },
      ],
    },
    {
      name: 'NotPrincipal with Allow',
      template: withPolicy(
        `          - Effect: Allow\n            NotPrincipal: ${role}\n            Action: s3:GetObject\n            Resource: '*'\n`,
      ),
      findings: [
        {
          messageId: 'notPrincipal',
          pointer: `${pointer}/NotPrincipal`,
          line: 13,
          column: 13,
          message: 'to every principal except ${Reader.Arn} (Allow with NotPrincipal), anonymous callers included',
        },
      ],
    },
    {
      name: 'an action the catalog does not know: a note',
      template: withPolicy(allow(role, '[s3:GetObject, s3:Frobnicate*]')),
      findings: [
        {
          messageId: 'unmatched',
          pointer: `${pointer}/Action/1`,
          line: 14,
          column: 36,
          severity: 'note',
          message: "grants ${Reader.Arn} 's3:Frobnicate*' on bucket 'Bucket': the IAM catalog",
        },
      ],
    },
    {
      name: 'an action not known before deployment: a note',
      template: withPolicy(allow(role, '!Ref Act'), 'Parameters:\n  Act:\n    Type: String\n'),
      findings: [
        {
          messageId: 'notKnown',
          pointer: `${pointer}/Action`,
          line: 17,
          column: 13,
          severity: 'note',
          message: "an action not known before deployment on bucket 'Bucket': parameter 'Act' has no default",
        },
      ],
    },
    {
      name: "more than s3:PutObject for AWS's log delivery account: a warning naming the service, not 'confirm it is yours'",
      template: withPolicy(allow("{ AWS: 'arn:aws:iam::127311923021:root' }", '[s3:PutObject, s3:GetObject]')),
      findings: [
        {
          messageId: 'serviceAccount',
          pointer: `${pointer}/Principal/AWS`,
          line: 13,
          column: 26,
          severity: 'warning',
          message:
            "grants AWS's Elastic Load Balancing log delivery account for region us-east-1 (127311923021) s3:PutObject, s3:GetObject on bucket 'Bucket'",
        },
      ],
    },
    {
      name: 'another account with NotAction: an error, since NotAction reaches permissions management',
      template: withPolicy(
        `          - Effect: Allow\n            Principal: { AWS: '222222222222' }\n            NotAction: s3:DeleteBucket\n            Resource: '*'\n`,
      ),
      stack: { name: 'S', env },
      findings: [{ messageId: 'crossAccount', pointer: `${pointer}/Principal/AWS`, line: 13, column: 26, severity: 'error' }],
    },
    {
      name: 'another account, read only: a warning naming both accounts',
      template: withPolicy(allow("{ AWS: 'arn:aws:iam::222222222222:root' }", 's3:GetObject')),
      stack: { name: 'S', env },
      findings: [
        {
          messageId: 'crossAccount',
          pointer: `${pointer}/Principal/AWS`,
          line: 13,
          column: 26,
          severity: 'warning',
          message: "grants account 222222222222 s3:GetObject on bucket 'Bucket'; the stack deploys to account 111111111111.",
        },
      ],
    },
    {
      name: 'another account with permissions management: an error',
      template: withPolicy(allow("{ AWS: '222222222222' }", '[s3:GetObject, s3:PutBucketPolicy]')),
      stack: { name: 'S', env },
      findings: [{ messageId: 'crossAccount', pointer: `${pointer}/Principal/AWS`, line: 13, column: 26, severity: 'error' }],
    },
    {
      name: 'an account id in a plain template: a note to confirm',
      template: withPolicy(allow("{ AWS: 'arn:aws:iam::222222222222:role/Auditor' }", 's3:GetObject')),
      findings: [
        {
          messageId: 'crossAccount',
          pointer: `${pointer}/Principal/AWS`,
          line: 13,
          column: 26,
          severity: 'note',
          message: "the stack's account is not known, so confirm 222222222222 is your own",
        },
      ],
    },
    {
      name: 'a role of another stack in another account of the assembly',
      template: withPolicy(allow('{ AWS: !ImportValue AuditRole }', 's3:GetObject')),
      stack: { name: 'Data', env },
      others: [
        {
          template: `Resources:\n  Auditor:\n    Type: AWS::IAM::Role\nOutputs:\n  Arn:\n    Value: !GetAtt Auditor.Arn\n    Export:\n      Name: AuditRole\n`,
          stack: { name: 'Audit', env: { account: '333333333333', region: 'us-east-1' } },
        },
      ],
      findings: [
        {
          messageId: 'crossAccount',
          pointer: `${pointer}/Principal`,
          line: 13,
          column: 13,
          severity: 'warning',
          message: 'grants account 333333333333',
        },
      ],
    },
    {
      name: 's3:* in one branch of Fn::If',
      template: withPolicy(allow(role, "!If [IsProd, s3:GetObject, 's3:*']"), conditions),
      findings: [
        {
          messageId: 'broadAction',
          pointer: `${pointer}/Action/Fn::If/2`,
          line: 19,
          column: 48,
          message: "every s3 action (s3:*) on bucket 'Bucket' (when IsProd is false)",
        },
      ],
    },
  ],
});
