import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditStacks } from './cloudformation.js';
import { auditSecurityGroups } from './ec2.js';
import { auditIam, decode } from './iam.js';
import { auditFunctions } from './lambda.js';
import { awsError, mockedAudit } from './test-support.js';

const cfn = mockClient(CloudFormationClient);
const iam = mockClient(IAMClient);
const ec2 = mockClient(EC2Client);
const lambda = mockClient(LambdaClient);
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const stack = (name: string, protectedStack: boolean, parent?: string) => ({
  StackName: name,
  StackId: `arn:aws:cloudformation:us-east-1:111122223333:stack/${name}/1`,
  StackStatus: 'CREATE_COMPLETE' as const,
  CreationTime: new Date(0),
  EnableTerminationProtection: protectedStack,
  ...(parent ? { ParentId: parent } : {}),
});

describe('CloudFormation: termination protection and resource ownership', () => {
  beforeEach(() => {
    cfn.reset();
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
  });

  it('compliant and non-compliant stacks, nested stacks skipped, pages followed', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('Protected', true)], NextToken: 'n' })
      .resolves({ Stacks: [stack('Open', false), stack('Nested', false, 'arn:parent')] });
    const audit = mockedAudit();
    expect(await auditStacks(audit, 'us-east-1')).toEqual(['Protected', 'Open', 'Nested']);
    expect(audit.sink.findings.map((f) => [f.ruleId, f.message, f.stack, f.pointer])).toEqual([
      [
        'cfn/termination-protection',
        "Stack 'Open' in us-east-1 does not enable termination protection (DescribeStacks EnableTerminationProtection is false).",
        'Open',
        '/EnableTerminationProtection',
      ],
    ]);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(2);
  });

  it('records which stack owns each resource, over ListStackResources pages', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('App', true)] });
    cfn
      .on(ListStackResourcesCommand)
      .resolvesOnce({
        StackResourceSummaries: [
          {
            LogicalResourceId: 'Bucket1',
            PhysicalResourceId: 'b1',
            ResourceType: 'AWS::S3::Bucket',
            ResourceStatus: 'CREATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
        ],
        NextToken: 'p2',
      })
      .resolves({
        StackResourceSummaries: [
          {
            LogicalResourceId: 'Role1',
            PhysicalResourceId: 'r1',
            ResourceType: 'AWS::IAM::Role',
            ResourceStatus: 'CREATE_COMPLETE',
            LastUpdatedTimestamp: new Date(0),
          },
        ],
      });
    const audit = mockedAudit();
    await auditStacks(audit, 'us-east-1');
    expect(audit.ownerOf('AWS::S3::Bucket', 'b1')).toEqual({ stack: 'App', logicalId: 'Bucket1', region: 'us-east-1' });
    expect(audit.ownerOf('AWS::IAM::Role', 'r1')).toEqual({ stack: 'App', logicalId: 'Role1', region: 'us-east-1' });
  });

  it('AccessDenied in a region is one error entry for that region; throttling that outlasts retries too', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 403));
    const audit = mockedAudit();
    expect(await auditStacks(audit, 'eu-west-1')).toEqual([]);
    cfn.on(DescribeStacksCommand).rejects(awsError('Throttling', 400));
    await auditStacks(audit, 'us-east-1');
    expect(audit.sink.errors.map((e) => [e.code, e.operation, e.region])).toEqual([
      ['AWS_ACCESS_DENIED', 'cloudformation:DescribeStacks', 'eu-west-1'],
      ['AWS_ERROR', 'cloudformation:DescribeStacks', 'us-east-1'],
    ]);
  });
});

