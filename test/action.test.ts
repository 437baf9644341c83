/**
 * The composite GitHub Action (action.yml) run the way the runner runs it: each `run:` step is written to a file
 * and run with `bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`), in its working directory, with
 * its `env:` after `${{ … }}` substitution (the action's documented input defaults, `github.action_path`,
 * `github.workspace`, and earlier steps' outputs read back from `$GITHUB_OUTPUT`). `uses:` steps (the SARIF
 * upload) are not run; their shape and position are checked. The CLI is the built one in dist/ (as the action's
 * install step leaves it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Each test starts several CLI processes: a generous budget for a loaded machine, not a timing assertion. */
const SLOW = 300_000;

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Action;

/** Replaces every `${{ expr }}` the way the runner would for the expressions this action uses; anything else throws. */
function substitute(
  text: string,
  ctx: { inputs: Record<string, string>; steps: Record<string, Record<string, string>>; actionPath: string },
): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(expr))) {
      if (!(m[1]! in action.inputs)) throw new Error(`undeclared input ${m[1]}`);
      return ctx.inputs[m[1]!] ?? '';
    }
    if (expr === 'github.action_path') return ctx.actionPath;
    if (expr === 'github.workspace') return root;
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return ctx.steps[m[1]!]?.[m[2]!] ?? '';
    throw new Error(`expression the test does not evaluate: ${expr}`);
  });
}

interface ActionRun {
  /** The exit code of the step that failed, or 0. */
  code: number;
  failedStep: string | null;
  log: string;
  outputs: Record<string, Record<string, string>>;
}

