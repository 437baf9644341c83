import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-wildcard-resources.js';

const policy = (statement: string, head = '') => `${head}Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: P
      Roles: [r]
      PolicyDocument:
        Statement:
${statement}`;
const statement = (action: string, resource: string) =>
  `          - Effect: Allow\n            Action: ${action}\n            Resource: ${resource}\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: "CDK grantReadWrite: the bucket's ARN and ${Bucket.Arn}/* are scoped",
      template: policy(
        statement(
          '[s3:GetObject*, s3:GetBucket*, s3:List*, s3:DeleteObject*, s3:PutObject, s3:Abort*]',
          "[!GetAtt Bucket.Arn, !Join ['', [!GetAtt Bucket.Arn, '/*']]]",
        ),
      ),
    },
    {
      name: 'actions without resource-level permissions on *',
      template: policy(statement('[s3:ListAllMyBuckets, logs:DescribeLogGroups, xray:PutTraceSegments]', "'*'")),
    },
    {
      name: 'a literal ARN naming one log group',
      template: policy(statement('logs:PutLogEvents', 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*')),
    },
    {
      name: 'Fn::Sub with a reference inside the resource part',
      template: policy(statement('s3:GetObject', "!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'")),
    },
    {
      name: 'Deny on * is fine',
      template: policy(`          - Effect: Deny\n            Action: s3:DeleteBucket\n            Resource: '*'\n`),
    },
    {
      name: 'resource policies are not identity policies',
      template: `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::210987654321:role/app }\n            Action: kms:Decrypt\n            Resource: '*'\n`,
    },
  ],
  invalid: [
    {
      name: 'an inline policy named with Fn::Sub reads by its text, a parameter without default by its name',
      template: `Parameters:
  Env:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      Policies:
        - PolicyName: !Sub '\${AWS::StackName}-\${Env}'
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: !Sub 'arn:aws:sqs:\${AWS::Region}:\${AWS::AccountId}:*'
`,
      findings: [
        {
          messageId: 'scopable',
          pointer: '/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0/Resource',
          line: 15,
          column: 17,
          message:
            "Inline policy '${AWS::StackName}-${Env}' of role 'Role' allows 'sqs:SendMessage' on 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:*'",
        },
      ],
    },
    {
      name: 's3:* on * (the prototype)',
      template: policy(statement('s3:*', "'*'")),
      findings: [
        {
          messageId: 'scopable',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource',
          line: 13,
          column: 13,
          message: "Policy 'Policy' allows 's3:*' on '*' in statement 1; these actions support resource-level permissions",
        },
      ],
    },
    {
      name: 'only the scopable actions of a mixed statement are named',
      template: policy(statement('[s3:ListAllMyBuckets, s3:GetObject]', "['*']")),
      findings: [
        {
          messageId: 'scopable',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource/0',
          line: 13,
          column: 24,
          message: "allows 's3:GetObject' on '*'",
        },
      ],
    },
    {
      name: 'an ARN that is only wildcards after its type',
      template: policy(
        statement(
          '[logs:CreateLogStream, logs:PutLogEvents]',
          "!Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'",
        ),
      ),
      findings: [
        {
          messageId: 'scopable',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource',
          line: 13,
          column: 13,
          message:
            "'logs:CreateLogStream', 'logs:PutLogEvents' on 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'",
        },
      ],
    },
    {
      name: 'every bucket by ARN',
      template: policy(statement('s3:GetObject', 'arn:aws:s3:::*/*')),
      findings: [
        { messageId: 'scopable', pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource', line: 13, column: 13 },
      ],
    },
    {
      name: 'an action whose only resource type is optional is a warning',
      template: policy(statement('cloudwatch:PutMetricData', "'*'")),
      findings: [
        {
          messageId: 'optional',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource',
          line: 13,
          column: 13,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'both branches of Fn::If in Resource',
      template: policy(
        statement('dynamodb:GetItem', "!If [Shared, '*', !Sub 'arn:aws:dynamodb:us-east-1:123456789012:table/app']"),
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Shared: !Equals [!Ref Env, shared]\n`,
      ),
      findings: [
        {
          messageId: 'scopable',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource/Fn::If/1',
          line: 18,
          column: 36,
          message: '(when Shared is true)',
        },
      ],
    },
    {
      name: 'a resource from a parameter default, and one without default',
      template: policy(
        statement('sqs:SendMessage', '[!Ref Queues, !Ref Other]'),
        `Parameters:\n  Queues:\n    Type: String\n    Default: '*'\n  Other:\n    Type: String\n`,
      ),
      findings: [
        {
          messageId: 'scopable',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource/0',
          line: 19,
          column: 24,
          message: "from the default of parameter 'Queues'",
        },
        {
          messageId: 'resourceNotKnown',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource/1',
          line: 19,
          column: 37,
          severity: 'note',
          message: "parameter 'Other' has no default",
        },
      ],
    },
    {
      name: 'an inline role policy with an action the catalog does not know',
      template: `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: newservice:DoThing\n                Resource: '*'\n`,
      findings: [
        {
          messageId: 'unknownActions',
          pointer: '/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0/Resource',
          line: 11,
          column: 17,
          severity: 'note',
          message: "Inline policy 'p' of role 'Role'",
        },
      ],
    },
  ],
});

describe('iam/no-wildcard-resources and administrator access', () => {
  it("leaves '*' on '*' to iam/no-allow-not-action, and still reports '*' for scoped actions", async () => {
    const { runCase } = await import('../../testing/rule-tester.js');
    const { expect } = await import('vitest');
    const policy = (actions: string) =>
      `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: ${actions}\n            Resource: '*'\n`;
    expect(runCase(rule, { template: policy("'*'") }, 'yaml')).toEqual([]);
    expect(runCase(rule, { template: policy('s3:GetObject') }, 'yaml').map((f) => f.messageId)).toEqual(['scopable']);
  });
});
