/**
 * The fixes of every fixable rule, through the RuleTester: each invalid case gives the fixed YAML text, the JSON
 * applier must reach the same model, and neither output may trigger the rule again.
 */
import { describe, expect, it } from 'vitest';
import blockPublicAccess from '../rules/s3/block-public-access.js';
import encryption from '../rules/s3/encryption-at-rest.js';
import objectOwnership from '../rules/s3/object-ownership.js';
import tlsOnly from '../rules/s3/tls-only.js';
import versioning from '../rules/s3/versioning.js';
import managedPolicies from '../rules/iam/no-managed-policies.js';
import terminationProtection from '../rules/cfn/termination-protection.js';
import { RuleTester, runCase } from '../testing/rule-tester.js';

const tester = new RuleTester({ describe, it });
const bucket = (body: string) => `Resources:\n  # the data\n  Bucket:\n    Type: AWS::S3::Bucket\n${body}`;

tester.run(blockPublicAccess, {
  valid: [
    {
      name: 'all four on',
      template: bucket(
        '    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'absent: the four flags are added after the comment-keeping Tags',
      template: bucket('    Properties:\n      Tags: [{Key: a, Value: !Ref AWS::StackName}] # keep\n'),
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket/Properties', line: 5, column: 5 }],
      output: bucket(
        '    Properties:\n      Tags: [{Key: a, Value: !Ref AWS::StackName}] # keep\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n',
      ),
    },
    {
      name: 'a flag left out is added inside a flow mapping',
      template: bucket(
        '    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true}\n',
      ),
      findings: [{ messageId: 'flagMissing', pointer: '/Resources/Bucket/Properties/PublicAccessBlockConfiguration', line: 6, column: 7 }],
      output: bucket(
        '    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}\n',
      ),
    },
  ],
});

describe('s3/block-public-access refuses', () => {
  it('an explicit false, unless told to override', () => {
    const input = {
      template: bucket(
        '    Properties:\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: false\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n',
      ),
    };
    expect(runCase(blockPublicAccess, input, 'yaml')[0]!.autofix).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/explicitly/),
    });
    expect(runCase(blockPublicAccess, { ...input, options: { fix: { overrideExplicit: true } } }, 'yaml')[0]!.autofix).toMatchObject({
      kind: 'fix',
    });
  });
  it('a value inside Fn::If', () => {
    const template =
      'Parameters:\n  P:\n    Type: String\nConditions:\n  C: !Equals [!Ref P, b]\n' +
      bucket(
        '    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: !If [C, true, false], BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true}\n',
      );
    const findings = runCase(blockPublicAccess, { template }, 'yaml');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.autofix).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/conditions \(C\)/) });
  });
});

tester.run(encryption, {
  valid: [
    {
      name: 'SSE-S3',
      template: bucket(
        '    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'no Properties at all: SSE-S3 is added',
      template: bucket('    DeletionPolicy: Retain\n'),
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket', line: 3, column: 3 }],
      output: bucket(
        '    DeletionPolicy: Retain\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n',
      ),
    },
    {
      name: 'strict: SSE-KMS with a bucket key and the given key',
      template: bucket('    Properties: {}\n'),
      options: { profile: 'strict', fix: { kmsKeyId: 'alias/data' } },
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket/Properties', line: 5, column: 5 }],
      output: bucket(
        '    Properties: {BucketEncryption: {"ServerSideEncryptionConfiguration":[{"ServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"alias/data"},"BucketKeyEnabled":true}]}}\n',
      ),
    },
  ],
});

tester.run(versioning, {
  valid: [{ name: 'enabled', template: bucket('    Properties:\n      VersioningConfiguration: {Status: Enabled}\n') }],
  invalid: [
    {
      name: 'missing: added with the file’s 4-space indentation',
      template:
        'Resources:\n    Bucket:\n        Type: AWS::S3::Bucket\n        Properties:\n            BucketName: !Sub "${AWS::StackName}-data"\n',
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket/Properties', line: 4, column: 9 }],
      output:
        'Resources:\n    Bucket:\n        Type: AWS::S3::Bucket\n        Properties:\n            BucketName: !Sub "${AWS::StackName}-data"\n            VersioningConfiguration:\n                Status: Enabled\n',
    },
    {
      name: 'Suspended is changed only with overrideExplicit',
      template: bucket('    Properties:\n      VersioningConfiguration:\n        Status: Suspended # paused\n'),
      options: { fix: { overrideExplicit: true } },
      findings: [{ messageId: 'suspended', pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status', line: 7, column: 9 }],
      output: bucket('    Properties:\n      VersioningConfiguration:\n        Status: Enabled # paused\n'),
    },
  ],
});

tester.run(objectOwnership, {
  valid: [
    {
      name: 'enforced',
      template: bucket('    Properties:\n      OwnershipControls:\n        Rules: [{ObjectOwnership: BucketOwnerEnforced}]\n'),
    },
  ],
  invalid: [
    {
      name: 'missing, no ACL: BucketOwnerEnforced is added',
      template: bucket('    Properties:\n      BucketName: data\n'),
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket/Properties', line: 5, column: 5 }],
      output: bucket(
        '    Properties:\n      BucketName: data\n      OwnershipControls:\n        Rules:\n          - ObjectOwnership: BucketOwnerEnforced\n',
      ),
    },
  ],
});

describe('s3/object-ownership refuses', () => {
  it('a bucket with AccessControl (ACL grants may be relied on)', () => {
    const [finding] = runCase(objectOwnership, { template: bucket('    Properties:\n      AccessControl: LogDeliveryWrite\n') }, 'yaml');
    expect(finding!.autofix).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/AccessControl/) });
  });
});

