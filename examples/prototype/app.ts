// StackWarden bundled example: an insecure CDK prototype.
//
// Every weakness in this app is deliberate. The scanner runs on the
// synthesized output in examples/prototype/cdk.out. Do not "fix" it here.
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

const ACCOUNT = '111111111111';

export class PrototypeStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // Default execution role: CDK attaches AWSLambdaBasicExecutionRole via
    // Fn::Join with AWS::Partition.
    const fn = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline("exports.handler = async () => 'ok'"),
    });

    // Bucket with no props at all: no encryption override, no access logging,
    // no enforceSSL, no versioning.
    const bucket = new s3.Bucket(this, 'Bucket');

    // Scoped grant, lands in the role's DefaultPolicy.
    bucket.grantReadWrite(fn);

    // A separate inline policy with s3:* on *.
    const wildcard = new iam.Policy(this, 'WildcardS3Policy', {
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:*'],
          resources: ['*'],
        }),
      ],
    });
    fn.role!.attachInlinePolicy(wildcard);

    // SSH open to the world. L1 construct, literal VPC id: no lookups.
    new ec2.CfnSecurityGroup(this, 'SshSecurityGroup', {
      groupDescription: 'Prototype bastion access',
      vpcId: 'vpc-12345678',
      securityGroupIngress: [
        {
          ipProtocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          cidrIp: '0.0.0.0/0',
          description: 'SSH from anywhere',
        },
      ],
    });
  }
}

export class PrototypeDataStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // "Replica" bucket, default settings.
    new s3.Bucket(this, 'ReplicaBucket');
  }
}

export function buildApp(outdir: string): cdk.App {
  const app = new cdk.App({
    outdir,
    // No CDKMetadata resource / version reporting.
    analyticsReporting: false,
    // Construct creation stack traces embed absolute file paths and line
    // numbers of this file into *.metadata.json and validation-report.json,
    // which would make the committed cdk.out depend on where the repository
    // is checked out. `stackTraces: false` (= `aws:cdk:disable-stack-trace`)
    // only covers annotation traces; the creation stacks need
    // `aws:cdk:disable-creation-stack-traces` below. (CDK_DEBUG=true turns
    // them back on unconditionally.)
    stackTraces: false,
    context: {
      // On by default; pinned so the templates always carry aws:cdk:path.
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });

  new PrototypeStack(app, 'PrototypeStack', {
    env: { account: ACCOUNT, region: 'us-east-1' },
    analyticsReporting: false,
  });

  new PrototypeDataStack(app, 'PrototypeDataStack', {
    env: { account: ACCOUNT, region: 'eu-west-1' },
    analyticsReporting: false,
  });

  return app;
}