function runAction(given: Record<string, string>, dir: string, { actionPath = root, steps = Number.POSITIVE_INFINITY } = {}): ActionRun {
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...given };
  const ctx = { inputs, steps: {} as Record<string, Record<string, string>>, actionPath };
  let log = '';
  for (const [i, step] of action.runs.steps.entries()) {
    if (i >= steps) break;
    if (step.uses !== undefined) continue; // the runner would run the upload here; this test does not
    const output = join(dir, `output-${i}`);
    writeFileSync(output, '');
    const script = join(dir, `step-${i}.sh`);
    writeFileSync(script, substitute(step.run!, ctx));
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, GITHUB_OUTPUT: output, NO_COLOR: '1' };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(String(v), ctx);
    const cwd = join(root, substitute(step['working-directory'] ?? '.', ctx));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    log += `--- ${step.name}\n${r.stdout}${r.stderr}`;
    if (step.id)
      ctx.steps[step.id] = Object.fromEntries(
        readFileSync(output, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    if (r.status !== 0) return { code: r.status ?? -1, failedStep: step.name ?? `#${i}`, log, outputs: ctx.steps };
  }
  return { code: 0, failedStep: null, log, outputs: ctx.steps };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sw-action-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('action.yml', () => {
  it('is a composite action whose every input is documented and has a default', () => {
    expect(action.runs.using).toBe('composite');
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.default, name).toBeDefined();
    }
    const ci = readFileSync(join(root, 'docs', 'ci.md'), 'utf8');
    for (const name of Object.keys(action.inputs)) expect(ci, `docs/ci.md documents input ${name}`).toContain(`| \`${name}\` |`);
    for (const step of action.runs.steps) if (step.run !== undefined) expect(step.shell, step.name).toBe('bash');
  });

  it('uploads the SARIF with codeql-action pinned by version, after the scan and before the gate', () => {
    const names = action.runs.steps.map((s) => s.uses ?? s.id ?? s.name);
    const upload = action.runs.steps.findIndex((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(action.runs.steps[upload]!.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload, names.join(', ')).toBeGreaterThan(names.indexOf('scan'));
    expect(upload).toBe(action.runs.steps.length - 2);
    expect(action.runs.steps.at(-1)!.name).toMatch(/gate/i);
    // Uploaded even when the scan found something (the scan step itself never fails the job).
    expect(action.runs.steps[upload]!.if).toMatch(/always\(\)/);
    expect(action.runs.steps[upload]!.with!.sarif_file).toBe('${{ steps.scan.outputs.sarif }}');
  });

  it(
    'scans the prototype with the defaults: SARIF written, then the gate fails with exit 1',
    () => {
      const sarif = join(dir, 'prototype.sarif');
      const run = runAction({ paths: 'examples/prototype/cdk.out', sarif }, dir);
      expect(run.failedStep, run.log).toMatch(/gate/i);
      expect(run.code).toBe(1);
      expect(run.outputs.scan).toEqual({ 'exit-code': '1', sarif });
      const log = JSON.parse(readFileSync(sarif, 'utf8'));
      expect(log.version).toBe('2.1.0');
      expect(log.runs[0].results.length).toBeGreaterThan(5);
      expect(run.log).toContain('IAM-1'); // the text report went to the log as well
    },
    SLOW,
  );

  it(
    'passes with fail-on none, and still writes the SARIF',
    () => {
      const sarif = join(dir, 'none.sarif');
      const run = runAction({ paths: 'examples/prototype/cdk.out', sarif, 'fail-on': 'none' }, dir);
      expect(run.code, run.log).toBe(0);
      expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length).toBeGreaterThan(5);
    },
    SLOW,
  );

  it(
    'passes on the hardened prototype; profile, config and args reach the CLI',
    () => {
      const sarif = join(dir, 'hardened.sarif');
      writeFileSync(join(dir, 'sw.config.json'), JSON.stringify({ failOn: 'error' }));
      const run = runAction(
        { paths: 'examples/prototype-hardened/cdk.out', sarif, config: join(dir, 'sw.config.json'), args: '--as-of 2026-12-01 --quiet' },
        dir,
      );
      expect(run.code, run.log).toBe(0);
      expect(existsSync(sarif)).toBe(true);
      const strict = runAction({ paths: 'examples/prototype-hardened/cdk.out', sarif, profile: 'strict', 'fail-on': 'note' }, dir);
      expect(strict.code, strict.log).toBe(1); // the MFA-delete notes fail a gate at note
    },
    SLOW,
  );

  it(
    'builds dist/ in an action checkout that has none (the install step; npm ci itself is not run here)',
    () => {
      // A checkout of the action with its dependencies present but no dist/: the install step must build it.
      const checkout = mkdtempSync(join(dir, 'checkout-'));
      for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts'])
        cpSync(join(root, f), join(checkout, f), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'));
      const run = runAction({}, dir, { actionPath: checkout, steps: 1 });
      expect(run.code, run.log).toBe(0);
      expect(existsSync(join(checkout, 'dist/cli/main.js'))).toBe(true);
      expect(run.log).toMatch(/\n\d+\.\d+\.\d+\n/); // `stackwarden --version` of the fresh build
    },
    SLOW,
  );

  it(
    'fails with exit 2 when the input cannot be scanned',
    () => {
      const run = runAction({ paths: 'does/not/exist', sarif: join(dir, 'missing.sarif') }, dir);
      expect(run.failedStep, run.log).toMatch(/gate/i);
      expect(run.code).toBe(2);
    },
    SLOW,
  );

  it(
    'fails with exit 2, and uploads nothing, on a usage error',
    () => {
      const run = runAction({ paths: 'examples/prototype/cdk.out', sarif: join(dir, 'usage.sarif'), 'fail-on': 'sometimes' }, dir);
      expect(run.code, run.log).toBe(2);
      expect(run.outputs.scan?.sarif).toBeUndefined();
    },
    SLOW,
  );
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
  const hook = hooks.find((h) => h.id === 'stackwarden')!;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };

  it('declares one node hook whose entry is the package bin', () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'stackwarden', language: 'node', pass_filenames: false });
    expect(typeof hook.name).toBe('string');
    const [bin] = String(hook.entry).split(' ');
    expect(Object.keys(pkg.bin)).toContain(bin);
    const files = new RegExp(String(hook.files));
    expect(['cdk.out/App.template.json', 'infra/stack.yaml', 'a.yml', 'x.template'].every((f) => files.test(f))).toBe(true);
    expect(files.test('src/index.ts')).toBe(false);
  });

  /** Runs the hook's entry (its bin mapped to the built CLI) in `cwd`, with extra args as a `.pre-commit-config.yaml` would add. */
  function entry(cwd: string, args: string[] = []) {
    const [bin, ...rest] = String(hook.entry).split(' ');
    const r = spawnSync(process.execPath, [join(root, pkg.bin[bin!]!), ...rest, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it(
    'its entry passes a clean repository, fails one with an open bucket, and fails loudly when there is nothing to scan',
    () => {
      const repo = mkdtempSync(join(dir, 'repo-'));
      writeFileSync(join(repo, 'package.json'), '{"name":"x"}');
      writeFileSync(join(repo, 'notes.yaml'), 'just: yaml\n');
      expect(entry(repo).code).toBe(2); // NOTHING_SCANNED: a hook that gates nothing says so
      writeFileSync(join(repo, 'topic.yaml'), 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
      expect(entry(repo)).toMatchObject({ code: 0 }); // package.json and notes.yaml are skipped, not errors
      writeFileSync(join(repo, 'stack.yaml'), 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
      const failed = entry(repo);
      expect(failed.code, failed.out).toBe(1);
      expect(failed.out).toContain('s3/block-public-access');
      expect(entry(repo, ['--fail-on', 'none']).code).toBe(0);
    },
    SLOW,
  );
});
