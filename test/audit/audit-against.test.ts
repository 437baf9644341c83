import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import type { Finding } from '../../src/model/types.js';
import { ACCESS_KEY, type FakeAws, type FakeWorld, SECRET_KEY, startFakeAws } from './fake-aws.js';

const ACCOUNT = '111111111111';
const ALL_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/**
 * The account examples/prototype/cdk.out deploys to (a real synthesized assembly): its two stacks, as deployed,
 * with some drift, plus what no template declares.
 */
function prototypeWorld(): FakeWorld {
  return {
    account: ACCOUNT,
    regions: ['eu-west-1', 'us-east-1'],
    accountPublicAccessBlock: ALL_ON,
    buckets: [
      // The template's Bucket83908E77 has no versioning; someone turned it on (with MFA delete off) by hand.
      {
        name: 'prototype-bucket',
        region: 'us-east-1',
        versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
        encryption: 'AES256',
        ownership: 'BucketOwnerEnforced',
        publicAccessBlock: ALL_ON,
      },
      // ACLs were re-enabled and a public-read grant added by hand: the template (no ACL) passes, the bucket does not.
      {
        name: 'prototype-replica',
        region: 'eu-west-1',
        encryption: 'AES256',
        ownership: 'ObjectWriter',
        publicRead: true,
        publicAccessBlock: ALL_ON,
      },
      // The CDK bootstrap bucket (stack CDKToolkit, not in the assembly) and a bucket made by hand.
      {
        name: 'cdk-hnb659fds-assets',
        region: 'us-east-1',
        encryption: 'aws:kms',
        ownership: 'BucketOwnerEnforced',
        publicAccessBlock: ALL_ON,
      },
      { name: 'hand-made', region: 'us-east-1', encryption: 'AES256', ownership: 'BucketOwnerEnforced', publicAccessBlock: ALL_ON },
    ],
    stacks: [
      {
        name: 'PrototypeStack',
        region: 'us-east-1',
        // manifest.json says terminationProtection: false; it was enabled on the deployed stack.
        terminationProtection: true,
        resources: [
          { logicalId: 'Bucket83908E77', physicalId: 'prototype-bucket', type: 'AWS::S3::Bucket' },
          { logicalId: 'HandlerServiceRoleFCDC14AE', physicalId: 'prototype-handler-role', type: 'AWS::IAM::Role' },
          { logicalId: 'SshSecurityGroup', physicalId: 'sg-0ssh', type: 'AWS::EC2::SecurityGroup' },
          { logicalId: 'Handler886CB40B', physicalId: 'prototype-handler', type: 'AWS::Lambda::Function' },
        ],
      },
      {
        name: 'PrototypeDataStack',
        region: 'eu-west-1',
        terminationProtection: false,
        resources: [{ logicalId: 'ReplicaBucketB570B599', physicalId: 'prototype-replica', type: 'AWS::S3::Bucket' }],
      },
      {
        name: 'CDKToolkit',
        region: 'us-east-1',
        terminationProtection: true,
        resources: [{ logicalId: 'StagingBucket', physicalId: 'cdk-hnb659fds-assets', type: 'AWS::S3::Bucket' }],
      },
    ],
    roles: [{ name: 'prototype-handler-role', managed: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] }],
    securityGroups: [
      // The template opens 22 to the world; the deployed group was closed down to 443 by hand.
      { id: 'sg-0ssh', region: 'us-east-1', open: [{ port: 443, cidr: '0.0.0.0/0' }] },
      { id: 'sg-0default', region: 'us-east-1', name: 'default', open: [] },
      { id: 'sg-0manual', region: 'us-east-1', open: [{ port: 3389, cidr: '0.0.0.0/0' }] },
    ],
    functions: [{ name: 'prototype-handler', region: 'us-east-1', runtime: 'nodejs20.x' }],
  };
}

async function runAudit(fake: FakeAws, cwd: string, extra: string[]) {
  let stdout = '';
  let stderr = '';
  const args = [
    'audit',
    '--endpoint-url',
    fake.endpoint,
    '--as-of',
    '2026-12-01',
    '--region',
    'us-east-1',
    '--region',
    'eu-west-1',
    '-f',
    'json',
    ...extra,
  ];
  const code = await main(args, {
    cwd,
    env: {},
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: false,
    stderrIsTTY: false,
  });
  const json = stdout ? JSON.parse(stdout) : undefined;
  return { code, stderr, json, findings: (json?.findings ?? []) as Finding[] };
}

