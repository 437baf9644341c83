import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planOutputs } from '../../src/cli/outputs.js';
import { performWrite, prepareWrites } from '../../src/cli/write-output.js';
import { analyze, UsageError } from '../../src/project/analyze.js';
import { CONFIG_LIMITS } from '../../src/project/config.js';
import { cli } from './helpers.js';

const TEMPLATE = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';

/** A fresh folder for `body`, removed when its promise settles (withTempDir removes it when `body` returns). */
async function inDir<T>(body: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'stackwarden-test-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('--allow-empty and --follow-symlinks', () => {
  it('nothing to scan is exit 2 (NOTHING_SCANNED) unless --allow-empty, or allowEmpty in the configuration', () =>
    inDir(async (dir) => {
      writeFileSync(join(dir, 'notes.yaml'), 'just: data\n');
      const none = await cli(['scan', '-f', 'json'], dir);
      expect(none.code).toBe(2);
      expect(JSON.parse(none.stdout).errors.map((e: { code: string }) => e.code)).toEqual(['NOTHING_SCANNED']);
      expect((await cli(['scan', '--allow-empty'], dir)).code).toBe(0);
      expect((await cli(['report', '--allow-empty', '-o', '-'], dir)).code).toBe(0);
      expect((await cli(['fix', '--allow-empty'], dir)).code).toBe(0);
      expect((await cli(['fix'], dir)).code).toBe(2);
      writeFileSync(join(dir, 'stackwarden.config.json'), '{"allowEmpty": true}');
      expect((await cli(['scan'], dir)).code).toBe(0);
      writeFileSync(join(dir, 'stackwarden.config.json'), '{"allowEmpty": "yes"}');
      const bad = await cli(['scan'], dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('allowEmpty: must be true or false, not "yes"');
    }));

  it('a link out of the scanned folder is skipped unless --follow-symlinks, or followSymlinks in the configuration', () =>
    inDir(async (dir) => {
      mkdirSync(join(dir, 'outside'));
      writeFileSync(join(dir, 'outside', 'shared.yaml'), TEMPLATE);
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'app', 'own.yaml'), TEMPLATE);
      symlinkSync(join(dir, 'outside'), join(dir, 'app', 'linked'));
      const files = (stdout: string) => [...new Set(JSON.parse(stdout).findings.map((f: { file: string }) => f.file))].sort();
      const app = join(dir, 'app');
      expect(files((await cli(['scan', '.', '-f', 'json'], app)).stdout)).toEqual(['own.yaml']);
      expect(files((await cli(['scan', '.', '-f', 'json', '--follow-symlinks'], app)).stdout)).toEqual(['linked/shared.yaml', 'own.yaml']);
      writeFileSync(join(app, 'stackwarden.config.json'), '{"followSymlinks": true}');
      expect(files((await cli(['scan', '.', '-f', 'json'], app)).stdout)).toEqual(['linked/shared.yaml', 'own.yaml']);
    }));
});

describe('configuration values past their limits fail validation (exit 2, the key named), not the run', () => {
  it('a 70,000-character ignore glob, huge lists, non-strings, a huge key or value', () =>
    inDir(async (dir) => {
      writeFileSync(join(dir, 't.yaml'), TEMPLATE);
      const check = async (config: unknown) => {
        writeFileSync(join(dir, 'stackwarden.config.json'), JSON.stringify(config));
        const run = await cli(['scan', 't.yaml'], dir);
        expect(run.code).toBe(2);
        expect(run.stderr).not.toContain('internal error');
        return run.stderr;
      };
      expect(await check({ ignore: ['x'.repeat(70_000)] })).toContain(
        `stackwarden.config.json: ignore[0]: the glob has 70000 characters, more than the limit of ${CONFIG_LIMITS.string}`,
      );
      expect(await check({ ignore: Array.from({ length: CONFIG_LIMITS.ignore + 1 }, (_, i) => `g${i}`) })).toContain(
        `ignore: ${CONFIG_LIMITS.ignore + 1} globs, more than the limit`,
      );
      expect(await check({ ignore: [42, { a: 1 }] })).toMatch(
        /ignore\[0\]: must be a non-empty glob, not 42\n.*ignore\[1\]: must be a non-empty glob, not an object/,
      );
      expect(await check({ plugins: ['p'.repeat(5000)] })).toContain('plugins[0]: 5000 characters, more than the limit');
      expect(await check({ suppressions: 's'.repeat(5000) })).toContain('suppressions: 5000 characters');
      expect(await check({ allowedPorts: Array.from({ length: 70_000 }, () => 80) })).toContain('allowedPorts: 70000 entries');
      const longId = await check({ rules: { ['r'.repeat(100_000)]: 'off' } });
      expect(longId).toContain('no rule has this id');
      expect(longId.length).toBeLessThan(1000);
      expect(await check({ profile: 'p'.repeat(100_000) })).toMatch(/profile: must be one of recommended, strict, not "p{38}…$/m);
    }));

  it('analyze() checks its own ignore option the same way', () =>
    inDir((dir) => {
      writeFileSync(join(dir, 't.yaml'), TEMPLATE);
      expect(() => analyze(['t.yaml'], { cwd: dir, config: false, ignore: ['x'.repeat(70_000)] })).toThrow(UsageError);
      expect(() => analyze(['t.yaml'], { cwd: dir, config: false, ignore: ['x'.repeat(70_000)] })).toThrow(
        /ignore\[0\]: the glob has 70000/,
      );
    }));
});

describe('analyze() with a custom readFile', () => {
  it('accepts a Buffer (decoded as UTF-8, a BOM dropped, as the file reader does) and a string alike', () =>
    inDir((dir) => {
      writeFileSync(join(dir, 't.yaml'), TEMPLATE);
      const asString = analyze(['t.yaml'], { cwd: dir, config: false, asOf: '2026-01-01', readFile: (p) => readFileSync(p, 'utf8') });
      const asBuffer = analyze(['t.yaml'], {
        cwd: dir,
        config: false,
        asOf: '2026-01-01',
        readFile: (p) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(p)]),
      });
      expect(asBuffer.errors).toEqual([]);
      expect(asBuffer.findings.length).toBeGreaterThan(0);
      expect(asBuffer.findings.map((f) => f.fingerprint)).toEqual(asString.findings.map((f) => f.fingerprint));
      expect(asBuffer.inputFiles).toEqual([join(dir, 't.yaml')]);
    }));

  it('gives a clear error for anything else', () =>
    inDir((dir) => {
      writeFileSync(join(dir, 't.yaml'), TEMPLATE);
      const result = analyze(['t.yaml'], { cwd: dir, config: false, readFile: (() => 42) as unknown as () => string });
      expect(result.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([
        'UNREADABLE: readFile returned a number, not a string or a Buffer',
      ]);
    }));
});

