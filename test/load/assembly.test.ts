import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../../src/load/assembly.js';
import { loadInputs } from '../../src/load/discover.js';
import type { LoadedStack, LoadResult } from '../../src/load/stack.js';
import { makeTempDir, withTempDir } from '../helpers.js';

/** What a test wants to know about a loaded stack. */
function summary(stack: LoadedStack) {
  return {
    id: stack.id,
    name: stack.name,
    file: stack.template.file,
    env: stack.env,
    terminationProtection: stack.terminationProtection,
    constructPath: stack.constructPath,
    nestedIn: stack.nestedIn,
  };
}

/**
 * A tiny app with every shape an assembly can take: stacks with environments, one with termination
 * protection, a nested stack, and a stage (a nested cloud assembly).
 */
function synthesize(outdir: string, context: Record<string, unknown>): void {
  const app = new App({ outdir, context });
  const alpha = new Stack(app, 'Alpha', { env: { account: '123456789012', region: 'eu-west-1' }, terminationProtection: true });
  new s3.Bucket(alpha, 'Bucket');
  const beta = new Stack(app, 'Beta', { stackName: 'beta-stack', env: { account: '123456789012', region: 'cn-north-1' } });
  new s3.Bucket(beta, 'ParentBucket');
  const inner = new NestedStack(beta, 'Inner');
  new s3.Bucket(inner, 'NestedBucket');
  const deeper = new NestedStack(inner, 'Deeper');
  new s3.Bucket(deeper, 'DeepBucket');
  const stage = new Stage(app, 'Prod', { env: { account: '210987654321', region: 'us-gov-west-1' } });
  new s3.Bucket(new Stack(stage, 'Gamma'), 'StageBucket');
  new Stack(app, 'Agnostic');
  app.synth();
}

