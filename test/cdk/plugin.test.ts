// The CDK validation plugin on real apps synthesized with the installed aws-cdk-lib.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cdk from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackWardenValidator } from '../../src/cdk/index.js';
import { main, type Io } from '../../src/cli/program.js';
import type { Finding } from '../../src/model/types.js';
import { REPO_ROOT } from '../support/examples.js';
import { ACCOUNT, AutoDeleteStack, HardenedStack, newApp, prototypeApp } from './apps.js';

const AS_OF = '2026-06-01';
let previous: string | undefined;
// aws-cdk-lib's own template validator (a 2 s WebAssembly run per synth) is not what these tests are about.
beforeAll(() => {
  previous = process.env['CDK_VALIDATION'];
  process.env['CDK_VALIDATION'] = 'false';
});
afterAll(() => {
  if (previous === undefined) delete process.env['CDK_VALIDATION'];
  else process.env['CDK_VALIDATION'] = previous;
});

/** Synthesizes with the validator; returns the error synth threw (vitest sets NODE_ENV=test: the CDK throws in-memory). */
function synth(app: cdk.App, validator: StackWardenValidator): Error | undefined {
  cdk.Validations.of(app).addPlugins(validator);
  try {
    app.synth();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** Line and column of the first `needle` in a file of the repository (1-based), where the test apps create a construct. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line: line + 1, column: lines[line]!.indexOf(needle) + 1 };
}

const summary = (f: Finding) => `${f.severity} ${f.ruleId} ${f.constructPath}`;

describe('StackWardenValidator in cdk synth', () => {
  it('fails synth on the prototype, with rule, controls, construct path, fix and the source line in the report', () => {
    const { app } = prototypeApp();
    const validator = new StackWardenValidator({ config: false, asOf: AS_OF });
    const error = synth(app, validator);
    expect(error?.message).toMatch(/A copy of this report can be found in/);
    expect(error?.message).toContain("Acknowledge with 'StackWarden::s3/tls-only'");
    expect(error?.message).toContain('PrototypeStack/Bucket/Resource (Bucket83908E77)');
    const findings = validator.lastResult!.findings;
    const tls = findings.find((f) => f.ruleId === 's3/tls-only' && f.constructPath === 'PrototypeStack/Bucket/Resource')!;
    expect(tls.controls).toEqual(['S3-4']);
    // The first frame outside aws-cdk-lib: the `new s3.Bucket(...)` of examples/prototype/app.ts.
    expect(tls.source).toEqual({
      file: 'examples/prototype/app.ts',
      ...positionOf('examples/prototype/app.ts', "new s3.Bucket(this, 'Bucket')"),
    });
    // Termination protection comes from the manifest.
    expect(findings.map(summary)).toContain('error cfn/termination-protection PrototypeStack');
  });

  it('reports what the CLI reports on the same cdk.out', async () => {
    const { app } = prototypeApp();
    const validator = new StackWardenValidator({ config: false, asOf: AS_OF });
    synth(app, validator);
    let out = '';
    const io: Io = { cwd: REPO_ROOT, env: {}, isTTY: false, stdout: (s) => (out += s), stderr: () => {} };
    const code = await main(['scan', app.outdir, '--format', 'json', '--as-of', AS_OF], io);
    expect(code).toBe(1);
    const cli = (JSON.parse(out) as { findings: Finding[] }).findings;
    expect(cli.length).toBeGreaterThan(10);
    expect(validator.lastResult!.findings).toEqual(cli);
  });

  it('passes synth on a hardened app and still lists the findings below failOn in the report', () => {
    const app = newApp();
    new HardenedStack(app, 'Hardened', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const validator = new StackWardenValidator({ config: false, asOf: AS_OF });
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      expect(synth(app, validator)).toBeUndefined();
    } finally {
      console.error = original;
    }
    expect(validator.lastResult!.findings.map(summary).sort()).toEqual([
      'note s3/mfa-delete Hardened/Data/Resource',
      'warning s3/replication Hardened/Data/Resource',
    ]);
    expect(logged.join('\n')).toContain('WARNING');
    expect(logged.join('\n')).toMatch(/no replication configuration/);
  });

  it('fails synth on a warning with failOn warning', () => {
    const app = newApp();
    new HardenedStack(app, 'Hardened', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(synth(app, new StackWardenValidator({ config: false, asOf: AS_OF, failOn: 'warning' }))?.message).toMatch(
      /A copy of this report can be found in/,
    );
  });

  it('honours acknowledgements as the CLI does: the finding is suppressed, synth passes', () => {
    const app = newApp();
    const stack = new HardenedStack(app, 'Hardened', { env: { account: ACCOUNT, region: 'us-east-1' } });
    cdk.Validations.of(stack.bucket).acknowledge({ id: 'StackWarden::s3/replication', reason: 'Scratch data, rebuilt from source' });
    const validator = new StackWardenValidator({ config: false, asOf: AS_OF, failOn: 'warning' });
    expect(synth(app, validator)).toBeUndefined();
    const replication = validator.lastResult!.findings.find((f) => f.ruleId === 's3/replication')!;
    expect(replication.suppressed).toMatchObject({ source: 'cdk-acknowledgement', justification: 'Scratch data, rebuilt from source' });
  });

  it('marks findings on resources aws-cdk-lib made, names the construct and gives a fix that works', () => {
    const app = newApp();
    new AutoDeleteStack(app, 'AutoDelete', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const validator = new StackWardenValidator({ config: false, asOf: AS_OF });
    const error = synth(app, validator);
    const managed = validator.lastResult!.findings.find((f) => f.ruleId === 'iam/no-managed-policies')!;
    expect(managed.constructPath).toBe('AutoDelete/Custom::S3AutoDeleteObjectsCustomResourceProvider/Role');
    expect(managed.origin).toMatchObject({
      kind: 'cdk-framework',
      construct: 'Bucket autoDeleteObjects',
      path: 'AutoDelete/Custom::S3AutoDeleteObjectsCustomResourceProvider',
    });
    expect(managed.source).toBeUndefined();
    expect(error?.message).toContain('made by aws-cdk-lib: Bucket autoDeleteObjects');
    // The user's own bucket is not marked.
    expect(validator.lastResult!.findings.filter((f) => f.constructPath === 'AutoDelete/Scratch/Resource').every((f) => !f.origin)).toBe(
      true,
    );
  });

  it('registers through policyValidationBeta1 too', () => {
    const validator = new StackWardenValidator({ config: false, asOf: AS_OF });
    const app = newApp({ policyValidationBeta1: [validator] });
    prototypeApp(app);
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/A copy of this report can be found in/);
    expect(validator.lastResult!.findings.some((f) => f.ruleId === 's3/tls-only')).toBe(true);
  });
});
