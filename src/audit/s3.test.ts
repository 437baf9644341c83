import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPab, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditAccountBlockPublicAccess, auditBuckets } from './s3.js';
import { awsError, mockedAudit } from './test-support.js';

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const TLS_ONLY = (b: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  });

/** A compliant bucket: every configuration read answers with the guidance's settings. */
function compliant() {
  s3.on(ListBucketsCommand).resolves({
    Buckets: [
      { Name: 'good', BucketRegion: 'us-east-1' },
      { Name: 'good-replica', BucketRegion: 'eu-west-1' },
    ],
  });
  s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: TLS_ONLY('good') });
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Enabled' });
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }],
    },
  });
  s3.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
  s3.on(GetBucketAclCommand).resolves({ Grants: [] });
  s3.on(GetBucketWebsiteCommand).rejects(awsError('NoSuchWebsiteConfiguration', 404));
  s3.on(GetBucketReplicationCommand).resolves({
    ReplicationConfiguration: { Role: 'r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::good-replica' } }] },
  });
}

async function run(accountFlags = ALL) {
  const audit = mockedAudit();
  // The replica is in another region of the account: listed on the same page.
  await auditBuckets(audit, new Set(['us-east-1']), accountFlags);
  return audit.sink;
}

describe('S3 checks (aws-sdk-client-mock)', () => {
  beforeEach(() => {
    s3.reset();
    control.reset();
    compliant();
  });
  afterEach(() => s3.reset());

  it('a compliant bucket has no finding, and every check is recorded', async () => {
    const sink = await run();
    expect(sink.findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
    expect(sink.errors).toEqual([]);
    expect(new Set(sink.checks.map((c) => c.ruleId))).toEqual(
      new Set([
        's3/block-public-access',
        's3/mfa-delete',
        's3/replication',
        's3/versioning',
        's3/encryption-at-rest',
        's3/object-ownership',
        's3/no-public-acl',
        's3/no-website-hosting',
        's3/tls-only',
        's3/least-privilege-policy',
        's3/no-public-bucket-policy',
        'iam/no-allow-not-action',
        // Service principals without a source condition (issue 15): bucket policies are resource policies.
        'iam/service-source-condition',
      ]),
    );
  });

  it('missing configurations are data: NoSuchPublicAccessBlockConfiguration, ServerSideEncryptionConfigurationNotFoundError, NoSuchBucketPolicy', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 404));
    s3.on(GetBucketEncryptionCommand).rejects(awsError('ServerSideEncryptionConfigurationNotFoundError', 404));
    s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy', 404));
    s3.on(GetBucketOwnershipControlsCommand).rejects(awsError('OwnershipControlsNotFoundError', 404));
    s3.on(GetBucketReplicationCommand).rejects(awsError('ReplicationConfigurationNotFoundError', 404));
    const sink = await run({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true });
    expect(sink.errors).toEqual([]);
    const by = Object.fromEntries(sink.findings.map((f) => [f.ruleId, f]));
    expect(by['s3/block-public-access']!.message).toBe(
      "Bucket 'good' leaves IgnorePublicAcls, BlockPublicPolicy off (GetPublicAccessBlock: NoSuchPublicAccessBlockConfiguration), and the account-level Block Public Access does not turn them on either.",
    );
    expect(by['s3/block-public-access']!.detail).toEqual(['Flag::IgnorePublicAcls', 'Flag::BlockPublicPolicy']);
    expect(by['s3/encryption-at-rest']!).toMatchObject({ severity: 'note', pointer: '/BucketEncryption' });
    expect(by['s3/tls-only']!.message).toContain('has no bucket policy');
    // No ownership controls live means ACLs are enabled (ObjectWriter), not the template default.
    expect(by['s3/object-ownership']!).toMatchObject({ pointer: '/OwnershipControls/Rules/0/ObjectOwnership' });
    expect(by['s3/replication']!.message).toContain('has no replication configuration (GetBucketReplication)');
    expect(by['s3/block-public-access']!).toMatchObject({
      arn: 'arn:aws:s3:::good',
      account: '111122223333',
      region: 'us-east-1',
      file: 'arn:aws:s3:::good',
    });
  });

  it('non-compliant: MFA delete off on a versioned bucket, a public policy, a public ACL', async () => {
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
    s3.on(GetBucketPolicyCommand).resolves({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::good/*' }],
      }),
    });
    s3.on(GetBucketAclCommand).resolves({
      Grants: [{ Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' }],
    });
    const sink = await run();
    const ids = sink.findings.map((f) => `${f.ruleId} ${f.pointer}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        's3/mfa-delete /VersioningConfiguration/MFADelete',
        's3/no-public-bucket-policy /Policy/Statement/0/Principal',
        's3/tls-only /Policy',
        's3/no-public-acl /AccessControl',
      ]),
    );
    expect(sink.findings.find((f) => f.ruleId === 's3/mfa-delete')!.message).toContain('GetBucketVersioning reports MFA delete Disabled');
  });

  it('AccessDenied on one call is an error entry with the call and the bucket; the other checks still run', async () => {
    s3.on(GetBucketVersioningCommand).rejects(awsError('AccessDenied', 403));
    s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 403));
    const sink = await run();
    expect(sink.errors.map((e) => [e.code, e.operation, e.file]).sort()).toEqual([
      ['AWS_ACCESS_DENIED', 's3:GetBucketPolicy', 'arn:aws:s3:::good'],
      ['AWS_ACCESS_DENIED', 's3:GetBucketVersioning', 'arn:aws:s3:::good'],
    ]);
    // Neither versioning nor the policy rules judged what they could not read.
    expect(sink.findings.map((f) => f.ruleId)).toEqual([]);
    expect(sink.checks.map((c) => c.ruleId)).not.toContain('s3/versioning');
    expect(sink.checks.map((c) => c.ruleId)).not.toContain('s3/tls-only');
    expect(sink.checks.map((c) => c.ruleId)).toContain('s3/encryption-at-rest');
  });

  it('throttling that outlasts the retries becomes an error entry, not a lost bucket', async () => {
    s3.on(GetBucketEncryptionCommand).rejects(awsError('SlowDown', 503));
    const sink = await run();
    expect(sink.errors.map((e) => [e.code, e.operation])).toEqual([['AWS_ERROR', 's3:GetEncryptionConfiguration']]);
    expect(sink.errors[0]!.message).toContain('failed with SlowDown');
  });

  it('pages through ListBuckets with its continuation token', async () => {
    s3.on(ListBucketsCommand)
      .resolvesOnce({ Buckets: [{ Name: 'a', BucketRegion: 'us-east-1' }], ContinuationToken: 't1' })
      .resolvesOnce({ Buckets: [{ Name: 'b', BucketRegion: 'us-east-1' }], ContinuationToken: 't2' })
      .resolves({ Buckets: [{ Name: 'c', BucketRegion: 'eu-west-1' }] });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    const sink = await run();
    expect(s3.commandCalls(ListBucketsCommand)).toHaveLength(3);
    // Buckets outside the audited regions are not audited.
    expect(sink.findings.filter((f) => f.ruleId === 's3/mfa-delete').map((f) => f.arn)).toEqual(['arn:aws:s3:::a', 'arn:aws:s3:::b']);
  });
});

describe('account-level Block Public Access (S3 Control)', () => {
  beforeEach(() => control.reset());

  it('all four on: no finding', async () => {
    control.on(GetAccountPab).resolves({ PublicAccessBlockConfiguration: ALL });
    const audit = mockedAudit();
    expect(await auditAccountBlockPublicAccess(audit)).toEqual(ALL);
    expect(audit.sink.findings).toEqual([]);
    expect(control.commandCalls(GetAccountPab)[0]!.args[0].input.AccountId).toBe('111122223333');
  });

  it('none configured (NoSuchPublicAccessBlockConfiguration): one finding naming the four flags', async () => {
    control.on(GetAccountPab).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 404));
    const audit = mockedAudit();
    expect(await auditAccountBlockPublicAccess(audit)).toEqual({});
    expect(audit.sink.findings.map((f) => [f.ruleId, f.arn, f.message])).toEqual([
      [
        's3/block-public-access',
        'arn:aws:s3::111122223333:account',
        'Account 111122223333 leaves BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets off in its account-level Block Public Access (S3 Control GetPublicAccessBlock: NoSuchPublicAccessBlockConfiguration): each bucket then relies on its own settings alone.',
      ],
    ]);
  });

  it('AccessDenied: an error entry, and bucket checks do not assume the account setting', async () => {
    control.on(GetAccountPab).rejects(awsError('AccessDenied', 403));
    const audit = mockedAudit();
    expect(await auditAccountBlockPublicAccess(audit)).toBeUndefined();
    expect(audit.sink.errors.map((e) => e.operation)).toEqual(['s3:GetAccountPublicAccessBlock']);
  });
});