describe('format from the --output extension', () => {
  const targets = (r: ReturnType<typeof planOutputs>) =>
    'targets' in r ? r.targets.map((t) => `${t.format}:${t.to.kind === 'file' ? t.to.path : '-'}`) : r.error;
  it('infers each file format when --format is not given, and text otherwise', () => {
    expect(targets(planOutputs({ output: ['r.sarif'] }))).toEqual(['sarif:r.sarif']);
    expect(targets(planOutputs({ output: ['a.json', 'b.xml', 'c.md', 'd.html', 'e.sarif.json'] }))).toEqual([
      'json:a.json',
      'junit:b.xml',
      'markdown:c.md',
      'html:d.html',
      'sarif:e.sarif.json',
    ]);
    expect(targets(planOutputs({ output: ['report.txt'] }))).toEqual(['text:report.txt']);
    expect(targets(planOutputs({ output: ['-'] }))).toEqual(['text:-']);
    expect(targets(planOutputs({}))).toEqual(['text:-']);
    expect(targets(planOutputs({ output: ['html=page.out', 'R.SARIF'] }))).toEqual(['html:page.out', 'sarif:R.SARIF']);
  });

  it('fails on a contradiction, and on two files for one format', () => {
    expect(targets(planOutputs({ format: 'text', output: ['r.sarif'] }))).toMatch(/the extension says sarif, but the format is text/);
    expect(targets(planOutputs({ format: 'json,html', output: ['json=r.xml', 'html=r.html'] }))).toMatch(
      /says junit, but the format is json/,
    );
    expect(targets(planOutputs({ output: ['a.json', 'b.json'] }))).toMatch(/a second file for the json format/);
    // SARIF is JSON: no contradiction.
    expect(targets(planOutputs({ format: 'sarif', output: ['results.json'] }))).toEqual(['sarif:results.json']);
    expect(targets(planOutputs({ format: 'json', output: ['out.data'] }))).toEqual(['json:out.data']);
  });

  it('report: a .md --output is Markdown, and a contradiction fails', () =>
    inDir(async (dir) => {
      writeFileSync(join(dir, 't.yaml'), TEMPLATE);
      expect((await cli(['report', 't.yaml', '-o', 'r.md'], dir)).code).toBe(0);
      expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/^## stackwarden/);
      const bad = await cli(['report', 't.yaml', '-f', 'html', '-o', 'r.sarif'], dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('the extension says sarif, but the format is html');
    }));
});

describe('performWrite', () => {
  it('writes a report given as chunks, one at a time, atomically to a file and in place to a device', () =>
    inDir((dir) => {
      const prepared = prepareWrites(
        dir,
        [
          { what: 'the json report', path: 'out/r.json' },
          { what: 'the sarif report', path: '/dev/null' },
        ],
        [],
      );
      if ('errors' in prepared) throw new Error(prepared.errors.join('\n'));
      let pulled = 0;
      function* chunks() {
        for (const part of ['{"a":', '1,', '"b":"é"}']) {
          pulled++;
          yield part;
        }
      }
      performWrite(prepared.plans[0]!, chunks());
      performWrite(prepared.plans[1]!, chunks());
      expect(pulled).toBe(6);
      expect(prepared.plans.map((p) => p.how)).toEqual(['atomic', 'direct']);
      expect(JSON.parse(readFileSync(join(dir, 'out/r.json'), 'utf8'))).toEqual({ a: 1, b: 'é' });
    }));
});
