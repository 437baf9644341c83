import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectJsonContract, ROOT } from './helpers.js';

/** The built CLI, run as users run it: `node dist/cli/main.js`. */
function stackwarden(args: string[]) {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built CLI as a child process', () => {
  beforeAll(() => {
    // Build what the package ships, so the test runs the real bin and not the sources.
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  });

  it('scans the bundled prototype: exit 1, the same JSON as in-process', async () => {
    const child = stackwarden(['scan', 'examples/prototype/cdk.out', '--format', 'json']);
    expect(child.code).toBe(1);
    expect(child.stderr).toBe('');
    expectJsonContract(child.stdout);
    expect(child.stdout).toBe((await cli(['scan', 'examples/prototype/cdk.out', '--format', 'json'])).stdout);
  });

  it("a reader that closes the pipe early (`| head -1`) ends the output quietly, with the run's exit code", () => {
    // The CLI's standard error is the shell's (no stack trace there), and PIPESTATUS its own exit code.
    const own = spawnSync(
      '/bin/bash',
      [
        '-c',
        `"${process.execPath}" dist/cli/main.js scan examples/prototype/cdk.out --format json | head -c 1 > /dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
    );
    expect(own.stderr).toBe('');
    expect(own.stdout.trim()).toBe('1');
  });

  it('exits 0 with --fail-on none, 2 on an unknown option, and prints its version', () => {
    expect(stackwarden(['scan', 'examples/templates/prototype.yaml', '--fail-on', 'none']).code).toBe(0);
    const bad = stackwarden(['scan', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus'");
    const v = stackwarden(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('prints the same text on every run', () => {
    const one = stackwarden(['scan', 'examples']);
    const two = stackwarden(['scan', 'examples']);
    expect(one.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
  });
});
