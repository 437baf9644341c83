import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostileResult } from '../support/hostile.js';
import { cli, ROOT } from './helpers.js';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

describe('text output of the CLI', () => {
  it('ends with the exit code the CLI returns, in every case', async () => {
    const { dir: hostile } = hostileResult();
    const baselineDir = mkdtempSync(join(tmpdir(), 'stackwarden-text-'));
    const runs: [string[], string?][] = [
      [['scan', 'examples/templates']],
      [['scan', 'examples/templates', '--fail-on', 'none']],
      [['scan', 'examples/templates', '--fail-on', 'warning', '--quiet']],
      [['scan', 'examples/prototype-hardened']],
      [['scan', 'templates', '--fail-on', 'none'], hostile],
      [['scan', 'templates', '--show-suppressed'], hostile],
      [['scan', 'examples/templates', '--write-baseline', join(baselineDir, 'b.json')]],
      [['scan', 'examples/templates', '--baseline', join(baselineDir, 'b.json'), '--fail-on', 'note']],
    ];
    const codes = new Set<number>();
    for (const [args, cwd] of runs) {
      const run = await cli([...args, '--as-of', '2026-01-01'], cwd ?? ROOT);
      codes.add(run.code);
      expect(lastLine(run.stdout), args.join(' ')).toMatch(new RegExp(`\\. exit ${run.code}: [^\\n]+\\.$`));
    }
    expect([...codes].sort()).toEqual([0, 1, 2]);
  });

  it('says why: the findings at or above --fail-on, or the inputs that did not load', async () => {
    const run = await cli(['scan', 'examples/templates', '--as-of', '2026-01-01', '--fail-on', 'warning']);
    expect(lastLine(run.stdout)).toMatch(/exit 1: \d+ findings at or above --fail-on warning\.$/);
    const { dir } = hostileResult();
    const broken = await cli(['scan', 'templates', '--as-of', '2026-01-01'], dir);
    expect(lastLine(broken.stdout)).toMatch(/exit 2: 1 input could not be loaded, so the results are incomplete\.$/);
  });

  it('wraps to COLUMNS, and to 100 when standard output is not a terminal', async () => {
    const narrow = await cli(['scan', 'examples/templates', '--as-of', '2026-01-01'], ROOT, { COLUMNS: '60' });
    const wide = await cli(['scan', 'examples/templates', '--as-of', '2026-01-01']);
    const longest = (text: string) =>
      Math.max(
        ...text
          .split('\n')
          .filter((l) => /^ {4,}\S+( \S+)+$/.test(l))
          .map((l) => l.length),
      );
    expect(longest(narrow.stdout)).toBeLessThanOrEqual(60);
    expect(longest(wide.stdout)).toBeLessThanOrEqual(100);
    expect(longest(wide.stdout)).toBeGreaterThan(60);
  });

  it('lists suppressed findings only with --show-suppressed', async () => {
    const { dir } = hostileResult();
    const hidden = await cli(['scan', 'templates', '--as-of', '2026-01-01'], dir);
    const shown = await cli(['scan', 'templates', '--as-of', '2026-01-01', '--show-suppressed'], dir);
    expect(hidden.stdout).not.toContain('iam/no-managed-policies');
    expect(hidden.stdout).toContain('1 suppressed (--show-suppressed lists them)');
    expect(shown.stdout).toMatch(/^ {2}skipped +\S.*iam\/no-managed-policies \(error\)$/m);
    expect(shown.stdout).toContain('reason (stackwarden until 2099-12-31): Accepted for the demo');
    expect(hidden.code).toBe(shown.code);
  });
});

/** Control sequences and GitHub Actions workflow commands, in logical ids, values and a file name. */
const EVIL = `Resources:
  "Bucket\\x9b2J\\e[2J\\e]0;title\\a\\e[31m":
    Type: AWS::S3::Bucket
  "Fn\\n::error file=a.ts,line=1::injected id":
    Type: AWS::Lambda::Function
    Properties:
      Runtime: "nodejs\\r::warning::carriage\\n::add-mask::secret\\n##[error]old style"
      Handler: index.handler
      Code: { ZipFile: "x" }
      Role: arn:aws:iam::123456789012:role/r
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: d
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }
`;

describe('log injection through the real CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackwarden-inject-'));
  mkdirSync(join(dir, 't'));
  writeFileSync(join(dir, 't', 'evil.yaml'), EVIL);
  writeFileSync(join(dir, 't', 'x\n::error::from a file name\u001b[1m.yaml'), 'Resources: [broken\n');

  /** `stackwarden` from the sources, as a child process, so what reaches the terminal is exactly what it wrote. */
  const run = (args: string[]) =>
    spawnSync(
      process.execPath,
      ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')).href, join(ROOT, 'src/cli/main.ts'), ...args],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', COLUMNS: '50' },
        timeout: 120_000,
      },
    );

  it.each(['text', 'markdown', 'junit', 'json', 'sarif', 'html'])('%s: no control character and no workflow command', (format) => {
    const child = run(['scan', 't', '--as-of', '2026-01-01', '--format', format]);
    expect(child.status, child.stderr).toBe(2);
    const out = child.stdout;
    // The payload is there (the findings name it), but only as visible text.
    expect(out).toMatch(/injected id/);
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    if (format !== 'json' && format !== 'sarif') expect(out).not.toContain('\r');
    // GitHub Actions reads `::command` at the start of a line (after blanks) and `##[command]` anywhere.
    expect(out.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([]);
    expect(out).not.toContain('##[');
    expect(child.stderr.split('\n').filter((l) => /^\s*::/.test(l) || l.includes('\u001b'))).toEqual([]);
  });
});
