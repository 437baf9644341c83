import type { Bucket, GetBucketReplicationCommandOutput, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import blockPublicAccess from '../rules/s3/block-public-access.js';
import mfaDelete from '../rules/s3/mfa-delete.js';
import replication from '../rules/s3/replication.js';
import type { RuleModule } from '../rules/define.js';
import { rules as allRules } from '../rules/index.js';
import type { AccountAudit } from './context.js';
import { auditError } from './errors.js';
import type { LiveResource } from './findings.js';
import { read } from './read.js';
import { liveBucketProperties } from './s3-properties.js';
import { evaluateSynthetic, type SyntheticResource } from './synthetic.js';

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
type Flags = Partial<Record<(typeof FLAGS)[number], boolean>>;

/** Rules the audit judges itself from the API's answers (their template reading does not fit a live bucket). */
const LIVE_ONLY: ReadonlySet<RuleModule> = new Set([blockPublicAccess, mfaDelete, replication]);
/** Rules that read a synthetic bucket and its policy: policy, ACL, ownership, encryption, versioning, website. */
const SYNTHETIC_RULES = allRules.filter(
  (r) => !LIVE_ONLY.has(r) && r.appliesTo !== 'stack' && r.appliesTo.some((t) => t === 'AWS::S3::Bucket' || t === 'AWS::S3::BucketPolicy'),
);

/** The reads each synthetic rule's verdict depends on. */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  's3/versioning': ['versioning'],
  's3/encryption-at-rest': ['encryption'],
  's3/object-ownership': ['ownership'],
  's3/no-public-acl': ['acl', 'ownership'],
  's3/no-website-hosting': ['website'],
  's3/tls-only': ['policy'],
  's3/least-privilege-policy': ['policy'],
  's3/no-public-bucket-policy': ['policy'],
};

/** The account-level Block Public Access (S3 Control), read once per account. Undefined when it could not be read. */
export async function auditAccountBlockPublicAccess(audit: AccountAudit): Promise<Flags | undefined> {
  const resource: LiveResource = audit.resource(
    `arn:${audit.partition}:s3::${audit.account}:account`,
    'AWS::S3::AccountPublicAccessBlock',
    'global',
  );
  const config = await read(
    () => audit.call('s3', () => audit.clients.s3control().send(new GetAccountPublicAccessBlockCommand({ AccountId: audit.account }))),
    ['NoSuchPublicAccessBlockConfiguration'],
    (error) =>
      audit.sink.error(auditError('s3:GetAccountPublicAccessBlock', resource.arn, error, { account: audit.account, region: 'global' })),
  );
  if (config.kind === 'failed') return undefined;
  const flags: Flags = config.kind === 'ok' ? (config.value.PublicAccessBlockConfiguration ?? {}) : {};
  audit.sink.check(blockPublicAccess, resource);
  const off = FLAGS.filter((f) => flags[f] !== true);
  if (off.length > 0)
    audit.sink.report(blockPublicAccess, resource, {
      pointer: config.kind === 'ok' ? '/PublicAccessBlockConfiguration' : '',
      messageId: 'accountOff',
      data: { account: audit.account, flags: off.join(', '), missing: config.kind === 'missing' ? `: ${config.code}` : '' },
      detail: off.map((f) => `Flag::${f}`),
    });
  return flags;
}

/**
 * Audits every bucket of the account in `regions`, one ListBuckets page at a time: a page's buckets are audited
 * (at most the S3 limiter's bound of requests in flight) before the next page is read, so memory holds one page
 * and the findings, never every bucket's configuration.
 */
export async function auditBuckets(audit: AccountAudit, regions: ReadonlySet<string>, account: Flags | undefined): Promise<void> {
  const state = new ReplicationState();
  let done = 0;
  const listArn = `arn:${audit.partition}:s3:::*`;
  await audit.guarded('s3:ListBuckets', listArn, 'global', async () => {
    const pages = paginateListBuckets(
      { client: audit.clients.region(audit.clients.baseRegion).s3(), pageSize: 1000 },
      { MaxBuckets: 1000 },
    );
    for await (const page of pages) {
      const buckets: { name: string; region: string }[] = [];
      for (const bucket of page.Buckets ?? []) {
        const region = await bucketRegion(audit, bucket);
        if (region) state.regions.set(bucket.Name!, region);
        if (region && regions.has(region)) buckets.push({ name: bucket.Name!, region });
      }
      await Promise.all(
        buckets.map(async (b) => {
          await auditBucket(audit, b.name, b.region, account, state);
          audit.progress({ account: audit.account, region: b.region, service: 's3', done: ++done, total: Number.NaN });
        }),
      );
    }
  });
  judgeReplication(audit, state);
}