const saved = { ...process.env };
let fake: FakeAws;
let dir: string;
beforeAll(async () => {
  fake = await startFakeAws(prototypeWorld());
  dir = mkdtempSync(join(tmpdir(), 'stackwarden-against-'));
  cpSync(new URL('../../examples/prototype/cdk.out', import.meta.url), join(dir, 'cdk.out'), { recursive: true });
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY });
  delete process.env['AWS_PROFILE'];
  delete process.env['AWS_SESSION_TOKEN'];
}, 60_000);
afterAll(async () => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
});

const on = (findings: Finding[], ruleId: string, file: string) => findings.filter((f) => f.ruleId === ruleId && f.file === file);
const BUCKET = 'arn:aws:s3:::prototype-bucket';
const REPLICA = 'arn:aws:s3:::prototype-replica';
const SSH = `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0ssh`;
const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/PrototypeStack/0000`;

describe('stackwarden audit --against cdk.out (examples/prototype, a real synthesized assembly)', () => {
  let findings: Finding[];
  let code: number;
  beforeAll(async () => {
    ({ findings, code } = await runAudit(fake, dir, ['--against', 'cdk.out']));
  }, 120_000);

  it('reports the static findings of the assembly and the live ones of the account in one report', () => {
    expect(code).toBe(1);
    expect(findings.some((f) => f.file === 'cdk.out/PrototypeStack.template.json' && f.ruleId === 'ec2/no-open-ingress')).toBe(true);
    expect(on(findings, 'lambda/runtime-deprecated', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:prototype-handler`)).toHaveLength(1);
  });

  it('reports drift where the template and the deployed resource disagree, with the controls of the rule that drifted', () => {
    const drift = findings.filter((f) => f.ruleId === 'audit/drift');
    expect(drift.map((f) => [f.file, f.detail, f.messageId, f.controls]).sort()).toEqual(
      [
        // Enabled by hand: the next deployment (manifest.json says false) would not turn it off, but the template disagrees.
        [STACK, ['Rule::cfn/termination-protection'], 'templateFails', ['CFN-1']],
        // The template opens 22 to the world; the group was closed by hand.
        [SSH, ['Rule::ec2/no-open-ingress'], 'templateFails', ['SRM-1']],
        // Versioning turned on by hand.
        [BUCKET, ['Rule::s3/versioning'], 'templateFails', ['S3-5']],
        // A public-read grant added by hand to a bucket whose template has no ACL.
        [REPLICA, ['Rule::s3/no-public-acl'], 'liveFails', expect.any(Array)],
        // The live role lacks the template's s3:* policy (the fake account has only the managed policy).
        [`arn:aws:iam::${ACCOUNT}:role/prototype-handler-role`, ['Rule::iam/principal-least-privilege'], 'templateFails', ['IAM-2']],
      ].sort(),
    );
    const acl = drift.find((f) => f.file === REPLICA)!;
    expect(acl).toMatchObject({ stack: 'PrototypeDataStack', logicalId: 'ReplicaBucketB570B599', account: ACCOUNT, region: 'eu-west-1' });
    expect(acl.message).toContain("passes s3/no-public-acl in the template of stack 'PrototypeDataStack' but not as deployed");
    // What the template leaves to an AWS default (no PublicAccessBlockConfiguration) is not drift from the default.
    expect(drift.some((f) => f.detail?.includes('Rule::s3/block-public-access'))).toBe(false);
    // Both sides fail: no drift, both findings stand.
    expect(drift.some((f) => f.detail?.includes('Rule::s3/tls-only'))).toBe(false);
    expect(drift.some((f) => f.stack === 'PrototypeDataStack' && f.resourceType === 'AWS::CloudFormation::Stack')).toBe(false);
  });

  it('reports live buckets, roles and groups that no template declares, or whose stack is not in the assembly', () => {
    const undeclared = findings.filter((f) => f.ruleId === 'audit/undeclared');
    expect(undeclared.map((f) => [f.file, f.messageId, f.stack]).sort()).toEqual(
      [
        ['arn:aws:s3:::cdk-hnb659fds-assets', 'otherStack', 'CDKToolkit'],
        ['arn:aws:s3:::hand-made', 'unmanaged', null],
        [`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0manual`, 'unmanaged', null],
      ].sort(),
    );
    // The VPC's default group is AWS's, and the stacks' own resources are declared.
    expect(undeclared.some((f) => f.file.endsWith('sg-0default'))).toBe(false);
    expect(undeclared.every((f) => f.severity === 'note' && f.controls.length === 0)).toBe(true);
  });

  it('without --against there is no drift and no undeclared resource, and no static finding', async () => {
    const alone = await runAudit(fake, dir, []);
    expect(alone.findings.filter((f) => f.ruleId.startsWith('audit/'))).toEqual([]);
    expect(alone.findings.every((f) => f.arn !== undefined)).toBe(true);
  }, 120_000);
});

