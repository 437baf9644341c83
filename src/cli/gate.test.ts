/**
 * The CLI's gating features end to end, in-process: configuration, suppression files, baselines, exit codes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { main } from './program.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'stackwarden-gate-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(cwd, path)), { recursive: true });
  writeFileSync(join(cwd, path), text);
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, env: {}, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

/**
 * A configuration that keeps only the two rules these cases count on (plus `extra`), so that new rules do not
 * change exit codes and counts here.
 */
const KEPT = new Set(['s3/block-public-access', 'cfn/termination-protection']);
function pinned(extra: { rules?: Record<string, string>; [key: string]: unknown } = {}): string {
  const off = Object.fromEntries(rules.filter((r) => !KEPT.has(r.id)).map((r) => [r.id, 'off']));
  return JSON.stringify({ ...extra, rules: { ...off, ...extra.rules } });
}

/** One error finding (BlockPublicAcls false) per bucket named. */
const buckets = (...names: string[]) =>
  'Resources:\n' +
  names
    .map(
      (n) =>
        `  ${n}:\n    Type: AWS::S3::Bucket\n    Properties:\n      PublicAccessBlockConfiguration:\n        BlockPublicAcls: false\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n`,
    )
    .join('');

describe('configuration', () => {
  it('reports invalid values naming the exact key, with exit code 2', async () => {
    write(
      'stackwarden.config.json',
      JSON.stringify({
        rules: { 's3/block-public-access': 'warn' },
        allowedPorts: [80, 'https', 70000],
        failOn: 'sometimes',
        colour: true,
      }),
    );
    write('t.yaml', buckets('A'));
    const { code, stderr } = await cli('scan', 't.yaml');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'stackwarden: stackwarden.config.json: colour: unknown key (known: profile, failOn, rules, ignore, allowedPorts, suppressions, plugins, allowEmpty, followSymlinks)',
      'stackwarden: stackwarden.config.json: failOn: must be one of error, warning, note, none, not "sometimes"',
      'stackwarden: stackwarden.config.json: rules["s3/block-public-access"]: must be one of error, warning, note, off, not "warn"',
      'stackwarden: stackwarden.config.json: allowedPorts[1]: must be a port number from 0 to 65535, not "https"',
      'stackwarden: stackwarden.config.json: allowedPorts[2]: must be a port number from 0 to 65535, not 70000',
    ]);
  });

  it('names unknown rules with a suggestion, and finds the config in package.json', async () => {
    write('package.json', JSON.stringify({ name: 'app', stackwarden: { rules: { 's3/block-public-acces': 'off' }, ignore: [''] } }));
    const { code, stderr } = await cli('scan', '.');
    expect(code).toBe(2);
    expect(stderr).toContain(
      'stackwarden: package.json: stackwarden.rules["s3/block-public-acces"]: no rule has this id (did you mean s3/block-public-access?)\n',
    );
    expect(stderr).toContain('stackwarden: package.json: stackwarden.ignore[0]: must be a non-empty glob\n');
  });

  it('reports a JSON syntax error with its position, and a missing --config file', async () => {
    write('stackwarden.config.json', '{\n  "profile": "strict",\n}\n');
    expect((await cli('scan', '.')).stderr).toMatch(/^stackwarden: stackwarden\.config\.json:3:1: /);
    const missing = await cli('scan', '--config', 'nope.json', '.');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('stackwarden: nope.json:1:1: configuration file not found\n');
  });

  it('applies per-rule severity, failOn and profile; command-line flags win over the file', async () => {
    write('t.yaml', buckets('A'));
    write('stackwarden.config.json', pinned());
    expect((await cli('scan', 't.yaml')).code).toBe(1);
    write('stackwarden.config.json', pinned({ rules: { 's3/block-public-access': 'warning' } }));
    expect((await cli('scan', 't.yaml')).code).toBe(0);
    expect((await cli('scan', 't.yaml', '--fail-on', 'warning')).code).toBe(1);
    write('stackwarden.config.json', pinned({ failOn: 'none' }));
    expect((await cli('scan', 't.yaml')).code).toBe(0);
    expect((await cli('scan', 't.yaml', '--fail-on', 'error')).code).toBe(1);
    write('stackwarden.config.json', pinned({ rules: { 's3/block-public-access': 'off' } }));
    expect((await cli('scan', 't.yaml', '-f', 'json')).stdout).not.toContain('s3/block-public-access');
    // A bucket without the configuration is a warning under `recommended`, an error under `strict`.
    write('u.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
    write('stackwarden.config.json', pinned({ profile: 'strict' }));
    expect((await cli('scan', 'u.yaml')).code).toBe(1);
    expect((await cli('scan', 'u.yaml', '--profile', 'recommended')).code).toBe(0);
  });

  it('skips ignored paths during discovery, but not a file named on the command line', async () => {
    write('infra/app.yaml', buckets('Kept'));
    write('infra/generated/old.yaml', buckets('Old'));
    write('stackwarden.config.json', JSON.stringify({ ignore: ['**/generated/**'] }));
    const walked = await cli('scan', '.', '-f', 'json');
    expect(walked.stdout).toContain('infra/app.yaml');
    expect(walked.stdout).not.toContain('infra/generated/old.yaml');
    expect((await cli('scan', 'infra/generated/old.yaml', '-f', 'json')).stdout).toContain('infra/generated/old.yaml');
  });
});