/** ListBuckets gives each bucket's region (BucketRegion); an older endpoint may not, and GetBucketLocation says it. */
async function bucketRegion(audit: AccountAudit, bucket: Bucket): Promise<string | undefined> {
  if (bucket.BucketRegion) return bucket.BucketRegion;
  const arn = `arn:${audit.partition}:s3:::${bucket.Name}`;
  const location = await audit.guarded('s3:GetBucketLocation', arn, 'global', () =>
    audit.call('s3', () =>
      audit.clients
        .region(audit.clients.baseRegion)
        .s3()
        .send(new GetBucketLocationCommand({ Bucket: bucket.Name })),
    ),
  );
  if (!location) return undefined;
  // An empty LocationConstraint is us-east-1; `EU` is the legacy name of eu-west-1.
  const constraint = location.LocationConstraint as string | undefined;
  return !constraint ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** What replication checks need across buckets: every bucket's region, and which buckets are destinations. */
class ReplicationState {
  readonly regions = new Map<string, string>();
  readonly destinations = new Set<string>();
  readonly unreplicated: { bucket: string; resource: LiveResource }[] = [];
  readonly replicated: { bucket: string; resource: LiveResource; destinations: { i: number; destination: string }[] }[] = [];
}

async function auditBucket(audit: AccountAudit, name: string, region: string, account: Flags | undefined, state: ReplicationState) {
  const resource = audit.resource(`arn:${audit.partition}:s3:::${name}`, 'AWS::S3::Bucket', region, name);
  audit.sink.resources++;
  const s3 = audit.clients.region(region).s3();
  const get = <T>(operation: string, send: () => Promise<T>, missing: string[] = []) =>
    read(
      () => audit.call('s3', send),
      missing,
      (error) => audit.sink.error(auditError(`s3:${operation}`, resource.arn, error, { account: audit.account, region })),
    );
  const Bucket = name;
  const [pab, policy, versioning, encryption, ownership, acl, website, replicationConfig] = await Promise.all([
    get('GetBucketPublicAccessBlock', () => s3.send(new GetPublicAccessBlockCommand({ Bucket })), ['NoSuchPublicAccessBlockConfiguration']),
    get('GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket })), ['NoSuchBucketPolicy']),
    get('GetBucketVersioning', () => s3.send(new GetBucketVersioningCommand({ Bucket }))),
    get('GetEncryptionConfiguration', () => s3.send(new GetBucketEncryptionCommand({ Bucket })), [
      'ServerSideEncryptionConfigurationNotFoundError',
    ]),
    get('GetBucketOwnershipControls', () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket })), ['OwnershipControlsNotFoundError']),
    get('GetBucketAcl', () => s3.send(new GetBucketAclCommand({ Bucket }))),
    get('GetBucketWebsite', () => s3.send(new GetBucketWebsiteCommand({ Bucket })), ['NoSuchWebsiteConfiguration']),
    get('GetReplicationConfiguration', () => s3.send(new GetBucketReplicationCommand({ Bucket })), [
      'ReplicationConfigurationNotFoundError',
    ]),
  ]);

  // Block Public Access: what applies is the bucket's setting or the account's, flag by flag.
  if (pab.kind !== 'failed' && account !== undefined) {
    audit.sink.check(blockPublicAccess, resource);
    const own: PublicAccessBlockConfiguration = pab.kind === 'ok' ? (pab.value.PublicAccessBlockConfiguration ?? {}) : {};
    const off = FLAGS.filter((f) => own[f] !== true && account[f] !== true);
    if (off.length > 0)
      audit.sink.report(blockPublicAccess, resource, {
        pointer: pab.kind === 'ok' ? '/PublicAccessBlockConfiguration' : '',
        messageId: 'bucketOff',
        data: { bucket: name, flags: off.join(', '), missing: pab.kind === 'missing' ? `: ${pab.code}` : '' },
        detail: off.map((f) => `Flag::${f}`),
      });
  }

  // MFA delete: only the live state can say (CloudFormation cannot set it).
  if (versioning.kind === 'ok') {
    audit.sink.check(mfaDelete, resource);
    if (versioning.value.Status === 'Enabled' && versioning.value.MFADelete !== 'Enabled')
      audit.sink.report(mfaDelete, resource, {
        pointer: '/VersioningConfiguration/MFADelete',
        messageId: 'live',
        data: {
          bucket: name,
          state: versioning.value.MFADelete ?? 'Disabled',
          command: `aws s3api put-bucket-versioning --bucket ${name} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-device-arn> <code>"`,
        },
      });
  }

  if (replicationConfig.kind !== 'failed') readReplication(audit, name, resource, replicationConfig, state);

  const properties = liveBucketProperties(name, { versioning, encryption, ownership, acl, website });
  const synthetic: SyntheticResource[] = [{ logicalId: name, type: 'AWS::S3::Bucket', properties, live: resource }];
  if (policy.kind === 'ok' && policy.value.Policy) {
    const document = parsePolicy(policy.value.Policy);
    if (document === undefined)
      audit.sink.error(
        auditError('s3:GetBucketPolicy', resource.arn, new Error('the policy is not valid JSON'), { account: audit.account, region }),
      );
    else
      synthetic.push({
        logicalId: `${name} policy`,
        type: 'AWS::S3::BucketPolicy',
        properties: { Bucket: { Ref: name }, PolicyDocument: document },
        live: resource,
        rename: { from: 'PolicyDocument', to: '/Policy' },
      });
  }
  // A rule whose input could not be read does not run: it would judge the configuration as absent.
  const failed = new Set(
    Object.entries({ versioning, encryption, ownership, acl, website, policy })
      .filter(([, r]) => r.kind === 'failed')
      .map(([k]) => k),
  );
  const rules = SYNTHETIC_RULES.filter((r) => !(NEEDS[r.id] ?? []).some((k) => failed.has(k)));
  evaluateSynthetic(synthetic, rules, audit.options, { account: audit.account, region }, audit.sink);
}

