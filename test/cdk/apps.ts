// CDK apps the plugin tests synthesize with the installed aws-cdk-lib. Creation stacks stay on (the CDK's
// default), so findings carry source lines into this file and into examples/prototype/app.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { PrototypeDataStack, PrototypeStack } from '../../examples/prototype/app.js';

export const ACCOUNT = '111111111111';

/** A fresh App writing to a new temporary folder. */
export function newApp(props: cdk.AppProps = {}): cdk.App {
  return new cdk.App({ outdir: mkdtempSync(join(tmpdir(), 'stackwarden-cdk-')), analyticsReporting: false, ...props });
}

/** The bundled prototype's two stacks, as examples/prototype/app.ts builds them, with creation stacks on. */
export function prototypeApp(app = newApp()): { app: cdk.App; stack: PrototypeStack } {
  const stack = new PrototypeStack(app, 'PrototypeStack', { env: { account: ACCOUNT, region: 'us-east-1' } });
  new PrototypeDataStack(app, 'PrototypeDataStack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  return { app, stack };
}

/** A stack that follows the guidance: an encrypted, versioned, TLS-only bucket that blocks public access. */
export class HardenedStack extends cdk.Stack {
  readonly bucket: s3.Bucket;
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.bucket = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
  }
}

/** A stack whose only weakness comes from a framework resource: the auto-delete-objects provider's role. */
export class AutoDeleteStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    new s3.Bucket(this, 'Scratch', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
  }
}
