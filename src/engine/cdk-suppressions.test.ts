/**
 * End to end: a real CDK app (aws-cdk-lib, synthesized into a temporary folder) suppresses findings with
 * `Validations.of(c).acknowledge(...)` and with cdk-nag metadata, and StackWarden reads them from cdk.out.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../load/discover.js';
import type { Finding } from '../model/types.js';
import { defineRule } from '../rules/define.js';
import { run, type RunResult } from './run.js';

const bucketRule = defineRule({
  id: 'test/bucket',
  title: 'Buckets are tested',
  description: 'Reports every bucket, so suppressions have something to hide.',
  fix: 'None: a test rule.',
  controls: ['S3-5'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  peers: { cdkNag: ['AwsSolutions-S99'] },
  messages: { found: "Bucket '{{bucket}}' exists." },
  *check(bucket) {
    yield { at: bucket, messageId: 'found', data: { bucket: bucket.logicalId } };
  },
});

let dir: string;
let result: RunResult;
let bareResult: RunResult;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stackwarden-ack-'));
  const outdir = join(dir, 'cdk.out');
  // Asset and path metadata on, as the CDK CLI sets them: the loader finds nested stack templates and construct paths by them.
  const context = {
    'aws:cdk:disable-creation-stack-traces': true,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:enable-path-metadata': true,
  };
  const app = new cdk.App({ outdir, analyticsReporting: false, context, stackTraces: false });
  const stack = new cdk.Stack(app, 'AckStack', { env: { account: '111111111111', region: 'eu-west-1' } });

  // An acknowledgement in StackWarden's namespace, on the bucket's L2 construct: it covers Bucket/Resource.
  const acknowledged = new s3.Bucket(stack, 'Acknowledged');
  cdk.Validations.of(acknowledged).acknowledge({ id: 'StackWarden::test/bucket', reason: 'Build cache, rebuilt from source on demand' });
  // A cdk-nag id without a namespace: the CDK records it as `Annotation::AwsSolutions-S99`.
  const group = new cdk.Stack(app, 'GroupStack');
  new s3.Bucket(group, 'One');
  new s3.Bucket(group, 'Two');
  cdk.Validations.of(group).acknowledge({ id: 'AwsSolutions-S99', reason: 'Scratch stack deleted every night' });
  // Too short a reason: invalid, suppresses nothing.
  const short = new s3.Bucket(stack, 'ShortReason');
  cdk.Validations.of(short).acknowledge({ id: 'StackWarden::test/bucket', reason: 'because' });
  // Nothing to suppress on a role: unused.
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  cdk.Validations.of(role).acknowledge({ id: 'StackWarden::test/bucket', reason: 'Copied from the bucket by mistake' });
  // Another plugin's rule: not StackWarden's business.
  cdk.Validations.of(role).acknowledge({ id: 'SomePlugin::SOME-RULE', reason: 'x' });
  // `where` narrows an acknowledgement in the CDK, but the assembly does not record it (see docs/suppressions.md).
  const filtered = new s3.Bucket(stack, 'Filtered');
  cdk.Validations.of(filtered).acknowledge({ id: 'StackWarden::test/bucket', reason: 'Only for one warning context', where: { port: 22 } });
  // A nested stack: its constructs' acknowledgements are recorded in the parent's metadata.
  const nested = new cdk.NestedStack(stack, 'Nested');
  cdk.Validations.of(new s3.Bucket(nested, 'Inner')).acknowledge({
    id: 'StackWarden::test/bucket',
    reason: 'Nested build cache, rebuilt on demand',
  });
  // cdk-nag's own metadata, as NagSuppressions.addResourceSuppressions writes it.
  const nagged = new s3.Bucket(stack, 'Nagged');
  (nagged.node.defaultChild as cdk.CfnResource).addMetadata('cdk_nag', {
    rules_to_suppress: [{ id: 'AwsSolutions-S99', reason: 'Website assets, public by design' }],
  });
  new s3.Bucket(stack, 'Plain');
  app.synth();

  result = run(loadInputs(['cdk.out'], { cwd: dir }), { rules: [bucketRule], asOf: '2026-03-01' });

  // Synthesized outside the CDK CLI, with path metadata off: construct paths come only from the
  // `aws:cdk:logicalId` entries of <Stack>.metadata.json.
  const bare = new cdk.App({
    outdir: join(dir, 'bare.out'),
    analyticsReporting: false,
    context: { 'aws:cdk:disable-creation-stack-traces': true },
    stackTraces: false,
  });
  const bareStack = new cdk.Stack(bare, 'BareStack');
  cdk.Validations.of(new s3.Bucket(bareStack, 'Cache')).acknowledge({
    id: 'StackWarden::test/bucket',
    reason: 'Build cache, rebuilt from source on demand',
  });
  bare.synth();
  bareResult = run(loadInputs(['bare.out'], { cwd: dir }), { rules: [bucketRule], asOf: '2026-03-01' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bucketFinding = (path: string): Finding => {
  const f = result.findings.find((x) => x.ruleId === 'test/bucket' && x.constructPath === path);
  if (!f) throw new Error(`no finding for ${path}: ${result.findings.map((x) => x.constructPath).join(', ')}`);
  return f;
};

describe('CDK acknowledgements in the cloud assembly', () => {
  it('records them as aws:cdk:acknowledged-rules metadata in <Stack>.metadata.json', () => {
    const metadata = JSON.parse(readFileSync(join(dir, 'cdk.out', 'AckStack.metadata.json'), 'utf8')) as Record<
      string,
      { type: string; data: unknown }[]
    >;
    expect(metadata['/AckStack/Acknowledged']?.find((e) => e.type === 'aws:cdk:acknowledged-rules')?.data).toEqual({
      'StackWarden::test/bucket': 'Build cache, rebuilt from source on demand',
    });
    const group = JSON.parse(readFileSync(join(dir, 'cdk.out', 'GroupStack.metadata.json'), 'utf8')) as Record<
      string,
      { type: string; data: unknown }[]
    >;
    expect(group['/GroupStack']?.[0]?.data).toEqual({ 'Annotation::AwsSolutions-S99': 'Scratch stack deleted every night' });
  });

  it('suppresses findings in the acknowledged construct subtree, marked with where the acknowledgement is', () => {
    expect(bucketFinding('AckStack/Acknowledged/Resource').suppressed).toMatchObject({
      kind: 'inSource',
      source: 'cdk-acknowledgement',
      id: 'StackWarden::test/bucket',
      justification: 'Build cache, rebuilt from source on demand',
      location: { file: 'cdk.out/AckStack.metadata.json' },
    });
    expect(bucketFinding('AckStack/Plain/Resource').suppressed).toBeNull();
  });

  it('maps cdk-nag ids recorded under the Annotation namespace, and covers a whole stack', () => {
    expect(bucketFinding('GroupStack/One/Resource').suppressed?.id).toBe('Annotation::AwsSolutions-S99');
    expect(bucketFinding('GroupStack/Two/Resource').suppressed?.id).toBe('Annotation::AwsSolutions-S99');
  });

  it('reaches nested stacks from the parent metadata', () => {
    expect(bucketFinding('AckStack/Nested/Inner/Resource').suppressed?.justification).toBe('Nested build cache, rebuilt on demand');
  });

  it('applies a `where`-filtered acknowledgement to the whole construct, because the filter is not recorded', () => {
    expect(bucketFinding('AckStack/Filtered/Resource').suppressed?.justification).toBe('Only for one warning context');
  });

  it('requires a reason and reports unused acknowledgements, at their metadata entry; other plugins are ignored', () => {
    expect(bucketFinding('AckStack/ShortReason/Resource').suppressed).toBeNull();
    const meta = result.findings.filter((f) => f.ruleId.startsWith('stackwarden/'));
    expect(meta.map((f) => [f.ruleId, f.file, f.stack, f.pointer])).toEqual([
      [
        'stackwarden/suppression-invalid',
        'cdk.out/AckStack.metadata.json',
        'AckStack',
        '/~1AckStack~1ShortReason/0/data/StackWarden::test~1bucket',
      ],
      [
        'stackwarden/suppression-unused',
        'cdk.out/AckStack.metadata.json',
        'AckStack',
        '/~1AckStack~1Role/0/data/StackWarden::test~1bucket',
      ],
    ]);
    expect(meta[0]!.message).toContain(
      "CDK acknowledgement 'StackWarden::test/bucket' on construct 'AckStack/ShortReason' is not valid: its reason 'because' is shorter than 10 characters",
    );
    expect(meta[0]!.range.start.line).toBeGreaterThan(1);
  });

  it('reads cdk-nag metadata that the CDK app wrote on the resource', () => {
    expect(bucketFinding('AckStack/Nagged/Resource').suppressed).toMatchObject({
      source: 'cdk-nag',
      justification: 'Website assets, public by design',
    });
  });

  it('finds construct paths without path metadata, from <Stack>.metadata.json', () => {
    const template = JSON.parse(readFileSync(join(dir, 'bare.out', 'BareStack.template.json'), 'utf8')) as {
      Resources: Record<string, { Metadata?: unknown }>;
    };
    expect(Object.values(template.Resources).map((r) => r.Metadata)).toEqual([undefined]);
    expect(bareResult.findings.map((f) => [f.constructPath, f.suppressed?.source])).toEqual([
      ['BareStack/Cache/Resource', 'cdk-acknowledgement'],
    ]);
  });
});