describe('stackwarden audit --against templates: the live state settles the static notes', () => {
  let other: FakeAws;
  let tdir: string;
  beforeAll(async () => {
    other = await startFakeAws({
      account: ACCOUNT,
      regions: ['us-east-1'],
      accountPublicAccessBlock: ALL_ON,
      buckets: [
        {
          name: 'app-data',
          region: 'us-east-1',
          versioning: { status: 'Enabled', mfaDelete: 'Enabled' },
          encryption: 'AES256',
          ownership: 'BucketOwnerEnforced',
          publicAccessBlock: ALL_ON,
        },
      ],
      stacks: [
        {
          name: 'AppStack',
          region: 'us-east-1',
          terminationProtection: true,
          resources: [{ logicalId: 'Data', physicalId: 'app-data', type: 'AWS::S3::Bucket' }],
        },
      ],
      roles: [],
      securityGroups: [],
      functions: [],
    });
    tdir = mkdtempSync(join(tmpdir(), 'stackwarden-against-templates-'));
    // A plain template: its stack is named after the file (AppStack.template.json deploys as AppStack).
    const template = { Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } } } };
    writeFileSync(join(tdir, 'AppStack.template.json'), JSON.stringify(template, null, 2));
  }, 60_000);
  afterAll(async () => {
    rmSync(tdir, { recursive: true, force: true });
    await other.close();
  });

  it('drops the MFA delete and termination protection notes of the template: the deployed bucket and stack answer them', async () => {
    const { findings } = await runAudit(other, tdir, ['--against', 'AppStack.template.json']);
    const statics = findings.filter((f) => f.file === 'AppStack.template.json');
    expect(statics.map((f) => f.ruleId)).not.toContain('s3/mfa-delete');
    expect(statics.map((f) => f.ruleId)).not.toContain('cfn/termination-protection');
    // MFA delete is on and the stack is protected: no live finding either, and no drift.
    expect(findings.filter((f) => ['s3/mfa-delete', 'cfn/termination-protection', 'audit/drift'].includes(f.ruleId))).toEqual([]);
    // The test can fail: the same template scanned alone has both notes.
    const scan = await main(['scan', 'AppStack.template.json', '-f', 'json', '--as-of', '2026-12-01'], {
      cwd: tdir,
      env: {},
      stdout: (s) => void (scanned += s),
      stderr: () => {},
      isTTY: false,
    });
    expect(scan).toBe(1);
    const ids = (JSON.parse(scanned).findings as Finding[]).map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['s3/mfa-delete', 'cfn/termination-protection']));
  }, 120_000);
});
let scanned = '';

