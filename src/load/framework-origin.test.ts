import { describe, expect, it } from 'vitest';
import { constructInfoOf } from './creation-stack.js';
import { frameworkOriginOf } from './framework-origin.js';

const none = constructInfoOf((p) => p);

describe('frameworkOriginOf', () => {
  it.each([
    [
      'S/Custom::S3AutoDeleteObjectsCustomResourceProvider/Role',
      'Bucket autoDeleteObjects',
      'S/Custom::S3AutoDeleteObjectsCustomResourceProvider',
    ],
    [
      'S/Custom::CrossRegionExportWriterCustomResourceProvider/Role',
      'cross-region references (crossRegionReferences: true)',
      'S/Custom::CrossRegionExportWriterCustomResourceProvider',
    ],
    [
      'S/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole/Resource',
      'LogRetention (a logRetention property)',
      'S/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a',
    ],
    ['S/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource', 'AwsCustomResource', 'S/AWS679f53fac002430cb0da5b7982bd2287'],
    [
      'S/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/ServiceRole/Resource',
      'BucketDeployment',
      'S/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB',
    ],
    [
      'S/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role/Resource',
      'Bucket notifications (addEventNotification)',
      'S/BucketNotificationsHandler050a0587b7544547bf325f094a3db834',
    ],
    ['S/Things/Provider/framework-onEvent/ServiceRole/Resource', 'custom_resources.Provider framework', 'S/Things/Provider'],
  ])('%s is made by %s', (path, construct, at) => {
    const origin = frameworkOriginOf(path, 'S', none)!;
    expect(origin).toMatchObject({ kind: 'cdk-framework', construct, path: at });
    expect(origin.fix).toContain(`'${at}'`);
  });

  it('recognises the uuid scheme, not a list of hashes: another uuid is recognised too', () => {
    expect(frameworkOriginOf('S/LogRetention0123456789abcdef0123456789abcdef/ServiceRole/Resource', 'S', none)?.construct).toMatch(
      /LogRetention/,
    );
  });

  it("recognises a resource an L2 made for itself by the L2's constructor in its creation stack, not by its id alone", () => {
    const stack = (first: string) => ['...new ' + first + ' in aws-cdk-lib...', '<anonymous> (/app/bin/app.ts:9:1)'];
    const info = constructInfoOf((p) => p, {
      '/S/Trail/S3/Resource': [{ type: 'aws:cdk:creationStack', data: stack('Trail2') }],
      '/S/Trail/S3/Policy/Resource': [{ type: 'aws:cdk:creationStack', data: stack('Trail2') }],
      '/S/Cdn/LoggingBucket/Resource': [{ type: 'aws:cdk:creationStack', data: stack('Distribution2') }],
      '/S/Mine/S3/Resource': [{ type: 'aws:cdk:creationStack', data: stack('Bucket2') }],
      '/S/Other/LoggingBucket/Resource': [{ type: 'aws:cdk:creationStack', data: stack('Trail2') }],
    });
    expect(frameworkOriginOf('S/Trail/S3/Resource', 'S', info)).toMatchObject({
      construct: "cloudtrail.Trail's own bucket",
      path: 'S/Trail/S3',
    });
    expect(frameworkOriginOf('S/Trail/S3/Resource', 'S', info)?.fix).toContain('pass your own `bucket`');
    expect(frameworkOriginOf('S/Cdn/LoggingBucket/Resource', 'S', info)?.fix).toContain('`logBucket`');
    // The Trail writes the same statements into a bucket the user passes: its policy is no bucket of its own.
    expect(frameworkOriginOf('S/Trail/S3/Policy/Resource', 'S', info)).toBeUndefined();
    // A user's bucket with the same id, and an id that is not the one the maker gives.
    expect(frameworkOriginOf('S/Mine/S3/Resource', 'S', info)).toBeUndefined();
    expect(frameworkOriginOf('S/Other/LoggingBucket/Resource', 'S', info)).toBeUndefined();
    // A REST API's CloudWatch role, made by whichever RestApi class the user wrote; a user's role with that id is theirs.
    const roles = constructInfoOf((p) => p, {
      '/S/Api/CloudWatchRole/Resource': [{ type: 'aws:cdk:creationStack', data: stack('LambdaRestApi2') }],
      '/S/Mine/CloudWatchRole/Resource': [{ type: 'aws:cdk:creationStack', data: stack('Role2') }],
    });
    expect(frameworkOriginOf('S/Api/CloudWatchRole/Resource', 'S', roles)?.fix).toContain('`cloudWatchRole: false`');
    expect(frameworkOriginOf('S/Mine/CloudWatchRole/Resource', 'S', roles)).toBeUndefined();
    // Without creation stacks (aws:cdk:disable-creation-stack-traces) nothing is claimed.
    expect(frameworkOriginOf('S/Trail/S3/Resource', 'S', none)).toBeUndefined();
  });

  it('leaves the user’s own constructs alone, and reads the CDK’s handler markers', () => {
    expect(frameworkOriginOf('S/Bucket/Resource', 'S', none)).toBeUndefined();
    expect(frameworkOriginOf('S/MyFunction/ServiceRole/Resource', 'S', none)).toBeUndefined();
    const marked = constructInfoOf((p) => p, {
      '/S/Mine/Handler': [{ type: 'aws:cdk:is-custom-resource-handler-customResourceProvider', data: true }],
    });
    expect(frameworkOriginOf('S/Mine/Handler/Role', 'S', marked)?.path).toBe('S/Mine/Handler');
    expect(frameworkOriginOf(null, 'S', none)).toBeUndefined();
  });
});