describe('suppressions file', () => {
  beforeEach(() => write('stackwarden.config.json', pinned()));
  const entry =
    'suppressions:\n  - rule: s3/block-public-access\n    resource: A\n    reason: Public website bucket, reviewed by security\n';

  it('is found by its default name, marks findings suppressed, and changes the exit code', async () => {
    write('t.yaml', buckets('A'));
    expect((await cli('scan', 't.yaml')).code).toBe(1);
    write('stackwarden.suppressions.yaml', entry);
    const { code, stdout } = await cli('scan', 't.yaml', '--show-suppressed');
    expect(code).toBe(0);
    expect(stdout).toContain('reason (suppressions-file): Public website bucket, reviewed by security');
  });

  it('comes from --suppressions or from the config, relative to the config file', async () => {
    write('t.yaml', buckets('A'));
    write('policy/team.yaml', entry);
    expect((await cli('scan', 't.yaml', '--suppressions', 'policy/team.yaml')).code).toBe(0);
    write('conf/stackwarden.json', pinned({ suppressions: '../policy/team.yaml' }));
    expect((await cli('scan', 't.yaml', '--config', 'conf/stackwarden.json')).code).toBe(0);
    const missing = await cli('scan', 't.yaml', '--suppressions', 'nope.yaml');
    expect(missing).toMatchObject({ code: 2, stderr: 'stackwarden: nope.yaml:1:1: suppressions file not found\n' });
  });

  it('turns an entry without a reason into a failing finding at its line', async () => {
    write('t.yaml', buckets('A'));
    write('stackwarden.suppressions.yaml', 'suppressions:\n  - rule: s3/block-public-access\n    resource: A\n');
    const { code, stdout } = await cli('scan', 't.yaml');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      / stackwarden\.suppressions\.yaml:2:5 {2}\S+\n {10}Suppressions-file entry 's3\/block-public-access' is not valid: it has\s+no reason/,
    );
  });
});

describe('baseline', () => {
  beforeEach(() => write('stackwarden.config.json', pinned()));

  it('--write-baseline accepts the current findings; --baseline then fails only on new ones', async () => {
    write('t.yaml', buckets('A', 'B'));
    expect((await cli('scan', 't.yaml')).code).toBe(1);

    const written = await cli('scan', 't.yaml', '--write-baseline', 'stackwarden.baseline.json');
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('wrote 3 finding(s) to the baseline stackwarden.baseline.json');
    const file = JSON.parse(readFileSync(join(cwd, 'stackwarden.baseline.json'), 'utf8')) as {
      findings: { ruleId: string; logicalId: string | null }[];
    };
    expect(file.findings.map((e) => [e.ruleId, e.logicalId])).toEqual([
      ['cfn/termination-protection', null],
      ['s3/block-public-access', 'A'],
      ['s3/block-public-access', 'B'],
    ]);

    const known = await cli('scan', 't.yaml', '--baseline', 'stackwarden.baseline.json');
    expect(known.code).toBe(0);
    expect(known.stdout).toContain('in baseline: known before, does not fail the run');
    expect(known.stdout).toContain('3 in baseline');

    // Lines move (a bucket inserted above the others): still known. The new bucket is not.
    write('t.yaml', buckets('New', 'A', 'B'));
    const moved = await cli('scan', 't.yaml', '--baseline', 'stackwarden.baseline.json', '-f', 'json');
    expect(moved.code).toBe(1);
    const findings = (JSON.parse(moved.stdout) as { findings: { logicalId: string | null; baseline: boolean }[] }).findings;
    expect(findings.map((f) => [f.logicalId, f.baseline])).toEqual([
      [null, true],
      ['New', false],
      ['A', true],
      ['B', true],
    ]);
  });

  it('says when entries are stale', async () => {
    write('t.yaml', buckets('A', 'B'));
    await cli('scan', 't.yaml', '--write-baseline', 'b.json');
    write('t.yaml', buckets('A'));
    const { code, stderr } = await cli('scan', 't.yaml', '--baseline', 'b.json');
    expect(code).toBe(0);
    expect(stderr).toContain('1 baseline entry matches no finding any more');
  });

  it('exits 2 on a missing or malformed baseline', async () => {
    write('t.yaml', buckets('A'));
    expect(await cli('scan', 't.yaml', '--baseline', 'none.json')).toMatchObject({
      code: 2,
      stderr: 'stackwarden: none.json:1:1: baseline file not found\n',
    });
    write('bad.json', JSON.stringify({ version: 1, findings: [{}] }));
    expect(await cli('scan', 't.yaml', '--baseline', 'bad.json')).toMatchObject({
      code: 2,
      stderr: 'stackwarden: bad.json: findings[0].fingerprint: expected a non-empty string\n',
    });
  });
});
