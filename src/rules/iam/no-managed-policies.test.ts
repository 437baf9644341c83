import { describe, expect, it } from 'vitest';
import { RuleTester, runCase } from '../../testing/rule-tester.js';
import rule from './no-managed-policies.js';

/** What the CDK writes for `new lambda.Function(...)`: a role with AWSLambdaBasicExecutionRole, used by the function. */
const cdkFunction = (extra = '', fnProperties = '') => `Resources:
  HandlerServiceRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']]
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Code: { ZipFile: x }
      Role: !GetAtt HandlerServiceRole.Arn
${fnProperties}${extra}`;

const vpcFunction = cdkFunction(
  `  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties: { VpcId: vpc-1, CidrBlock: 10.0.0.0/24 }\n  Group:\n    Type: AWS::EC2::SecurityGroup\n    Properties: { GroupDescription: fn, VpcId: vpc-1 }\n`,
  `      VpcConfig:\n        SubnetIds: [!Ref Subnet, subnet-0abc]\n        SecurityGroupIds: [!GetAtt Group.GroupId]\n`,
).replace('AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole');

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'no managed policies',
      template: 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n',
    },
    {
      name: 'customer managed policies by ARN and by Ref',
      template:
        "Resources:\n  Managed:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {}\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      ManagedPolicyArns:\n        - !Ref Managed\n        - !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/mine'\n        - arn:aws:iam::123456789012:policy/service-role/other\n",
    },
  ],
  invalid: [
    {
      name: 'the CDK default: AWSLambdaBasicExecutionRole through Fn::Join with AWS::Partition',
      template: cdkFunction(),
      findings: [
        {
          messageId: 'lambda',
          pointer: '/Resources/HandlerServiceRole/Properties/ManagedPolicyArns/0',
          line: 11,
          column: 11,
          message:
            "Role 'HandlerServiceRole' has the AWS managed policy 'AWSLambdaBasicExecutionRole' attached, which allows writing to every log group of the account; function 'Handler' only needs log group /aws/lambda/${Handler}.",
        },
      ],
    },
    {
      name: 'AdministratorAccess on a user, as a literal ARN',
      template:
        'Resources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n',
      findings: [
        {
          messageId: 'managed',
          pointer: '/Resources/User/Properties/ManagedPolicyArns/0',
          line: 5,
          column: 27,
          message: "User 'User' has the AWS managed policy 'AdministratorAccess' attached, which allows * on every resource.",
        },
      ],
    },
    {
      name: 'a managed policy from a parameter default, and one on a branch of Fn::If',
      template:
        "Parameters:\n  Policy:\n    Type: String\n    Default: arn:aws:iam::aws:policy/ReadOnlyAccess\n  Env:\n    Type: String\nConditions:\n  Dev: !Equals [!Ref Env, dev]\nResources:\n  Group:\n    Type: AWS::IAM::Group\n    Properties:\n      ManagedPolicyArns:\n        - !Ref Policy\n        - !If [Dev, !Sub 'arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess', !Ref AWS::NoValue]\n",
      findings: [
        {
          messageId: 'managed',
          pointer: '/Resources/Group/Properties/ManagedPolicyArns/0',
          line: 14,
          column: 11,
          message: "'ReadOnlyAccess' attached (from the default of parameter 'Policy')",
        },
        {
          messageId: 'managed',
          pointer: '/Resources/Group/Properties/ManagedPolicyArns/1/Fn::If/1',
          line: 15,
          column: 21,
          message: "'PowerUserAccess' attached (when Dev is true)",
        },
      ],
    },
    {
      name: 'the VPC variant',
      template: vpcFunction,
      findings: [
        {
          messageId: 'lambda',
          pointer: '/Resources/HandlerServiceRole/Properties/ManagedPolicyArns/0',
          line: 11,
          column: 11,
          message: "'AWSLambdaVPCAccessExecutionRole'",
        },
      ],
    },
  ],
});

