// StackWarden bundled example: the prototype of examples/prototype, written the
// way the guidance wants. It scans clean under the recommended profile, apart
// from the MFA-delete notes (S3-7), which no template can settle.
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

const ACCOUNT = '111111111111';
const REPLICA_NAME = `stackwarden-hardened-replica-${ACCOUNT}`;

/** Every bucket: Block Public Access, SSE-S3 stated, TLS only, versioned, ACLs disabled. */
const HARDENED: s3.BucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  versioned: true,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
};

export class HardenedStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // The function's own log group, and a role without AWS managed policies:
    // it may write to that log group only.
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'HandlerRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const fn = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline("exports.handler = async () => 'ok'"),
      role,
      logGroup,
    });
    logGroup.grantWrite(fn);

    // Replicated to the data stack's bucket in another region (S3-6).
    const replica = s3.Bucket.fromBucketAttributes(this, 'Replica', { bucketName: REPLICA_NAME, region: 'eu-west-1' });
    const bucket = new s3.Bucket(this, 'Bucket', {
      ...HARDENED,
      replicationRules: [{ destination: replica, priority: 1 }],
    });

    // Scoped grant instead of s3:* on *.
    bucket.grantReadWrite(fn);

    // SSH only from the corporate network.
    new ec2.CfnSecurityGroup(this, 'SshSecurityGroup', {
      groupDescription: 'Bastion access from the corporate network',
      vpcId: 'vpc-12345678',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '10.0.0.0/16', description: 'SSH from the VPN' }],
    });
  }
}

export class HardenedDataStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new s3.Bucket(this, 'ReplicaBucket', { ...HARDENED, bucketName: REPLICA_NAME });
  }
}

export function buildApp(outdir: string): cdk.App {
  const app = new cdk.App({
    outdir,
    analyticsReporting: false,
    stackTraces: false,
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:disable-creation-stack-traces': true },
  });
  new HardenedStack(app, 'HardenedStack', { env: { account: ACCOUNT, region: 'us-east-1' }, terminationProtection: true });
  new HardenedDataStack(app, 'HardenedDataStack', { env: { account: ACCOUNT, region: 'eu-west-1' }, terminationProtection: true });
  return app;
}
