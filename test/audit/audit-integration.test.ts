import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../src/audit/run.js';
import type { RunResult } from '../../src/engine/run.js';
import { main } from '../../src/cli/program.js';
import { ACCESS_KEY, type FakeAws, SECRET_KEY, startFakeAws, stackId } from './fake-aws.js';
import { ACCOUNT, smallWorld } from './world.js';

const RULES = { profile: 'recommended' as const, asOf: '2026-12-01', allowedPorts: [80, 443] };
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1'];

/** The four findings the done criteria name, as rule id and ARN. */
const DONE = [
  ['s3/mfa-delete', 'arn:aws:s3:::app-data'],
  ['cfn/termination-protection', stackId(smallWorld(), smallWorld().stacks[0]!)],
  ['s3/block-public-access', `arn:aws:s3::${ACCOUNT}:account`],
  ['iam/no-managed-policies', `arn:aws:iam::${ACCOUNT}:role/app-handler-role`],
] as const;

describe('stackwarden audit against a fake AWS on 127.0.0.1 (real SDK clients, real wire formats)', () => {
  let fake: FakeAws;
  let result: RunResult;
  let account: string;
  beforeAll(async () => {
    // Every first attempt fails with a 503, eu-west-1 throttles (SlowDown, Throttling, RequestLimitExceeded, 429),
    // ap-south-1 is denied by an "SCP", and every list answers one item per page.
    fake = await startFakeAws(smallWorld({ fail503Once: true, throttleRegions: ['eu-west-1'], throttleCount: 2 }));
    ({ account, result } = await auditAccount({
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
      endpoint: fake.endpoint,
      regions: REGIONS,
      ruleOptions: RULES,
    }));
  }, 120_000);
  afterAll(() => fake.close());

  it('signs every request (checked at the fake with the secret), retries 503 and throttling, and pages through every list', () => {
    expect(account).toBe(ACCOUNT);
    expect(fake.stats.badSignatures).toEqual([]);
    expect(fake.stats.failed503).toBeGreaterThan(10);
    expect(fake.stats.throttled).toBeGreaterThan(3);
    // One item per page: 4 buckets are 4 pages (and each first attempt failed once).
    expect(fake.stats.operations['ListBuckets']).toBe(8);
    expect(fake.stats.operations['GetAccountAuthorizationDetails']).toBeGreaterThanOrEqual(6);
    // No request went unanswered: every service the audit reads was reached.
    expect(Object.keys(fake.stats.requests).sort()).toEqual(['cloudformation', 'ec2', 'iam', 'lambda', 's3', 'sts']);
  });

  it('finds MFA delete off, a stack without termination protection, account-level BPA off and AWSLambdaBasicExecutionRole', () => {
    for (const [ruleId, arn] of DONE)
      expect(
        result.findings.some((f) => f.ruleId === ruleId && f.arn === arn),
        `${ruleId} on ${arn}`,
      ).toBe(true);
    const mfa = result.findings.find((f) => f.ruleId === 's3/mfa-delete')!;
    // The bucket is managed by AppStack: the finding names the stack and logical id, as the static scan does.
    expect(mfa).toMatchObject({
      stack: 'AppStack',
      logicalId: 'DataBucketE3889A50',
      resourceType: 'AWS::S3::Bucket',
      account: ACCOUNT,
      region: 'us-east-1',
      file: 'arn:aws:s3:::app-data',
      pointer: '/VersioningConfiguration/MFADelete',
      controls: ['S3-7'],
    });
    const managed = result.findings.find((f) => f.ruleId === 'iam/no-managed-policies')!;
    expect(managed.message).toContain('AWSLambdaBasicExecutionRole');
    expect(managed).toMatchObject({ stack: 'AppStack', logicalId: 'HandlerServiceRole', region: 'global' });
    // The service-linked role's AWS-owned policy is not reported.
    expect(result.findings.some((f) => f.arn?.includes('AWSServiceRoleForSupport'))).toBe(false);
  });

  it('judges live policies, ACLs, ingress and runtimes with the template rules', () => {
    const on = (arn: string) => result.findings.filter((f) => f.arn === arn).map((f) => f.ruleId);
    expect(on('arn:aws:s3:::legacy-site')).toEqual(
      expect.arrayContaining(['s3/no-public-acl', 's3/no-public-bucket-policy', 's3/tls-only', 's3/versioning', 's3/object-ownership']),
    );
    // app-data denies insecure transport for both ARNs and replicates to eu-west-1: no tls-only, no replication finding.
    expect(on('arn:aws:s3:::app-data')).not.toContain('s3/tls-only');
    expect(on('arn:aws:s3:::app-data')).not.toContain('s3/replication');
    // The replica is the disaster-recovery copy: it need not replicate itself.
    expect(on('arn:aws:s3:::app-data-replica')).not.toContain('s3/replication');
    expect(on(`arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0open22`)).toContain('ec2/no-open-ingress');
    expect(on(`arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0https`)).toEqual([]);
    expect(on(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:old-handler`)).toEqual(['lambda/runtime-deprecated']);
    // '*' on '*' is administrator access, owned by iam/no-allow-not-action (one finding per problem).
    expect(on(`arn:aws:iam::${ACCOUNT}:role/ops-admin`)).toEqual(
      expect.arrayContaining(['iam/no-allow-not-action', 'iam/principal-least-privilege']),
    );
  });

  it('reports the denied region as error entries with the API call, and still audits the other regions', () => {
    const denied = result.errors.filter((e) => e.region === 'ap-south-1');
    expect(denied.map((e) => e.operation).sort()).toEqual([
      'cloudformation:DescribeStacks',
      'ec2:DescribeSecurityGroups',
      'lambda:ListFunctions',
      's3:GetBucketAcl',
      's3:GetBucketOwnershipControls',
      's3:GetBucketPolicy',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketVersioning',
      's3:GetBucketWebsite',
      's3:GetEncryptionConfiguration',
      's3:GetReplicationConfiguration',
    ]);
    expect(denied.every((e) => e.code === 'AWS_ACCESS_DENIED')).toBe(true);
    expect(denied.find((e) => e.operation === 's3:GetBucketPolicy')?.file).toBe('arn:aws:s3:::mumbai-logs');
    expect(result.errors.filter((e) => e.region !== 'ap-south-1')).toEqual([]);
    expect(new Set(result.findings.map((f) => f.region))).toEqual(new Set(['us-east-1', 'eu-west-1', 'global']));
    // A bucket of the denied region gets no finding from a configuration it could not read.
    expect(result.findings.filter((f) => f.arn === 'arn:aws:s3:::mumbai-logs')).toEqual([]);
  });
});

describe('stackwarden audit on the command line: every format of scan', () => {
  let fake: FakeAws;
  let dir: string;
  let code: number;
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  beforeAll(async () => {
    fake = await startFakeAws(smallWorld({ pageSize: 100 }));
    dir = mkdtempSync(join(tmpdir(), 'stackwarden-audit-'));
    // The standard credential chain reads the environment.
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY });
    delete process.env['AWS_PROFILE'];
    delete process.env['AWS_SESSION_TOKEN'];
    const args = [
      'audit',
      '--endpoint-url',
      fake.endpoint,
      '--as-of',
      '2026-12-01',
      '-f',
      'text,json,sarif,junit,markdown,html',
      '--output-dir',
      dir,
    ];
    for (const r of REGIONS) args.push('--region', r);
    code = await main(args, {
      cwd: dir,
      env: {},
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      isTTY: false,
      stderrIsTTY: true,
    });
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await fake.close();
  });

  it('exits 2 (the denied region leaves the audit incomplete) and writes every format', () => {
    expect(code).toBe(2);
    // Progress is for a terminal: stderr is one here, and the final line is the summary.
    expect(stderr).toContain('stackwarden: auditing');
  });

  it.each(['text', 'json', 'sarif', 'junit', 'markdown', 'html'])('%s carries each of the four findings', (format) => {
    const text =
      format === 'text'
        ? stdout
        : readFileSync(
            join(dir, `stackwarden.${{ json: 'json', sarif: 'sarif', junit: 'junit.xml', markdown: 'md', html: 'html' }[format]}`),
            'utf8',
          );
    for (const [, arn] of DONE) expect(text, `${format}: ${arn}`).toContain(format === 'html' ? arn.replace(/\//g, '/') : arn);
    if (format === 'text') expect(text).toContain('AWSLambdaBasicExecutionRole');
  });

  it('SARIF uses the ARN as the logical location and is valid against the 2.1.0 schema', () => {
    const log = JSON.parse(readFileSync(join(dir, 'stackwarden.sarif'), 'utf8'));
    const results = log.runs[0].results as {
      ruleId: string;
      locations: { logicalLocations?: { name: string }[]; physicalLocation?: unknown }[];
    }[];
    const mfa = results.find((r) => r.ruleId === 's3/mfa-delete')!;
    expect(mfa.locations[0]!.physicalLocation).toBeUndefined();
    expect(mfa.locations[0]!.logicalLocations![0]!.name).toBe('arn:aws:s3:::app-data');
    const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });

  it('JSON findings carry arn, account and region', () => {
    const json = JSON.parse(readFileSync(join(dir, 'stackwarden.json'), 'utf8'));
    const f = json.findings.find((x: { ruleId: string }) => x.ruleId === 'cfn/termination-protection');
    expect(f).toMatchObject({ account: ACCOUNT, region: 'us-east-1', stack: 'AppStack', resourceType: 'AWS::CloudFormation::Stack' });
    expect(
      json.errors.some(
        (e: { operation?: string; region?: string }) => e.operation === 'cloudformation:DescribeStacks' && e.region === 'ap-south-1',
      ),
    ).toBe(true);
  });

  it('checks its outputs as scan does: never over the configuration, the format from the extension, nothing written on a refusal', async () => {
    writeFileSync(join(dir, 'stackwarden.config.json'), '{}\n');
    let err = '';
    const run = (args: string[]) =>
      main(['audit', '--endpoint-url', fake.endpoint, '--as-of', '2026-12-01', '--region', 'us-east-1', ...args], {
        cwd: dir,
        env: {},
        stdout: () => undefined,
        stderr: (s) => void (err += s),
        isTTY: false,
      });
    expect(await run(['-o', 'new.sarif', '-o', 'stackwarden.config.json'])).toBe(2);
    expect(err).toContain('refusing to write the json report to stackwarden.config.json: it is an input of this run');
    expect(readFileSync(join(dir, 'stackwarden.config.json'), 'utf8')).toBe('{}\n');
    expect(existsSync(join(dir, 'new.sarif'))).toBe(false);
    expect(await run(['-o', 'only.sarif'])).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'only.sarif'), 'utf8')).version).toBe('2.1.0');
  }, 120_000);
});
