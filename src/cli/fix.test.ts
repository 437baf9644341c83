import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './program.js';

const root = mkdtempSync(join(tmpdir(), 'stackwarden-fix-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const examples = join(import.meta.dirname, '../../examples');

async function cli(cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false });
  return { code, out: out.join(''), err: err.join('') };
}

describe('stackwarden fix', () => {
  it('dry run on the prototype template: a diff and a summary, the file unchanged, exit 1 (findings remain)', async () => {
    const dir = mkdtempSync(join(root, 'dry-'));
    cpSync(join(examples, 'templates/prototype.yaml'), join(dir, 'prototype.yaml'));
    const { code, out } = await cli(dir, 'fix', 'prototype.yaml', '--as-of', '2026-01-01');
    expect(code).toBe(1);
    expect(out).toMatch(/^--- a\/prototype\.yaml\n\+\+\+ b\/prototype\.yaml\n@@ /);
    expect(out).toMatch(/\+ {6}VersioningConfiguration:\n\+ {8}Status: Enabled/);
    expect(out).toMatch(/Would fix 10 finding\(s\)/);
    expect(readFileSync(join(dir, 'prototype.yaml'), 'utf8')).toBe(readFileSync(join(examples, 'templates/prototype.yaml'), 'utf8'));
  });
  it('--write keeps comments and tags; --rule limits the fixes', async () => {
    const dir = mkdtempSync(join(root, 'write-'));
    cpSync(join(examples, 'templates/prototype.yaml'), join(dir, 'prototype.yaml'));
    const { out } = await cli(dir, 'fix', 'prototype.yaml', '--rule', 's3/versioning', '--write', '--as-of', '2026-01-01');
    expect(out).toMatch(/Fixed 2 finding\(s\)/);
    const text = readFileSync(join(dir, 'prototype.yaml'), 'utf8');
    expect(text).toContain('# What bucket.grantReadWrite(fn) produces in the CDK app.');
    expect(text).toContain('- !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole');
  });
  it('changes nothing in a cdk.out and points to the Aspect with the CDK property per construct', async () => {
    const dir = mkdtempSync(join(root, 'cdk-'));
    cpSync(join(examples, 'prototype/cdk.out'), join(dir, 'cdk.out'), { recursive: true });
    const before = readFileSync(join(dir, 'cdk.out/PrototypeStack.template.json'), 'utf8');
    const { code, out } = await cli(dir, 'fix', '--write');
    expect(code).toBe(1);
    expect(out).toContain('Cloud assemblies are not changed');
    expect(out).toContain('StackWardenRemediation');
    expect(out).toMatch(/s3\/versioning {2}PrototypeStack\/Bucket\/Resource: set `versioned: true`/);
    expect(readFileSync(join(dir, 'cdk.out/PrototypeStack.template.json'), 'utf8')).toBe(before);
  });
  it('applies the suppressions file as scan does: a suppressed finding is not fixed, nor does it fail the run', async () => {
    const dir = mkdtempSync(join(root, 'suppressed-'));
    cpSync(join(examples, 'templates/prototype.yaml'), join(dir, 'prototype.yaml'));
    const all = await cli(dir, 'fix', 'prototype.yaml', '--rule', 's3/versioning', '--as-of', '2026-01-01');
    expect(all.out).toMatch(/Would fix 2 finding\(s\)/);
    writeFileSync(
      join(dir, 'stackwarden.suppressions.yaml'),
      'suppressions:\n  - rule: s3/versioning\n    reason: versioning is decided per bucket in PLAT-1\n',
    );
    const { out } = await cli(dir, 'fix', 'prototype.yaml', '--rule', 's3/versioning', '--as-of', '2026-01-01');
    expect(out).toMatch(/Would fix 0 finding\(s\)/);
    expect(out).not.toContain('VersioningConfiguration');
  });
});