describe('a real CDK synth (aws-cdk-lib) loads as stacks', () => {
  let root: string;
  /** As `cdk synth` writes it: asset and path metadata on (the CLI's defaults). */
  let cli: LoadResult;
  /** As `app.synth()` in a script writes it: no asset or path metadata. */
  let plain: LoadResult;

  beforeAll(() => {
    root = makeTempDir();
    synthesize(join(root, 'cli', 'cdk.out'), { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true });
    synthesize(join(root, 'plain', 'cdk.out'), {});
    cli = loadInputs(['cdk.out'], { cwd: join(root, 'cli') });
    plain = loadInputs(['cdk.out'], { cwd: join(root, 'plain') });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('loads without errors', () => {
    expect(cli.errors).toEqual([]);
    expect(plain.errors).toEqual([]);
  });

  for (const variant of ['cli', 'plain'] as const) {
    it(`stacks with name, template, environment, termination protection and construct path (${variant})`, () => {
      const result = variant === 'cli' ? cli : plain;
      const byId = new Map(result.stacks.map((s) => [s.id, summary(s)]));
      expect(byId.get('Alpha')).toEqual({
        id: 'Alpha',
        name: 'Alpha',
        file: 'cdk.out/Alpha.template.json',
        env: { account: '123456789012', region: 'eu-west-1' },
        terminationProtection: true,
        constructPath: 'Alpha',
        nestedIn: null,
      });
      expect(byId.get('Beta')).toMatchObject({
        name: 'beta-stack',
        terminationProtection: false,
        env: { account: '123456789012', region: 'cn-north-1' },
      });
      // Environment-agnostic stacks know neither account nor region.
      expect(byId.get('Agnostic')).toMatchObject({ env: { account: null, region: null }, terminationProtection: false });
    });

    it(`nested stacks, nested twice, with the parent's environment (${variant})`, () => {
      const result = variant === 'cli' ? cli : plain;
      const nested = result.stacks.filter((s) => s.nestedIn).map(summary);
      expect(nested).toHaveLength(2);
      const [inner, deeper] = [...nested].sort((a, b) => a.id.length - b.id.length);
      expect(inner).toMatchObject({
        constructPath: 'Beta/Inner',
        env: { account: '123456789012', region: 'cn-north-1' },
        terminationProtection: null,
        nestedIn: { stackId: 'Beta' },
      });
      expect(inner!.file).toMatch(/^cdk\.out\/.*\.nested\.template\.json$/);
      expect(deeper).toMatchObject({ constructPath: 'Beta/Inner/Deeper', nestedIn: { stackId: inner!.id } });
      const innerStack = result.stacks.find((s) => s.id === inner!.id)!;
      expect(Object.keys((innerStack.template.value as { Resources: object }).Resources)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^NestedBucket/)]),
      );
    });

    it(`stages: the nested cloud assembly's stacks (${variant})`, () => {
      const result = variant === 'cli' ? cli : plain;
      const gamma = result.stacks.find((s) => s.id.endsWith('ProdGamma340F30A2'));
      expect(gamma && summary(gamma)).toMatchObject({
        name: 'Prod-Gamma',
        file: 'cdk.out/assembly-Prod/ProdGamma340F30A2.template.json',
        env: { account: '210987654321', region: 'us-gov-west-1' },
        constructPath: 'Prod/Gamma',
        terminationProtection: false,
      });
    });

    it(`construct paths of resources, from <Stack>.metadata.json (${variant})`, () => {
      const result = variant === 'cli' ? cli : plain;
      const alpha = result.stacks.find((s) => s.id === 'Alpha')!;
      const bucketId = Object.keys((alpha.template.value as { Resources: object }).Resources).find((id) => id.startsWith('Bucket'))!;
      expect(alpha.constructPaths.get(bucketId)).toBe('Alpha/Bucket/Resource');
      const inner = result.stacks.find((s) => s.constructPath === 'Beta/Inner')!;
      const nestedBucket = [...inner.constructPaths].find(([id]) => id.startsWith('NestedBucket'));
      expect(nestedBucket?.[1]).toBe('Beta/Inner/NestedBucket/Resource');
      // The nested stack's map holds only its own subtree.
      expect([...inner.constructPaths.values()].every((p) => p.startsWith('Beta/Inner/'))).toBe(true);
    });
  }

  it('the CLI-style synth has aws:cdk:path in the templates, the plain one does not: both give construct paths', () => {
    const alphaCli = cli.stacks.find((s) => s.id === 'Alpha')!;
    const text = readFileSync(join(root, 'cli', 'cdk.out', 'Alpha.template.json'), 'utf8');
    expect(text).toContain('"aws:cdk:path": "Alpha/Bucket/Resource"');
    expect(readFileSync(join(root, 'plain', 'cdk.out', 'Alpha.template.json'), 'utf8')).not.toContain('aws:cdk:path');
    expect([...alphaCli.constructPaths.values()]).toContain('Alpha/Bucket/Resource');
  });

  it('points stacks at their manifest entries', () => {
    const alpha = cli.stacks.find((s) => s.id === 'Alpha')!;
    expect(alpha.declaredAt?.document.file).toBe('cdk.out/manifest.json');
    expect(alpha.declaredAt?.pointer).toBe('/artifacts/Alpha');
    const located = alpha.declaredAt!.document.locate('/artifacts/Alpha/properties/terminationProtection');
    expect(located.pointer).toBe('/artifacts/Alpha/properties/terminationProtection');
  });

  it('finds the assembly when walking the folder that holds cdk.out, or when given manifest.json', () => {
    const walked = loadInputs(['.'], { cwd: join(root, 'cli') });
    expect(walked.stacks.map((s) => s.id)).toEqual(cli.stacks.map((s) => s.id));
    const direct = loadInputs(['cdk.out/manifest.json'], { cwd: join(root, 'cli') });
    expect(direct.stacks.map((s) => s.id)).toEqual(cli.stacks.map((s) => s.id));
    expect(walked.errors).toEqual([]);
  });
});