describe('IAM: GetAccountAuthorizationDetails through the template rules', () => {
  beforeEach(() => iam.reset());
  const role = (name: string, extra: object = {}) => ({
    RoleName: name,
    Arn: `arn:aws:iam::111122223333:role/${name}`,
    Path: '/',
    RoleId: 'AROA',
    CreateDate: new Date(0),
    AssumeRolePolicyDocument: enc({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
    ...extra,
  });

  it('reports AWS managed policies and wildcards, follows Marker pages, and links customer managed policies', async () => {
    const policyArn = 'arn:aws:iam::111122223333:policy/Wide';
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({
        RoleDetailList: [role('fn-role', { AttachedManagedPolicies: [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC }] })],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolves({
        RoleDetailList: [role('clean'), role('wide', { AttachedManagedPolicies: [{ PolicyName: 'Wide', PolicyArn: policyArn }] })],
        // The customer managed policy comes on a later page than nothing: attachments are written after every page.
        Policies: [
          {
            PolicyName: 'Wide',
            Arn: policyArn,
            DefaultVersionId: 'v1',
            PolicyVersionList: [
              {
                VersionId: 'v1',
                IsDefaultVersion: true,
                Document: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
              },
            ],
          },
        ],
        IsTruncated: false,
      });
    const audit = mockedAudit();
    await auditIam(audit);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(2);
    const by = (arn: string) => audit.sink.findings.filter((f) => f.arn === arn).map((f) => f.ruleId);
    expect(by('arn:aws:iam::111122223333:role/fn-role')).toEqual(['iam/no-managed-policies']);
    expect(audit.sink.findings.find((f) => f.ruleId === 'iam/no-managed-policies')!.message).toContain('AWSLambdaBasicExecutionRole');
    expect(by('arn:aws:iam::111122223333:role/clean')).toEqual([]);
    // The wildcard is in the customer managed policy, and the per-principal view sees it through the attachment.
    expect(by(policyArn)).toContain('iam/no-wildcard-actions');
    expect(by('arn:aws:iam::111122223333:role/wide')).toContain('iam/principal-least-privilege');
    expect(audit.sink.findings.find((f) => f.arn === policyArn && f.ruleId === 'iam/no-wildcard-actions')!.pointer).toBe(
      '/DefaultVersion/Document/Statement/0/Action',
    );
  });

  it('AccessDenied is one error entry, and no finding is guessed', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).rejects(awsError('AccessDenied', 403));
    const audit = mockedAudit();
    await auditIam(audit);
    expect(audit.sink.errors.map((e) => [e.code, e.operation])).toEqual([['AWS_ACCESS_DENIED', 'iam:GetAccountAuthorizationDetails']]);
    expect(audit.sink.findings).toEqual([]);
  });

  it('reads URL-encoded and plain policy documents', () => {
    expect(decode('%7B%22a%22%3A1%7D')).toEqual({ a: 1 });
    expect(decode('{"a":1}')).toEqual({ a: 1 });
    expect(decode('%zz')).toBeUndefined();
  });
});

describe('EC2 security groups and Lambda runtimes', () => {
  beforeEach(() => {
    ec2.reset();
    lambda.reset();
  });

  it('flags world-open SSH, passes HTTPS, pages through groups', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({
        SecurityGroups: [
          {
            GroupId: 'sg-1',
            Description: 'd',
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          },
        ],
        NextToken: 'n',
      })
      .resolves({
        SecurityGroups: [
          {
            GroupId: 'sg-2',
            Description: 'd',
            IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
          },
        ],
      });
    const audit = mockedAudit();
    await auditSecurityGroups(audit, 'us-east-1');
    expect(audit.sink.findings.map((f) => [f.ruleId, f.arn, f.pointer])).toEqual([
      ['ec2/no-open-ingress', 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-1', '/IpPermissions/0/CidrIp'],
    ]);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(2);
  });

  it('flags a deprecated runtime, passes a current one and container images; UnauthorizedOperation and AccessDeniedException are error entries', async () => {
    lambda
      .on(ListFunctionsCommand)
      .resolvesOnce({ Functions: [{ FunctionName: 'old', Runtime: 'nodejs16.x' }], NextMarker: 'm' })
      .resolves({
        Functions: [
          { FunctionName: 'new', Runtime: 'python3.13' },
          { FunctionName: 'image', PackageType: 'Image' },
        ],
      });
    const audit = mockedAudit();
    await auditFunctions(audit, 'us-east-1');
    expect(audit.sink.findings.map((f) => [f.ruleId, f.arn])).toEqual([
      ['lambda/runtime-deprecated', 'arn:aws:lambda:us-east-1:111122223333:function:old'],
    ]);
    ec2.on(DescribeSecurityGroupsCommand).rejects(awsError('UnauthorizedOperation', 403));
    lambda.on(ListFunctionsCommand).rejects(awsError('AccessDeniedException', 403));
    const denied = mockedAudit();
    await auditSecurityGroups(denied, 'eu-west-1');
    await auditFunctions(denied, 'eu-west-1');
    expect(denied.sink.errors.map((e) => [e.code, e.operation])).toEqual([
      ['AWS_ACCESS_DENIED', 'ec2:DescribeSecurityGroups'],
      ['AWS_ACCESS_DENIED', 'lambda:ListFunctions'],
    ]);
  });
});
