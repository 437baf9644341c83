import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../src/audit/run.js';
import { ACCESS_KEY, type FakeAws, type FakeBucket, type FakeWorld, SECRET_KEY, startFakeAws } from './fake-aws.js';
import { ACCOUNT } from './world.js';

/** The 17 regions enabled by default in a commercial account. */
const REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

function loadWorld(): FakeWorld {
  const buckets: FakeBucket[] = Array.from({ length: 1000 }, (_, i) => ({
    name: `bucket-${String(i).padStart(4, '0')}`,
    region: REGIONS[i % REGIONS.length]!,
    // Every bucket has a finding of its own (versioned, MFA delete off), so "no bucket lost" is countable.
    versioning: { status: 'Enabled' as const, mfaDelete: 'Disabled' as const },
    encryption: 'AES256' as const,
    ownership: 'BucketOwnerEnforced' as const,
  }));
  return {
    account: ACCOUNT,
    regions: REGIONS,
    buckets,
    stacks: REGIONS.map((region) => ({ name: `Stack-${region}`, region, terminationProtection: false, resources: [] })),
    roles: [],
    securityGroups: [],
    functions: [],
    accountPublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    throttleRegions: ['eu-west-1'],
    throttleCount: 3,
    pageSize: 250,
    latencyMs: 1,
  };
}

describe('audit load: 1,000 buckets in 17 regions, one region throttling', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws(loadWorld());
  });
  afterAll(() => fake.close());

  it('finishes with bounded concurrency and memory, and loses no bucket', async () => {
    let peakHeap = 0;
    const sample = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 20);
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    const { result } = await auditAccount({
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
      endpoint: fake.endpoint,
      regions: 'all',
      ruleOptions: { profile: 'recommended', asOf: '2026-12-01', allowedPorts: [80, 443] },
      concurrency: { s3: 16 },
    });
    clearInterval(sample);
    const seconds = (Date.now() - started) / 1000;
    const grown = (peakHeap - before) / 1024 / 1024;
    console.log(
      `load: ${seconds.toFixed(1)} s, S3 peak in flight ${fake.stats.maxInFlight['s3']}, throttled ${fake.stats.throttled}, heap growth ${grown.toFixed(1)} MiB, S3 requests ${fake.stats.requests['s3']}`,
    );
    expect(result.errors).toEqual([]);
    expect(fake.stats.badSignatures).toEqual([]);
    expect(fake.stats.throttled).toBeGreaterThan(0);
    // No bucket lost: every bucket's MFA-delete finding is there, and every bucket was read 8 times.
    const mfa = new Set(result.findings.filter((f) => f.ruleId === 's3/mfa-delete').map((f) => f.arn));
    expect(mfa.size).toBe(1000);
    // Each bucket's versioning was read once, plus the throttled attempts that were retried.
    expect(fake.stats.operations['GetBucketVersioning']).toBeGreaterThanOrEqual(1000);
    expect(fake.stats.operations['GetBucketVersioning']).toBeLessThanOrEqual(1000 + fake.stats.throttled);
    // Bounded concurrency, counted at the server: the S3 limiter's 16, whatever the bucket count.
    expect(fake.stats.maxInFlight['s3']).toBeLessThanOrEqual(16);
    expect(fake.stats.maxInFlight['s3']).toBeGreaterThan(1);
    expect(fake.stats.maxInFlight['cloudformation']).toBeLessThanOrEqual(4);
    // Bounded memory: a wide budget (the findings alone are 1,000 objects); responses are not all held.
    expect(grown).toBeLessThan(400);
  }, 120_000);
});