describe('stackwarden audit: the suppressions file and the baseline judge live findings, as in scan', () => {
  let sdir: string;
  const MANUAL = `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0manual`;
  beforeAll(() => {
    sdir = mkdtempSync(join(tmpdir(), 'stackwarden-audit-gates-'));
    const suppressions = {
      suppressions: [
        // By ARN (the live finding's file).
        {
          rule: 'ec2/no-open-ingress',
          file: `arn:aws:ec2:*:${ACCOUNT}:security-group/sg-0manual`,
          reason: 'Jump host for the vendor, closed in OPS-12',
        },
        // By the name of a stack that no template here has.
        { rule: 'S3-4', stack: 'CDKToolkit', reason: 'The bootstrap bucket is managed by the CDK, reviewed in SEC-7' },
        // Matches nothing live: in a live-only audit this is not reported as unused (the file also serves scan).
        { rule: 's3/versioning', file: 'templates/**', reason: 'Scratch buckets of the templates, SEC-9' },
      ],
    };
    writeFileSync(join(sdir, 'stackwarden.suppressions.json'), JSON.stringify(suppressions, null, 2));
  });
  afterAll(() => rmSync(sdir, { recursive: true, force: true }));

  it('a suppressions-file entry suppresses a live finding, by ARN glob or by stack name, with its reason', async () => {
    const { findings, json } = await runAudit(fake, sdir, []);
    const ingress = on(findings, 'ec2/no-open-ingress', MANUAL)[0]!;
    expect(ingress.suppressed).toMatchObject({
      kind: 'external',
      source: 'suppressions-file',
      justification: 'Jump host for the vendor, closed in OPS-12',
    });
    const tls = on(findings, 's3/tls-only', 'arn:aws:s3:::cdk-hnb659fds-assets')[0]!;
    expect(tls.suppressed?.justification).toContain('bootstrap bucket');
    // Everything else stays unsuppressed, and no finding about the suppressions file is made.
    expect(on(findings, 's3/tls-only', 'arn:aws:s3:::hand-made')[0]!.suppressed).toBeNull();
    expect(findings.filter((f) => f.ruleId.startsWith('stackwarden/'))).toEqual([]);
    expect(json.summary.suppressed).toBe(2);
  }, 120_000);

  it('a baseline that cannot be read stops the audit before any AWS call (exit 2)', async () => {
    const before = Object.values(fake.stats.requests).reduce((a, b) => a + b, 0);
    const { code, stderr } = await runAudit(fake, sdir, ['--baseline', 'missing.baseline.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('missing.baseline.json');
    expect(Object.values(fake.stats.requests).reduce((a, b) => a + b, 0)).toBe(before);
  });

  it('an invalid entry is reported as in scan', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'stackwarden-audit-bad-'));
    writeFileSync(
      join(bad, 'stackwarden.suppressions.json'),
      JSON.stringify({ suppressions: [{ rule: 'ec2/no-open-ingress', reason: 'short' }] }),
    );
    const { findings } = await runAudit(fake, bad, []);
    rmSync(bad, { recursive: true, force: true });
    expect(findings.map((f) => f.ruleId)).toContain('stackwarden/suppression-invalid');
    expect(findings.every((f) => f.suppressed === null)).toBe(true);
  }, 120_000);

  it('--write-baseline accepts the live findings, and --baseline then passes the run (exit 0), failing on new ones only', async () => {
    const first = await runAudit(fake, sdir, ['--write-baseline', 'audit.baseline.json', '--fail-on', 'warning']);
    expect(first.stderr).toMatch(/wrote \d+ finding\(s\) to the baseline audit\.baseline\.json/);
    expect(first.code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(sdir, 'audit.baseline.json'), 'utf8'));
    expect(baseline.findings.some((e: { file: string }) => e.file === 'arn:aws:s3:::hand-made')).toBe(true);
    // Suppressed findings are accepted already: not in the baseline.
    expect(baseline.findings.some((e: { file: string; ruleId: string }) => e.file === MANUAL && e.ruleId === 'ec2/no-open-ingress')).toBe(
      false,
    );

    const known = await runAudit(fake, sdir, ['--baseline', 'audit.baseline.json', '--fail-on', 'warning']);
    expect(known.code).toBe(0);
    expect(known.findings.filter((f) => !f.suppressed).every((f) => f.baseline === true)).toBe(true);
    expect(known.json.summary.baseline).toBe(baseline.findings.length);

    // One entry taken out of the baseline: that live finding is new again, and fails the run.
    const trimmed = { ...baseline, findings: baseline.findings.filter((e: { file: string }) => e.file !== 'arn:aws:s3:::hand-made') };
    writeFileSync(join(sdir, 'trimmed.json'), JSON.stringify(trimmed));
    const fresh = await runAudit(fake, sdir, ['--baseline', 'trimmed.json', '--fail-on', 'warning']);
    expect(fresh.code).toBe(1);
    expect(fresh.findings.filter((f) => f.baseline === false && !f.suppressed).map((f) => f.file)).toEqual(
      expect.arrayContaining(['arn:aws:s3:::hand-made']),
    );
    expect(fresh.findings.filter((f) => f.baseline === false && !f.suppressed).every((f) => f.file === 'arn:aws:s3:::hand-made')).toBe(
      true,
    );
  }, 180_000);
});
