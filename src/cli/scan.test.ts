import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/examples.js';
import { main, REPORT_FILES, type Io } from './program.js';

interface Captured extends Io {
  out: string;
  err: string;
}

function io(overrides: Partial<Io> = {}): Captured {
  const captured: Captured = {
    cwd: REPO_ROOT,
    env: {},
    isTTY: false,
    out: '',
    err: '',
    stdout: (s) => (captured.out += s),
    stderr: (s) => (captured.err += s),
    ...overrides,
  };
  return captured;
}

const ANSI = /\u001b\[/;
const tmp = () => mkdtempSync(join(tmpdir(), 'stackwarden-cli-'));

describe('stackwarden scan: formats and outputs', () => {
  it('writes text to stdout and SARIF to a file in one run', async () => {
    const dir = tmp();
    const c = io();
    const code = await main(
      ['scan', 'examples/templates', '--as-of', '2026-01-01', '--format', 'text,sarif', '--output', `sarif=${dir}/out/r.sarif`],
      c,
    );
    expect(code).toBe(1);
    expect(c.out).toMatch(/^\d+ findings \(.*\); in 2 files, 2 stacks/m);
    const log = JSON.parse(readFileSync(join(dir, 'out/r.sarif'), 'utf8')) as Log;
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results!.length).toBeGreaterThan(0);
    expect(c.err).toContain(`wrote sarif to ${dir}/out/r.sarif`);
  });

  it('writes every format into --output-dir and prints the summary line to stderr', async () => {
    const dir = tmp();
    const c = io();
    const code = await main(['scan', 'examples/templates', '--format', 'sarif,junit,markdown,html,json', '--output-dir', dir], c);
    expect(code).toBe(1);
    expect(c.out).toBe('');
    for (const ext of ['sarif', 'junit.xml', 'md', 'html', 'json']) expect(existsSync(join(dir, `stackwarden.${ext}`)), ext).toBe(true);
    expect(c.err).toMatch(/findings \(.*\); in 2 files/);
  });

  it('colours text only on a terminal and never with NO_COLOR', async () => {
    const run = async (overrides: Partial<Io>, format = 'text') => {
      const c = io(overrides);
      await main(['scan', 'examples/templates', '--format', format], c);
      return c.out;
    };
    expect(await run({ isTTY: true })).toMatch(ANSI);
    expect(await run({ isTTY: true, env: { NO_COLOR: '1' } })).not.toMatch(ANSI);
    expect(await run({ isTTY: false })).not.toMatch(ANSI);
    expect(await run({ isTTY: true }, 'markdown')).not.toMatch(ANSI);
  });

  it('rejects two formats on standard output with exit code 2', async () => {
    const c = io();
    expect(await main(['scan', 'examples/templates', '--format', 'json,sarif'], c)).toBe(2);
    expect(c.err).toMatch(/would all go to standard output/);
    expect(c.out).toBe('');
  });
});

describe('stackwarden report', () => {
  it(`writes ${REPORT_FILES.html} by default and exits 0 despite findings`, async () => {
    const dir = tmp();
    const c = io({ cwd: dir });
    expect(await main(['report', join(REPO_ROOT, 'examples/templates')], c)).toBe(0);
    expect(readFileSync(join(dir, REPORT_FILES.html), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('writes Markdown to stdout with -o -, and honours --fail-on', async () => {
    const c = io();
    expect(await main(['report', 'examples/templates', '--format', 'markdown', '-o', '-', '--fail-on', 'error'], c)).toBe(1);
    expect(c.out).toMatch(/^## stackwarden: ❌/);
  });

  it('refuses other formats', async () => {
    const c = io();
    expect(await main(['report', 'examples/templates', '--format', 'sarif'], c)).toBe(2);
  });
});
