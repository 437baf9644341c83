import { describe, expect, it } from 'vitest';
import { exposureOf } from './priority.js';

describe('exposureOf', () => {
  it('names what a finding exposes, and only a bucket policy open to everyone as a public bucket', () => {
    expect(exposureOf({ ruleId: 'ec2/no-open-ingress', messageId: 'world', resourceType: 'AWS::EC2::SecurityGroup' })).toBe(
      'world-open port',
    );
    expect(exposureOf({ ruleId: 'iam/no-public-principal', messageId: 'public', resourceType: 'AWS::S3::BucketPolicy' })).toBe(
      'public bucket',
    );
    expect(exposureOf({ ruleId: 'iam/no-public-principal', messageId: 'public', resourceType: 'AWS::SNS::TopicPolicy' })).toBe(
      'public resource policy',
    );
    expect(exposureOf({ ruleId: 'iam/principal-least-privilege', messageId: 'admin', resourceType: 'AWS::IAM::Role' })).toBe(
      'administrator access',
    );
  });

  it('a setting left to the AWS default, and rules that expose nothing directly, are no exposure', () => {
    expect(exposureOf({ ruleId: 's3/block-public-access', messageId: 'missing', resourceType: 'AWS::S3::Bucket' })).toBeNull();
    expect(exposureOf({ ruleId: 's3/versioning', messageId: 'missing', resourceType: 'AWS::S3::Bucket' })).toBeNull();
    // A function URL with AuthType NONE that no permission of the input opens answers nobody yet.
    expect(exposureOf({ ruleId: 'iam/no-public-principal', messageId: 'urlUnopened', resourceType: 'AWS::Lambda::Url' })).toBeNull();
    // A grant to everyone that a Deny limits to fixed callers exposes nothing to the world.
    expect(exposureOf({ ruleId: 'iam/no-public-principal', messageId: 'guarded', resourceType: 'AWS::SQS::QueuePolicy' })).toBeNull();
    expect(exposureOf({ ruleId: 's3/no-public-bucket-policy', messageId: 'guarded', resourceType: 'AWS::S3::BucketPolicy' })).toBeNull();
    expect(exposureOf({ ruleId: 'iam/no-public-principal', messageId: 'urlPublic', resourceType: 'AWS::Lambda::Permission' })).toBe(
      'public resource policy',
    );
  });
});
