// Shapes that aws-cdk-lib's L2 constructs write, synthesized with the installed aws-cdk-lib (issue 15, precision).
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingsOf } from '../../src/cdk/index.js';
import type { Finding } from '../../src/model/types.js';
import { ACCOUNT, HardenedStack, newApp } from './apps.js';

beforeAll(() => {
  process.env['CDK_VALIDATION'] = 'false';
});

describe('L2 shapes', () => {
  let findings: Finding[];
  beforeAll(() => {
    const stack = new HardenedStack(newApp(), 'Shapes', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    // A state machine that logs: the CDK gives its role the vended-logs statement, logs:PutResourcePolicy on '*'.
    new sfn.StateMachine(stack, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Start')),
      logs: { destination: new logs.LogGroup(stack, 'MachineLogs'), level: sfn.LogLevel.ALL },
    });
    // A Trail and a Distribution that make buckets of their own.
    new cloudtrail.Trail(stack, 'Trail');
    new cloudfront.Distribution(stack, 'Cdn', {
      defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(stack.bucket) },
      enableLogging: true,
    });
    // A REST API that makes the account's CloudWatch role (cloudWatchRole defaults to true without the feature flag).
    const handler = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
    new apigw.LambdaRestApi(stack, 'Api', { handler });
    findings = findingsOf(stack, { config: false, asOf: '2026-12-01' });
  });

  it("a state machine's logging role is no privilege escalation", () => {
    expect(findings.filter((f) => f.ruleId === 'iam/principal-least-privilege')).toEqual([]);
  });

  it("findings on a Trail's and a Distribution's own buckets and a REST API's role say that the L2 made them and which property replaces them", () => {
    const own = findings.filter((f) => /^(?:TrailS3|CdnLoggingBucket)[0-9A-F]{8}$/.test(f.logicalId ?? ''));
    expect(own.map((f) => f.ruleId)).toContain('s3/versioning');
    for (const f of own) expect(f.origin?.construct).toMatch(/^(?:cloudtrail\.Trail's own bucket|cloudfront\.Distribution's log bucket)$/);
    // The bucket policy the Trail writes is the same for a bucket the user passes: no origin there.
    const policy = findings.filter((f) => f.constructPath === 'Shapes/Trail/S3/Policy/Resource');
    expect(policy.length).toBeGreaterThan(0);
    for (const f of policy) expect(f.origin).toBeUndefined();
    // The REST API's role: its managed policy is still a finding, and it says which property removes the role.
    const apiRole = findings.filter((f) => f.constructPath === 'Shapes/Api/CloudWatchRole/Resource');
    expect(apiRole.map((f) => f.ruleId)).toEqual(['iam/no-managed-policies']);
    expect(apiRole[0]?.origin?.fix).toContain('`cloudWatchRole: false`');
    // The function's own role, made by the Function for the user's handler, is the user's: no origin.
    expect(findings.filter((f) => f.constructPath === 'Shapes/Handler/ServiceRole/Resource' && f.origin)).toEqual([]);
    // The user's bucket stays theirs.
    expect(findings.filter((f) => f.constructPath === 'Shapes/Data/Resource' && f.origin)).toEqual([]);
  });
});
