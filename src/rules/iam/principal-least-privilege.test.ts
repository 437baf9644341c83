import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './principal-least-privilege.js';

const role = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-role
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;
const policy = (id: string, statement: string, attach = 'Roles: [!Ref Role]', type = 'AWS::IAM::Policy') => `  ${id}:
    Type: ${type}
    Properties:
      PolicyName: ${id}
      ${attach}
      PolicyDocument:
        Statement:
${statement}`;
const allow = (action: string, resource: string) =>
  `          - Effect: Allow\n            Action: ${action}\n            Resource: ${resource}\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'iam:PassRole on one named role, with lambda:CreateFunction: it can only hand that role to its functions',
      template:
        role + policy('Deploy', allow('iam:PassRole', "'arn:aws:iam::111122223333:role/app-fn'") + allow('lambda:CreateFunction', "'*'")),
    },
    {
      name: 'iam:PassRole on * limited by a condition (iam:PassedToService), with lambda:CreateFunction',
      template:
        role +
        policy(
          'Deploy',
          `${allow('iam:PassRole', "'*'")}            Condition: { StringEquals: { iam:PassedToService: lambda.amazonaws.com } }\n${allow('lambda:CreateFunction', "'*'")}`,
        ),
    },
    {
      name: 'iam:PassRole on * without any action that hands a role to a service',
      template: role + policy('Pass', allow('iam:PassRole', "'*'") + allow('s3:GetObject', "'*'")),
    },
    {
      name: 'cloudformation:* on *: its only Permissions management action, SetStackPolicy, restricts stack updates and grants nobody access',
      template: role + policy('Stacks', allow("'cloudformation:*'", "'*'")),
    },
    {
      name: 'ENI permissions on * (the EKS and ECS service roles): they let an AWS service attach an interface, no identity gains access',
      template: role + policy('Eni', allow('[ec2:CreateNetworkInterfacePermission, ec2:DeleteNetworkInterfacePermission]', "'*'")),
    },
    {
      name: 'logs:* on every log ARN: the actions that manage permissions (logs:PutResourcePolicy) have no resource type, so only * grants them',
      template: role + policy('Logs', allow("'logs:*'", "'arn:aws:logs:*:*:*'")),
    },
    {
      name: 'an ARN of every bucket grants no IAM action: iam:PutRolePolicy is not granted on S3 resources',
      template: role + policy('Mixed', allow('[iam:PutRolePolicy, s3:GetObject]', "'arn:aws:s3:::*'")),
    },
    {
      name: "'*' with NotResource '*' excludes every resource: the role gains nothing",
      template: role + policy('Dead', `          - Effect: Allow\n            Action: '*'\n            NotResource: '*'\n`),
    },
    {
      name: "CDK grantReadWrite in the role's default policy",
      template:
        role +
        `  Bucket:\n    Type: AWS::S3::Bucket\n` +
        policy(
          'DefaultPolicy',
          allow(
            '[s3:GetObject*, s3:GetBucket*, s3:List*, s3:DeleteObject*, s3:PutObject, s3:Abort*]',
            "[!GetAtt Bucket.Arn, !Join ['', [!GetAtt Bucket.Arn, '/*']]]",
          ),
        ),
    },
    {
      name: 'permissions management on one named role',
      template: role + policy('P', allow('iam:PutRolePolicy', 'arn:aws:iam::123456789012:role/worker')),
    },
    {
      name: 's3:* on one bucket',
      template: role + `  Bucket:\n    Type: AWS::S3::Bucket\n` + policy('P', allow('s3:*', '!GetAtt Bucket.Arn')),
    },
    { name: 'read-only wildcards on *', template: role + policy('P', allow("['s3:Get*', 'iam:List*']", "'*'")) },
    {
      // A CloudWatch Logs resource policy only lets AWS services write logs (AWS enforces it for no other
      // principal); vended logs need it on *, and the CDK writes this statement for a state machine's logging.
      name: "the log-delivery statement of a state machine's logging, logs:PutResourcePolicy on *",
      template:
        role +
        policy(
          'DefaultPolicy',
          allow(
            '[logs:CreateLogDelivery, logs:GetLogDelivery, logs:UpdateLogDelivery, logs:DeleteLogDelivery, logs:ListLogDeliveries, logs:PutResourcePolicy, logs:DescribeResourcePolicies, logs:DescribeLogGroups]',
            "'*'",
          ),
        ) +
        policy('Cleanup', allow('logs:DeleteResourcePolicy', "'*'")),
    },
  ],
  invalid: [
    {
      name: 'iam:PassRole on * and lambda:CreateFunction in two policies: it can run a function as any role',
      template:
        role +
        policy('Pass', allow('iam:PassRole', "'*'")) +
        policy('Create', allow('[lambda:CreateFunction, lambda:InvokeFunction]', "'arn:aws:lambda:*:111122223333:function:app-*'")),
      findings: [
        {
          messageId: 'passRole',
          pointer: '/Resources/Role',
          line: 2,
          column: 3,
          message:
            "Role 'Role' can pass any role to a service it controls (lambda:CreateFunction) through 'iam:PassRole' in policy 'Pass'; 'lambda:CreateFunction' in policy 'Create'",
        },
      ],
    },
    {
      name: 'iam:Pass* on every role ARN with cloudformation:CreateStack: it can deploy a stack as any role',
      template: role + policy('Deploy', allow("['iam:Pass*', 'cloudformation:CreateStack']", "'arn:aws:iam::*:role/*'")),
      findings: [{ messageId: 'passRole', pointer: '/Resources/Role', line: 2, column: 3 }],
    },
    {
      name: 's3:PutBucketPolicy on an ARN of every bucket still manages every bucket policy',
      template: role + policy('Buckets', allow('s3:PutBucketPolicy', "'arn:aws:s3:::*'")),
      findings: [
        {
          messageId: 'escalation',
          pointer: '/Resources/Role',
          line: 2,
          column: 3,
          message:
            "Role 'Role' can manage permissions on every resource (s3:PutBucketPolicy) through 's3:PutBucketPolicy' in policy 'Buckets'",
        },
      ],
    },
    {
      name: "a SAM function without Role stands for the role SAM generates: its Policies' grants are joined",
      template:
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n      Policies:\n        - AdministratorAccess\n',
      findings: [
        {
          messageId: 'generatedAdmin',
          pointer: '/Resources/Fn',
          line: 3,
          column: 3,
          message: "Function 'Fn' (SAM's generated role) has administrator access through the AWS managed policy 'AdministratorAccess'.",
        },
      ],
    },
    {
      name: 'a SAM state machine with an inline iam:* on *',
      template:
        "Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: 'iam:*'\n              Resource: '*'\n",
      findings: [
        {
          messageId: 'generatedEscalation',
          pointer: '/Resources/Machine',
          line: 2,
          column: 3,
        },
      ],
    },
    {
      name: 'only the role a policy is attached to gets its grants',
      template:
        role +
        `  Other:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n` +
        policy('P', allow("'*'", "'*'"), 'Roles: [!Ref Other]'),
      findings: [
        {
          messageId: 'admin',
          pointer: '/Resources/Other',
          line: 11,
          column: 3,
          message: "Role 'Other' has administrator access through '*' in policy 'P'.",
        },
      ],
    },
    {
      name: 'logs:PutResourcePolicy next to a permission that does escalate: only the latter is named',
      template: role + policy('P', allow('[logs:PutResourcePolicy, sqs:AddPermission]', "'*'")),
      findings: [
        {
          messageId: 'escalation',
          pointer: '/Resources/Role',
          line: 2,
          column: 3,
          message: "Role 'Role' can manage permissions on every resource (sqs:AddPermission) through 'sqs:AddPermission' in policy 'P'",
        },
      ],
    },
    {
      name: 's3:* on * next to the CDK default policy (the prototype)',
      template: role + policy('DefaultPolicy', allow('s3:GetObject*', "'*'")) + policy('WildcardS3Policy', allow('s3:*', "'*'")),
      findings: [
        {
          messageId: 'escalation',
          pointer: '/Resources/Role',
          line: 2,
          column: 3,
          message:
            "Role 'Role' can manage permissions on every resource (s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutAccessPointPolicy, s3:DeleteAccessPointPolicy and 23 more) through 's3:*' in policy 'WildcardS3Policy': it can grant itself more access.",
        },
      ],
    },
    {
      name: 'administrator access from an inline policy, with a customer managed policy attached by ManagedPolicyArns',
      template:
        role.replace(
          '      RoleName: app-role\n',
          '      RoleName: app-role\n      ManagedPolicyArns: [!Ref Managed]\n      Policies:\n        - PolicyName: admin\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: "*"\n                Resource: "*"\n',
        ) + policy('Managed', allow('iam:*Policy*', "'*'"), 'Description: x', 'AWS::IAM::ManagedPolicy'),
      findings: [
        {
          messageId: 'admin',
          pointer: '/Resources/Role',
          line: 2,
          column: 3,
          message:
            "Role 'Role' has administrator access through '*' in inline policy 'admin' of role 'Role'; 'iam:*Policy*' in policy 'Managed'.",
        },
      ],
    },
    {
      name: 'policies attached by name, by AWS::IAM::RolePolicy and from another stack through Fn::ImportValue',
      template:
        role +
        policy('ByName', allow('iam:PutRolePolicy', "'*'"), 'Roles: [app-role]') +
        policy('Single', allow('kms:PutKeyPolicy', "'*'"), 'RoleName: !Ref Role', 'AWS::IAM::RolePolicy') +
        `Outputs:\n  RoleName:\n    Value: !Ref Role\n    Export: { Name: app-role-name }\n`,
      others: [{ template: 'Resources:\n' + policy('Imported', allow('sqs:AddPermission', "'*'"), 'Roles: [!ImportValue app-role-name]') }],
      findings: [
        {
          messageId: 'escalation',
          pointer: '/Resources/Role',
          line: 2,
          column: 3,
          message:
            "(kms:PutKeyPolicy, iam:PutRolePolicy, sqs:AddPermission) through 'iam:PutRolePolicy' in policy 'ByName'; 'sqs:AddPermission' in policy 'Imported'; 'kms:PutKeyPolicy' in policy 'Single'",
        },
      ],
    },
    {
      name: "a user gets its group's policies",
      template:
        `Resources:\n  Group:\n    Type: AWS::IAM::Group\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [!Ref Group]\n` +
        policy('GroupPolicy', allow('iam:Attach*', "'*'"), 'Groups: [!Ref Group]'),
      findings: [
        {
          messageId: 'escalation',
          pointer: '/Resources/Group',
          line: 2,
          column: 3,
          message:
            "Group 'Group' can manage permissions on every resource (iam:AttachRolePolicy, iam:AttachUserPolicy, iam:AttachGroupPolicy)",
        },
        {
          messageId: 'escalation',
          pointer: '/Resources/User',
          line: 4,
          column: 3,
          message: "through 'iam:Attach*' in policy 'GroupPolicy' (through group 'Group')",
        },
      ],
    },
    {
      name: 'AWS managed AdministratorAccess, on one branch of Fn::If',
      template:
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Dev: !Equals [!Ref Env, dev]\n` +
        role.replace(
          '      RoleName: app-role\n',
          "      ManagedPolicyArns:\n        - !If [Dev, !Sub 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess', !Ref AWS::NoValue]\n",
        ),
      findings: [
        {
          messageId: 'admin',
          pointer: '/Resources/Role',
          line: 7,
          column: 3,
          message: "through the AWS managed policy 'AdministratorAccess' (when Dev is true)",
        },
      ],
    },
    {
      name: 'NotAction on every resource',
      template: role + policy('P', `          - Effect: Allow\n            NotAction: iam:*\n            Resource: '*'\n`),
      findings: [
        {
          messageId: 'escalation',
          pointer: '/Resources/Role',
          line: 2,
          column: 3,
          message: "Role 'Role' can manage permissions on every resource through 'NotAction' in policy 'P'",
        },
      ],
    },
  ],
});