/** The suggestion of the only finding of a case. */
function suggestion(template: string): { Statement: { Sid: string; Action: string | string[]; Resource: unknown }[] } {
  const findings = runCase(rule, { template }, 'yaml');
  expect(findings).toHaveLength(1);
  return JSON.parse(findings[0]!.suggestion ?? 'null') as ReturnType<typeof suggestion>;
}
const sub = (s: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${s}` });

describe('iam/no-managed-policies suggestions', () => {
  it("limits AWSLambdaBasicExecutionRole to the function's log group", () => {
    const group = 'logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/${Handler}';
    expect(suggestion(cdkFunction())).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'CreateLogGroup', Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: [sub(group), sub(`${group}:*`)] },
        { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [sub(`${group}:*`)] },
      ],
    });
  });

  it('drops logs:CreateLogGroup when the template creates the log group, and uses a literal function name', () => {
    const doc = suggestion(
      cdkFunction(
        `  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/orders\n`,
        '      FunctionName: orders\n',
      ),
    );
    expect(doc.Statement).toEqual([
      {
        Sid: 'WriteLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [sub('logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/orders:*')],
      },
    ]);
  });

  it("follows LoggingConfig.LogGroup to the function's own log group resource", () => {
    const doc = suggestion(cdkFunction(`  Logs:\n    Type: AWS::Logs::LogGroup\n`, '      LoggingConfig:\n        LogGroup: !Ref Logs\n'));
    expect(doc.Statement.map((s) => s.Resource)).toEqual([[sub('logs:${AWS::Region}:${AWS::AccountId}:log-group:${Logs}:*')]]);
  });

  it('a log group created with Fn::Sub on the function counts as created', () => {
    const doc = suggestion(
      cdkFunction(`  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Sub '/aws/lambda/\${Handler}'\n`),
    );
    expect(doc.Statement.map((s) => s.Sid)).toEqual(['WriteLogs']);
  });

  it('limits the VPC actions to the subnets and security groups of the function', () => {
    const doc = suggestion(vpcFunction);
    expect(doc.Statement.map((s) => s.Sid)).toEqual(['CreateLogGroup', 'WriteLogs', 'DescribeNetwork', 'ManageNetworkInterfaces']);
    expect(doc.Statement[2]).toMatchObject({ Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], Resource: '*' });
    expect(doc.Statement[3]).toMatchObject({
      Action: [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: [
        sub('ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*'),
        sub('ec2:${AWS::Region}:${AWS::AccountId}:subnet/${Subnet}'),
        sub('ec2:${AWS::Region}:${AWS::AccountId}:subnet/subnet-0abc'),
        sub('ec2:${AWS::Region}:${AWS::AccountId}:security-group/${Group.GroupId}'),
      ],
    });
  });

  it('is deterministic', () => {
    const a = runCase(rule, { template: vpcFunction }, 'yaml')[0]?.suggestion;
    const b = runCase(rule, { template: vpcFunction }, 'json')[0]?.suggestion;
    expect(a).toBe(b);
  });

  it('other managed policies carry no suggestion', () => {
    const findings = runCase(
      rule,
      {
        template:
          'Resources:\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n',
      },
      'yaml',
    );
    expect(findings[0]?.suggestion).toBeNull();
  });
});

describe('iam/no-managed-policies on AWS SAM', () => {
  const sam = (properties: string) =>
    `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.13\n${properties}`;
  const scan = (template: string) => runCase(rule, { template }, 'yaml');

  it('reports the AWSLambdaBasicExecutionRole SAM attaches to its generated role, on the function', () => {
    const [finding, ...rest] = scan(sam(''));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ messageId: 'samImplicit', pointer: '/Resources/Fn', range: { start: { line: 3, column: 3 } } });
    expect(finding!.detail).toEqual(['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  });

  it('reports managed policies named in Policies, at the entry, and not SAM templates or inline documents', () => {
    const findings = scan(
      sam(
        "      Policies:\n        - PowerUserAccess\n        - arn:aws:iam::aws:policy/AmazonS3FullAccess\n        - arn:aws:iam::111111111111:policy/own\n        - S3ReadPolicy:\n            BucketName: b\n        - Statement: [{ Effect: Allow, Action: 's3:GetObject', Resource: '*' }]\n",
      ),
    );
    expect(findings.map((f) => [f.messageId, f.pointer, f.range.start.line])).toEqual([
      ['samImplicit', '/Resources/Fn', 3],
      ['managed', '/Resources/Fn/Properties/Policies/0', 9],
      ['managed', '/Resources/Fn/Properties/Policies/1', 10],
    ]);
    expect(findings[1]!.message).toContain("'PowerUserAccess'");
  });

  it('a Role replaces the generated role: nothing from SAM', () => {
    expect(scan(sam('      Role: arn:aws:iam::111111111111:role/own\n      Policies: [PowerUserAccess]\n'))).toEqual([]);
    expect(scan(sam('').replace('Resources:', 'Globals:\n  Function:\n    Role: arn:aws:iam::111111111111:role/own\nResources:'))).toEqual(
      [],
    );
  });
});