const policy = (statements: string) =>
  `  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n      PolicyDocument:\n        Statement:\n${statements}`;
tester.run(tlsOnly, {
  valid: [
    {
      name: 'a new policy from the fix is valid',
      template:
        bucket('    Properties: {}\n') +
        policy(
          '          - {Effect: Deny, Principal: "*", Action: "s3:*", Resource: [!GetAtt Bucket.Arn, !Sub "${Bucket.Arn}/*"], Condition: {Bool: {aws:SecureTransport: "false"}}}\n',
        ),
    },
  ],
  invalid: [
    {
      name: 'no policy: a new AWS::S3::BucketPolicy',
      template: bucket('    Properties:\n      BucketName: !Sub ${AWS::StackName}-data\n'),
      findings: [{ messageId: 'noPolicy', pointer: '/Resources/Bucket', line: 3, column: 3 }],
      output:
        bucket('    Properties:\n      BucketName: !Sub ${AWS::StackName}-data\n') +
        '  BucketTlsOnlyPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement:\n          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal:\n              AWS: "*"\n            Action: s3:*\n            Resource:\n              - !GetAtt Bucket.Arn\n              - !Join [ "", [ !GetAtt Bucket.Arn, /* ] ]\n            Condition:\n              Bool:\n                aws:SecureTransport: "false"\n',
    },
    {
      name: 'a policy without the Deny: the statement is appended to it',
      template:
        bucket('    Properties: {}\n') +
        policy('          - {Effect: Allow, Principal: {AWS: "111122223333"}, Action: s3:GetObject, Resource: !Sub "${Bucket.Arn}/*"}\n'),
      findings: [{ messageId: 'noDeny', pointer: '/Resources/Policy/Properties/PolicyDocument', line: 10, column: 7 }],
      output:
        bucket('    Properties: {}\n') +
        policy(
          '          - {Effect: Allow, Principal: {AWS: "111122223333"}, Action: s3:GetObject, Resource: !Sub "${Bucket.Arn}/*"}\n          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal:\n              AWS: "*"\n            Action: s3:*\n            Resource:\n              - !GetAtt Bucket.Arn\n              - !Join [ "", [ !GetAtt Bucket.Arn, /* ] ]\n            Condition:\n              Bool:\n                aws:SecureTransport: "false"\n',
        ),
    },
  ],
});

const role = (extra: string, trust = 'lambda.amazonaws.com') =>
  `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: {Service: ${trust}}, Action: sts:AssumeRole}\n      ManagedPolicyArns:\n        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n${extra}` +
  `  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role.Arn\n      FunctionName: handler\n`;
const logsPolicy = (statements: string) =>
  `  RoleLambdaLogs:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: lambda-execution\n      PolicyDocument:\n        Version: 2012-10-17\n        Statement:\n${statements}      Roles:\n        - !Ref Role\n`;
const sub = (region: string, group: string) => `!Sub arn:\${AWS::Partition}:logs:${region}:\${AWS::AccountId}:log-group:${group}`;
const basic =
  `          - Sid: CreateLogGroup\n            Effect: Allow\n            Action: logs:CreateLogGroup\n            Resource:\n              - ${sub('${AWS::Region}', '/aws/lambda/handler')}\n              - ${sub('${AWS::Region}', '/aws/lambda/handler:*')}\n` +
  `          - Sid: WriteLogs\n            Effect: Allow\n            Action:\n              - logs:CreateLogStream\n              - logs:PutLogEvents\n            Resource:\n              - ${sub('${AWS::Region}', '/aws/lambda/handler:*')}\n`;
tester.run(managedPolicies, {
  valid: [{ name: 'no managed policy', template: 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: {}\n' }],
  invalid: [
    {
      name: 'AWSLambdaBasicExecutionRole: the ARN goes, a separate AWS::IAM::Policy comes',
      template: role('      Path: /\n'),
      findings: [{ messageId: 'lambda', pointer: '/Resources/Role/Properties/ManagedPolicyArns/0', line: 9, column: 11 }],
      output:
        `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}\n      Path: /\n` +
        `  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role.Arn\n      FunctionName: handler\n` +
        logsPolicy(basic),
    },
    {
      name: 'Lambda@Edge: the replica log groups in every region stay writable',
      template: role('      Path: /\n', '[lambda.amazonaws.com, edgelambda.amazonaws.com]'),
      findings: [{ messageId: 'lambda', pointer: '/Resources/Role/Properties/ManagedPolicyArns/0', line: 9, column: 11 }],
      output:
        `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: {Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]}, Action: sts:AssumeRole}\n      Path: /\n` +
        `  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role.Arn\n      FunctionName: handler\n` +
        logsPolicy(
          basic +
            `          - Sid: EdgeReplicaLogs\n            Effect: Allow\n            Action:\n              - logs:CreateLogGroup\n              - logs:CreateLogStream\n              - logs:PutLogEvents\n            Resource:\n              - ${sub('*', '/aws/lambda/us-east-1.handler')}\n              - ${sub('*', '/aws/lambda/us-east-1.handler:*')}\n`,
        ),
    },
  ],
});

describe('cfn/termination-protection', () => {
  it('offers the stack setting: the CDK applier sets it, a template gets the command', () => {
    const [finding] = runCase(terminationProtection, { template: 'Resources: {}\n' }, 'yaml');
    expect(finding!.autofix).toMatchObject({
      kind: 'fix',
      operations: [
        {
          op: 'stackSetting',
          setting: 'terminationProtection',
          value: true,
          command: expect.stringContaining('update-termination-protection'),
        },
      ],
    });
  });
});