describe('hand-made assemblies', () => {
  const template = '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}';
  const manifest = (artifacts: Record<string, unknown>) => JSON.stringify({ version: '36.0.0', artifacts }, null, 2);

  function assembly(files: Record<string, string>): LoadResult {
    return withTempDir((dir) => {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(join(dir, 'cdk.out', path, '..'), { recursive: true });
        writeFileSync(join(dir, 'cdk.out', path), content);
      }
      return loadInputs(['cdk.out'], { cwd: dir });
    });
  }

  it('reads construct paths from the manifest metadata of older CDK versions', () => {
    const result = assembly({
      'manifest.json': manifest({
        S: {
          type: 'aws:cloudformation:stack',
          environment: 'aws://unknown-account/unknown-region',
          properties: { templateFile: 'S.template.json' },
          metadata: { '/S/Bucket/Resource': [{ type: 'aws:cdk:logicalId', data: 'B' }] },
        },
      }),
      'S.template.json': template,
    });
    expect(result.errors).toEqual([]);
    expect(result.stacks.map(summary)).toEqual([
      {
        id: 'S',
        name: 'S',
        file: 'cdk.out/S.template.json',
        env: { account: null, region: null },
        terminationProtection: false,
        constructPath: 'S',
        nestedIn: null,
      },
    ]);
    expect([...result.stacks[0]!.constructPaths]).toEqual([['B', 'S/Bucket/Resource']]);
  });

  it('a stack without a templateFile is an ASSEMBLY error at its manifest entry', () => {
    const result = assembly({ 'manifest.json': manifest({ S: { type: 'aws:cloudformation:stack', properties: {} } }) });
    expect(result.errors).toEqual([
      { file: 'cdk.out/manifest.json', code: 'ASSEMBLY', message: "stack artifact 'S' has no templateFile", line: 4, column: 5 },
    ]);
  });

  it('a missing template file is NOT_FOUND, and the other stacks still load', () => {
    const result = assembly({
      'manifest.json': manifest({
        A: { type: 'aws:cloudformation:stack', properties: { templateFile: 'A.template.json' } },
        B: { type: 'aws:cloudformation:stack', properties: { templateFile: 'B.template.json' } },
      }),
      'B.template.json': template,
    });
    expect(result.stacks.map((s) => s.id)).toEqual(['B']);
    expect(result.errors.map((e) => `${e.file} ${e.code}`)).toEqual(['cdk.out/A.template.json NOT_FOUND']);
  });

  it('a nested stack whose template is missing is an ASSEMBLY error where the resource names it', () => {
    const parent = JSON.stringify(
      { Resources: { N: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': 'N.nested.template.json' } } } },
      null,
      1,
    );
    const result = assembly({
      'manifest.json': manifest({ P: { type: 'aws:cloudformation:stack', properties: { templateFile: 'P.template.json' } } }),
      'P.template.json': parent,
    });
    expect(result.stacks.map((s) => s.id)).toEqual(['P']);
    expect(result.errors.map((e) => `${e.file} ${e.code} ${e.line}:${e.column}`)).toEqual(['cdk.out/P.template.json ASSEMBLY 6:5']);
  });

  it('a malformed manifest is an ASSEMBLY error with its position', () => {
    const result = assembly({ 'manifest.json': '{"version": "36.0.0", "artifacts": {\n  "S": }\n}' });
    expect(result.errors.map((e) => `${e.file} ${e.code} ${e.line}:${e.column}`)).toEqual(['cdk.out/manifest.json ASSEMBLY 2:8']);
  });

  it('a stack template with no resources loads (the CDK writes empty stacks so); one that is not a mapping is NOT_A_TEMPLATE', () => {
    const result = assembly({
      'manifest.json': manifest({ S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } }),
      'S.template.json': '["not", "a", "mapping"]',
    });
    expect(result.errors.map((e) => `${e.file} ${e.code}`)).toEqual(['cdk.out/S.template.json NOT_A_TEMPLATE']);
    const empty = assembly({
      'manifest.json': manifest({ S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } }),
      'S.template.json': '{"Parameters": {"BootstrapVersion": {"Type": "String"}}}',
    });
    expect(empty.errors).toEqual([]);
    expect(empty.stacks.map((s) => s.id)).toEqual(['S']);
  });

  it('a stage that points back at its own assembly is loaded once', () => {
    const result = assembly({
      'manifest.json': manifest({
        Loop: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } },
        S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } },
      }),
      'S.template.json': template,
    });
    expect(result.stacks.map((s) => s.id)).toEqual(['S']);
  });

  it('reads environments', () => {
    expect(parseEnvironment('aws://123456789012/us-east-1')).toEqual({ account: '123456789012', region: 'us-east-1' });
    expect(parseEnvironment('aws://unknown-account/unknown-region')).toEqual({ account: null, region: null });
    expect(parseEnvironment('aws://012345678901/unknown-region')).toEqual({ account: '012345678901', region: null });
    expect(parseEnvironment(undefined)).toEqual({ account: null, region: null });
  });
});
