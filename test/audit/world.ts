import type { FakeWorld } from './fake-aws.js';

export const ACCOUNT = '123456789012';
export const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/**
 * A small account with one of each problem the done criteria name: MFA delete off on a versioned bucket, a stack
 * without termination protection, no account-level Block Public Access, a role with AWSLambdaBasicExecutionRole,
 * and a region (ap-south-1) where an SCP denies every call.
 */
export function smallWorld(overrides: Partial<FakeWorld> = {}): FakeWorld {
  return {
    account: ACCOUNT,
    regions: ['ap-south-1', 'eu-west-1', 'us-east-1'],
    buckets: [
      {
        name: 'app-data',
        region: 'us-east-1',
        versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        encryption: 'aws:kms',
        ownership: 'BucketOwnerEnforced',
        replicateTo: 'app-data-replica',
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: ['arn:aws:s3:::app-data', 'arn:aws:s3:::app-data/*'],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
      {
        name: 'app-data-replica',
        region: 'eu-west-1',
        versioning: { status: 'Enabled', mfaDelete: 'Enabled' },
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        encryption: 'AES256',
        ownership: 'BucketOwnerEnforced',
      },
      {
        name: 'legacy-site',
        region: 'eu-west-1',
        publicRead: true,
        policy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::legacy-site/*' }],
        },
      },
      { name: 'mumbai-logs', region: 'ap-south-1', encryption: 'AES256' },
    ],
    stacks: [
      {
        name: 'AppStack',
        region: 'us-east-1',
        terminationProtection: false,
        resources: [
          { logicalId: 'DataBucketE3889A50', physicalId: 'app-data', type: 'AWS::S3::Bucket' },
          { logicalId: 'HandlerServiceRole', physicalId: 'app-handler-role', type: 'AWS::IAM::Role' },
        ],
      },
      { name: 'ReplicaStack', region: 'eu-west-1', terminationProtection: true, resources: [] },
    ],
    roles: [
      { name: 'app-handler-role', managed: [BASIC] },
      {
        name: 'ops-admin',
        managed: [],
        inline: { everything: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
      },
      {
        name: 'AWSServiceRoleForSupport',
        path: '/aws-service-role/support.amazonaws.com/',
        managed: ['arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy'],
      },
    ],
    securityGroups: [
      { id: 'sg-0open22', region: 'eu-west-1', open: [{ port: 22, cidr: '0.0.0.0/0' }] },
      { id: 'sg-0https', region: 'eu-west-1', open: [{ port: 443, cidr: '0.0.0.0/0' }] },
    ],
    functions: [
      { name: 'old-handler', region: 'us-east-1', runtime: 'python3.7' },
      { name: 'new-handler', region: 'us-east-1', runtime: 'nodejs22.x' },
    ],
    denyRegions: ['ap-south-1'],
    pageSize: 1,
    ...overrides,
  };
}