/**
 * Reads a bucket's replication rules. They are judged at the end (`judgeReplication`), when every bucket's region
 * is known: a destination may be listed on a later page.
 */
function readReplication(
  audit: AccountAudit,
  name: string,
  resource: LiveResource,
  config: { kind: 'ok'; value: GetBucketReplicationCommandOutput } | { kind: 'missing'; code: string },
  state: ReplicationState,
): void {
  audit.sink.check(replication, resource);
  if (config.kind === 'missing') {
    // The bucket may be another bucket's replica: decided at the end too.
    state.unreplicated.push({ bucket: name, resource });
    return;
  }
  const all = config.value.ReplicationConfiguration?.Rules ?? [];
  const destinations = all
    .map((rule, i) => ({ rule, i }))
    .filter(({ rule }) => rule.Status === 'Enabled')
    .map(({ rule, i }) => {
      const arn = rule.Destination?.Bucket ?? '';
      const destination = /^arn:[^:]*:s3:::([^/]+)$/.exec(arn)?.[1] ?? arn;
      state.destinations.add(destination);
      return { i, destination };
    });
  if (destinations.length === 0) {
    audit.sink.report(replication, resource, {
      pointer: '/ReplicationConfiguration/Rules',
      messageId: 'noEnabledRule',
      data: { bucket: name, when: '' },
    });
    return;
  }
  state.replicated.push({ bucket: name, resource, destinations });
}

/** One enabled rule copying to a bucket in another region meets S3-6; otherwise each rule says why not. */
function judgeReplication(audit: AccountAudit, state: ReplicationState): void {
  for (const { bucket, resource, destinations } of state.replicated) {
    const source = state.regions.get(bucket);
    const verdicts = destinations.map((d) => ({ ...d, region: state.regions.get(d.destination) }));
    if (verdicts.some((v) => v.region !== undefined && v.region !== source)) continue;
    for (const v of verdicts) {
      const pointer = `/ReplicationConfiguration/Rules/${v.i}/Destination/Bucket`;
      if (v.region === source)
        audit.sink.report(replication, resource, {
          pointer,
          messageId: 'sameRegion',
          data: { bucket, when: '', destination: `'${v.destination}'`, why: `both in ${source}` },
        });
      else
        audit.sink.report(replication, resource, {
          pointer,
          messageId: 'unknownRegion',
          data: { bucket, when: '', destination: `'${v.destination}'`, reason: 'the destination is not a bucket of this account' },
          severity: 'note',
        });
    }
  }
  // A bucket that another bucket of the account replicates to is the disaster-recovery copy: it need not replicate.
  for (const { bucket, resource } of state.unreplicated)
    if (!state.destinations.has(bucket))
      audit.sink.report(replication, resource, { pointer: '', messageId: 'liveNone', data: { bucket }, severity: 'warning' });
}

function parsePolicy(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
