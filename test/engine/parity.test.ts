/**
 * One run, the same from every surface: `stackwarden scan -f json` and `formatJson(analyze(...))` with the same
 * inputs and options give the same bytes, over the examples and over projects that use every setting the CLI
 * reads from files (configuration in its own file or in package.json, a suppressions file, a baseline, profiles,
 * per-rule severity, ignore globs, as-of).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import { type AnalyzeOptions, analyze, createBaseline, everyFinding, formatBaseline, formatJson } from '../../src/index.js';
import { ROOT } from '../cli/helpers.js';

const TOOL = {
  name: 'stackwarden',
  version: JSON.parse((await import('node:fs')).readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
};

async function cliJson(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(['scan', ...args, '-f', 'json'], { cwd, env: {}, stdout: (s) => (stdout += s), stderr: () => {}, isTTY: false });
  return { code, stdout };
}

const project = mkdtempSync(join(tmpdir(), 'stackwarden-parity-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** A project folder holding copies of the examples and the given files. */
function projectWith(name: string, files: Record<string, string>): string {
  const dir = join(project, name);
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const SUPPRESSIONS = JSON.stringify({
  suppressions: [{ rule: 's3/versioning', reason: 'scratch buckets of the prototype keep no state', resource: '*' }],
});

interface Case {
  name: string;
  files?: Record<string, string>;
  paths: string[];
  args: string[];
  options: AnalyzeOptions;
}

const CASES: Case[] = [
  { name: 'the CDK example', paths: ['examples/prototype/cdk.out'], args: ['--as-of', '2026-01-01'], options: { asOf: '2026-01-01' } },
  { name: 'the template examples', paths: ['examples/templates'], args: ['--as-of', '2026-01-01'], options: { asOf: '2026-01-01' } },
  {
    name: 'the strict profile from the command line',
    paths: ['examples'],
    args: ['--profile', 'strict', '--as-of', '2026-06-30'],
    options: { profile: 'strict', asOf: '2026-06-30' },
  },
  {
    name: 'a configuration file (profile, per-rule severity, ignore, allowed ports)',
    files: {
      'stackwarden.config.json': JSON.stringify({
        profile: 'strict',
        rules: { 's3/versioning': 'off', 'iam/no-managed-policies': 'note' },
        ignore: ['examples/templates/prototype.json'],
        allowedPorts: [443],
      }),
    },
    paths: ['examples'],
    args: ['--as-of', '2026-01-01'],
    options: { asOf: '2026-01-01' },
  },
  {
    name: 'the configuration in package.json, and a suppressions file it names',
    files: {
      'package.json': JSON.stringify({ name: 'app', stackwarden: { suppressions: 'security/suppressions.json', failOn: 'warning' } }),
      'security/suppressions.json': SUPPRESSIONS,
    },
    paths: [],
    args: ['--as-of', '2026-01-01'],
    options: { asOf: '2026-01-01' },
  },
  {
    name: 'a suppressions file found by its default name',
    files: { 'stackwarden.suppressions.json': SUPPRESSIONS },
    paths: ['examples/templates'],
    args: ['--as-of', '2026-01-01'],
    options: { asOf: '2026-01-01' },
  },
  {
    name: 'an explicit configuration file and suppressions file',
    files: { 'ci/sw.json': JSON.stringify({ profile: 'strict' }), 'ci/suppress.json': SUPPRESSIONS },
    paths: ['examples/templates'],
    args: ['--config', 'ci/sw.json', '--suppressions', 'ci/suppress.json', '--as-of', '2026-01-01'],
    options: { config: 'ci/sw.json', suppressions: 'ci/suppress.json', asOf: '2026-01-01' },
  },
];

describe('the library and the CLI agree', () => {
  it.each(CASES)('on $name', async ({ name, files, paths, args, options }) => {
    const cwd = files ? projectWith(name.replace(/\W+/g, '-'), files) : ROOT;
    const fromCli = await cliJson(cwd, [...paths, ...args]);
    const fromLibrary = formatJson(analyze(paths, { cwd, ...options }), { tool: TOOL, color: false });
    expect(fromCli.stdout).toBe(fromLibrary);
    const findings = JSON.parse(fromCli.stdout).findings as { suppressed: unknown }[];
    expect(findings.length).toBeGreaterThan(0);
    // The files a case writes take effect (a suppressions file hides something), in both surfaces alike.
    if (Object.keys(files ?? {}).some((f) => f.includes('suppress'))) expect(findings.some((f) => f.suppressed)).toBe(true);
  });

  it('with a baseline file, and with the baseline of the run itself (--write-baseline)', async () => {
    const cwd = projectWith('baseline', {});
    const first = analyze(['examples/templates'], { cwd, asOf: '2026-01-01' });
    const known = createBaseline(first.findings.filter((_, i) => i % 2 === 0));
    writeFileSync(join(cwd, 'baseline.json'), formatBaseline(known));
    const fromCli = await cliJson(cwd, ['examples/templates', '--baseline', 'baseline.json', '--as-of', '2026-01-01']);
    const library = analyze(['examples/templates'], { cwd, baseline: 'baseline.json', asOf: '2026-01-01' });
    expect(fromCli.stdout).toBe(formatJson(library, { tool: TOOL, color: false }));
    expect(library.summary.baseline).toBe(library.findings.filter((f) => f.baseline).length);
    // The baseline holds each finding, those carried as another's related information too.
    expect(everyFinding(library.findings).filter((f) => f.baseline)).toHaveLength(known.findings.length);

    const written = await cliJson(cwd, ['examples/templates', '--write-baseline', 'new.json', '--as-of', '2026-01-01']);
    const accepted = analyze(['examples/templates'], { cwd, newBaseline: true, asOf: '2026-01-01' });
    expect(written.stdout).toBe(formatJson(accepted, { tool: TOOL, color: false }));
    expect(written.code).toBe(0);
    expect(accepted.baseline?.applied.findings.length).toBe(everyFinding(first.findings).filter((f) => !f.suppressed).length);
  });

  it('takes a configuration object as a file would be read', () => {
    const cwd = projectWith('object', {});
    const fromObject = analyze(['examples/templates'], {
      cwd,
      asOf: '2026-01-01',
      config: { profile: 'strict', rules: { 's3/versioning': 'off' } },
    });
    writeFileSync(join(cwd, 'stackwarden.config.json'), JSON.stringify({ profile: 'strict', rules: { 's3/versioning': 'off' } }));
    const fromFile = analyze(['examples/templates'], { cwd, asOf: '2026-01-01' });
    expect(formatJson(fromObject, { tool: TOOL, color: false })).toBe(formatJson(fromFile, { tool: TOOL, color: false }));
    expect(fromObject.findings.some((f) => f.ruleId === 's3/versioning')).toBe(false);
    expect(fromObject.settings.profile).toBe('strict');
  });
});
