import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../helpers.js';
import { ROOT } from './helpers.js';

/**
 * The CLI as a real process (`node` with the tsx loader on src/cli/main.ts), so that file descriptors, devices,
 * FIFOs and resource limits are the real ones. Each spawn costs seconds on a loaded machine: the checks are few
 * and grouped.
 */
const LOADER = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
const MAIN = join(ROOT, 'src/cli/main.ts');
const SLOW = 180_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function stackwarden(cwd: string, args: string[], stdout?: number): Run {
  const result = spawnSync(process.execPath, ['--import', LOADER, MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
    timeout: 120_000,
    ...(stdout !== undefined ? { stdio: ['ignore', stdout, 'pipe'] } : {}),
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

const TEMPLATE = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
`;

/** Files in `dir` whose names say they are temporaries of an atomic write. */
const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('outputs never destroy inputs (real CLI process)', () => {
  it(
    'refuses an output over an input: the template itself, through a symbolic link, a hard link, the config, the baseline read',
    () =>
      withTempDir((dir) => {
        writeFileSync(join(dir, 't.yaml'), TEMPLATE);
        writeFileSync(join(dir, 'stackwarden.config.json'), '{"profile":"recommended"}\n');
        symlinkSync('t.yaml', join(dir, 'link.sarif'));
        linkSync(join(dir, 't.yaml'), join(dir, 'hard.xml'));
        writeFileSync(join(dir, 'known.baseline'), '{"version":1,"findings":[]}\n');
        const run = stackwarden(dir, [
          'scan',
          't.yaml',
          '--baseline',
          'known.baseline',
          '-f',
          'json,sarif,junit,text,html',
          '-o',
          'json=stackwarden.config.json',
          '-o',
          'sarif=link.sarif',
          '-o',
          'junit=hard.xml',
          '-o',
          'text=t.yaml',
          '-o',
          'html=known.baseline',
        ]);
        expect(run.code).toBe(2);
        for (const [what, file] of [
          ['json', 'stackwarden.config.json'],
          ['sarif', 'link.sarif'],
          ['junit', 'hard.xml'],
          ['text', 't.yaml'],
          ['html', 'known.baseline'],
        ])
          expect(run.stderr).toContain(`refusing to write the ${what} report to ${file}: it is an input of this run`);
        expect(readFileSync(join(dir, 't.yaml'), 'utf8')).toBe(TEMPLATE);
        expect(readFileSync(join(dir, 'known.baseline'), 'utf8')).toBe('{"version":1,"findings":[]}\n');
        expect(readFileSync(join(dir, 'stackwarden.config.json'), 'utf8')).toBe('{"profile":"recommended"}\n');
        expect(lstatSync(join(dir, 'link.sarif')).isSymbolicLink()).toBe(true);
        expect(temporaries(dir)).toEqual([]);

        // --write-baseline over the template; and over the --baseline it replaces, which is allowed (a refresh).
        const baseline = stackwarden(dir, ['scan', 't.yaml', '--write-baseline', 't.yaml']);
        expect(baseline.code).toBe(2);
        expect(baseline.stderr).toContain('refusing to write the baseline (--write-baseline) to t.yaml');
        expect(readFileSync(join(dir, 't.yaml'), 'utf8')).toBe(TEMPLATE);
        writeFileSync(join(dir, 'b.json'), '{"version":1,"findings":[]}\n');
        const refresh = stackwarden(dir, ['scan', 't.yaml', '--baseline', 'b.json', '--write-baseline', 'b.json']);
        expect(refresh.code).toBe(0);
        expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).findings.length).toBeGreaterThan(0);
      }),
    SLOW,
  );

  it(
    'refuses two outputs to one file, -o X --write-baseline X included, and checks every output before writing any',
    () =>
      withTempDir((dir) => {
        writeFileSync(join(dir, 't.yaml'), TEMPLATE);
        mkdirSync(join(dir, 'out'));
        const same = stackwarden(dir, ['scan', 't.yaml', '-o', 'r.json', '--write-baseline', 'r.json']);
        expect(same.code).toBe(2);
        expect(same.stderr).toContain('the baseline (--write-baseline) and the json report would both be written to r.json');
        expect(existsSync(join(dir, 'r.json'))).toBe(false);

        const two = stackwarden(dir, [
          'scan',
          't.yaml',
          '-f',
          'json,sarif,junit',
          '-o',
          'json=new.json',
          '-o',
          'sarif=x',
          '-o',
          'junit=./out/../x',
        ]);
        expect(two.code).toBe(2);
        expect(two.stderr).toContain('the sarif report and the junit report would both be written to ./out/../x');
        // The valid output was not written either: refusals come before any write.
        expect(existsSync(join(dir, 'new.json'))).toBe(false);
        expect(existsSync(join(dir, 'x'))).toBe(false);

        const folder = stackwarden(dir, ['scan', 't.yaml', '-o', 'out']);
        expect(folder.code).toBe(2);
        expect(folder.stderr).toContain('refusing to write the text report to out: it is a folder');
      }),
    SLOW,
  );

  it(
    'writes devices and FIFOs in place: /dev/null stays a device, /dev/stdout reaches the redirected file, a FIFO its reader',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stackwarden-test-'));
      try {
        writeFileSync(join(dir, 't.yaml'), TEMPLATE);
        const devNull = stackwarden(dir, ['scan', 't.yaml', '-f', 'json,sarif', '-o', 'json=/dev/null', '-o', 'sarif=/dev/null']);
        expect(devNull.code).toBe(1);
        expect(statSync('/dev/null').isCharacterDevice()).toBe(true);

        // Standard output redirected to a file, as `stackwarden scan -o /dev/stdout > out.json` does: the file
        // (the same inode) gets the report, with what was there before it kept.
        const outFile = join(dir, 'stdout.txt');
        writeFileSync(outFile, 'before\n');
        const fd = openSync(outFile, 'a');
        const inode = statSync(outFile).ino;
        try {
          expect(stackwarden(dir, ['scan', 't.yaml', '-f', 'json', '-o', '/dev/stdout'], fd).code).toBe(1);
          // Another format on standard output already: the two would mix.
          const mixed = stackwarden(dir, ['scan', 't.yaml', '-f', 'text,json', '-o', 'json=/dev/stdout'], fd);
          expect(mixed.code).toBe(2);
          expect(mixed.stderr).toContain('the json report would go to standard output (/dev/stdout), where another format goes already');
        } finally {
          closeSync(fd);
        }
        expect(statSync(outFile).ino).toBe(inode);
        const written = readFileSync(outFile, 'utf8');
        expect(written.startsWith('before\n')).toBe(true);
        expect(JSON.parse(written.slice('before\n'.length)).findings.length).toBeGreaterThan(0);

        const fifo = join(dir, 'pipe.sarif');
        expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
        const reader = spawn('cat', [fifo]);
        let received = '';
        reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
        const done = new Promise((resolve) => reader.on('close', resolve));
        const run = stackwarden(dir, ['scan', 't.yaml', '-o', 'pipe.sarif']);
        await done;
        expect(run.code).toBe(1);
        expect(statSync(fifo).isFIFO()).toBe(true);
        expect(JSON.parse(received).version).toBe('2.1.0');
        expect(temporaries(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SLOW,
  );

  it(
    'replaces a regular file atomically keeping its mode, refuses a read-only one, and leaves no temporary when a write fails',
    () =>
      withTempDir((dir) => {
        writeFileSync(join(dir, 't.yaml'), TEMPLATE);
        writeFileSync(join(dir, 'r.json'), 'old\n');
        chmodSync(join(dir, 'r.json'), 0o640);
        expect(stackwarden(dir, ['scan', 't.yaml', '-o', 'r.json']).code).toBe(1);
        expect(statSync(join(dir, 'r.json')).mode & 0o777).toBe(0o640);
        expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).findings.length).toBeGreaterThan(0);

        writeFileSync(join(dir, 'ro.json'), 'keep\n');
        chmodSync(join(dir, 'ro.json'), 0o444);
        const readOnly = stackwarden(dir, ['scan', 't.yaml', '-o', 'ro.json']);
        expect(readOnly.code).toBe(2);
        expect(readOnly.stderr).toContain('refusing to write the json report to ro.json: the file is read-only');
        expect(readFileSync(join(dir, 'ro.json'), 'utf8')).toBe('keep\n');

        // A file-size limit of one block makes the write fail half-way (EFBIG; the signal is ignored).
        const limited = spawnSync(
          'sh',
          ['-c', `trap '' XFSZ; ulimit -f 1; exec "$0" --import "$1" "$2" scan t.yaml -o big.json`, process.execPath, LOADER, MAIN],
          { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 },
        );
        expect(limited.status).toBe(2);
        expect(limited.stderr).toContain('cannot write big.json');
        expect(existsSync(join(dir, 'big.json'))).toBe(false);
        expect(temporaries(dir)).toEqual([]);
        expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
      }),
    SLOW,
  );
});

describe('the command line has no silent traps (real CLI process)', () => {
  it(
    'infers the format from the extension and fails on a contradiction',
    () =>
      withTempDir((dir) => {
        writeFileSync(join(dir, 't.yaml'), TEMPLATE);
        const run = stackwarden(dir, [
          'scan',
          't.yaml',
          '-o',
          'r.sarif',
          '-o',
          'r.xml',
          '-o',
          'r.md',
          '-o',
          'r.html',
          '-o',
          'r.json',
          '-o',
          'r.log',
        ]);
        expect(run.code).toBe(1);
        expect(JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
        expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toMatch(/^<\?xml/);
        expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/stackwarden/i);
        expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/i);
        expect(Object.keys(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')))).toContain('findings');
        expect(readFileSync(join(dir, 'r.log'), 'utf8')).toMatch(/findings? \(/);

        const contradiction = stackwarden(dir, ['scan', 't.yaml', '-f', 'text', '-o', 'x.sarif']);
        expect(contradiction.code).toBe(2);
        expect(contradiction.stderr).toContain('--output x.sarif: the extension says sarif, but the format is text');
        expect(existsSync(join(dir, 'x.sarif'))).toBe(false);
      }),
    SLOW,
  );

  it(
    'bare stackwarden scans (cdk.out, else the folder) and fails loudly on nothing; --help still prints help',
    () =>
      withTempDir((dir) => {
        const empty = stackwarden(dir, []);
        expect(empty.code).toBe(2);
        expect(empty.stdout + empty.stderr).toContain('NOTHING_SCANNED');
        expect(stackwarden(dir, ['--allow-empty']).code).toBe(2); // options need the command
        expect(stackwarden(dir, ['scan', '--allow-empty']).code).toBe(0);

        const help = stackwarden(dir, ['--help']);
        expect(help.code).toBe(0);
        expect(help.stdout).toContain('Usage: stackwarden');

        const project = join(dir, 'app');
        mkdirSync(project);
        spawnSync('cp', ['-r', join(ROOT, 'examples/prototype/cdk.out'), project]);
        writeFileSync(join(project, 'stray.yaml'), TEMPLATE); // not scanned: cdk.out wins
        const scanned = stackwarden(project, []);
        expect(scanned.code).toBe(1);
        expect(scanned.stdout).toContain('cdk.out/');
        expect(scanned.stdout).not.toContain('stray.yaml');
      }),
    SLOW,
  );

  it(
    'an unknown option, or one of another command, fails with exit 2 and a suggestion, on every command',
    () =>
      withTempDir((dir) => {
        const typo = stackwarden(dir, ['scan', '--fial-on', 'error']);
        expect(typo.code).toBe(2);
        expect(typo.stderr).toContain('(Did you mean --fail-on?)');
        const wrong = stackwarden(dir, ['scan', '--region', 'eu-west-1']);
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toContain('--region is an option of `audit`, not `scan`');
        // audit is added with addCommand: commander's process.exit(1) must not be its exit either.
        const audit = stackwarden(dir, ['audit', '--sarif-primary=template']);
        expect(audit.code).toBe(2);
        expect(audit.stderr).toContain('--sarif-primary is an option of `scan`, not `audit`');
      }),
    SLOW,
  );
});
