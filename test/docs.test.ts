/**
 * The docs a newcomer follows from a clone: every relative link (and #anchor) in README.md and docs/*.md
 * resolves, and every command in a ```sh block of README.md runs with the exit code the README states.
 *
 * The convention (README.md says it too): each line of a `sh` block is one command, run by bash in a scratch
 * folder holding a copy of examples/ and the prototype's cdk.out as ./cdk.out, with `stackwarden` (and
 * `npx stackwarden`) the built CLI in dist/. A trailing `# … exit N` is the exit code it must give; no marker
 * means 0. `# skip: reason` skips one line, a `<!-- doc-test: skip reason -->` line right before the block skips
 * the block.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const DOCS = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The text without fenced code blocks (blanked, so line numbers stay). */
function withoutFences(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, (m) => m.replace(/[^\n]/g, ' '));
}

/** The text without fenced code blocks and inline code, where `[x](y)` is not a link. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, (m) => ' '.repeat(m.length));
}

/** GitHub's anchor for a heading: lower-cased, punctuation other than `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown file defines: its headings (with GitHub's -1, -2 for repeats) and explicit `<a id>`s. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = slug(heading!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(id!);
  return out;
}

/** Every relative link of a file that does not resolve, as `file: target (why)`. */
function brokenLinks(file: string, text = readFileSync(join(root, file), 'utf8')): string[] {
  const out: string[] = [];
  for (const [, target] of prose(text).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue; // https:, mailto:
    const [path, anchor] = target!.split('#') as [string, string | undefined];
    if (path === '') {
      if (anchor !== undefined && !anchors(text).has(anchor)) out.push(`${file}: ${target} (no anchor #${anchor} in ${file})`);
      continue;
    }
    const resolved = join(root, dirname(file), decodeURIComponent(path));
    if (relative(root, resolved).startsWith('..')) {
      out.push(`${file}: ${target} (outside the repository)`);
      continue;
    }
    if (!existsSync(resolved)) {
      out.push(`${file}: ${target} (no such file)`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor))
      out.push(`${file}: ${target} (no anchor #${anchor} in ${relative(root, resolved)})`);
  }
  return out;
}

interface Command {
  line: number;
  command: string;
  /** The exit code it must give, or why it is not run. */
  expect: number | { skip: string };
}

/** The commands of README.md's ```sh blocks, with what each must do. */
function readmeCommands(): Command[] {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
  const out: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```sh') continue;
    const blockSkip = /^<!-- doc-test: skip (.+?) -->$/.exec(lines[i - 1] ?? '')?.[1];
    for (i++; i < lines.length && lines[i] !== '```'; i++) {
      const text = lines[i]!.trim();
      if (text === '' || text.startsWith('#')) continue;
      const hash = text.search(/\s#\s/);
      const command = hash < 0 ? text : text.slice(0, hash).trim();
      const comment = hash < 0 ? '' : text.slice(hash).trim();
      const skip = blockSkip ?? /^#\s*skip: (.+)$/.exec(comment)?.[1];
      const code = /\bexit (\d+)\s*$/.exec(comment)?.[1];
      out.push({ line: i + 1, command, expect: skip !== undefined ? { skip } : Number(code ?? 0) });
    }
  }
  return out;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sw-readme-'));
  cpSync(join(root, 'examples'), join(scratch, 'examples'), { recursive: true });
  cpSync(join(root, 'examples/prototype/cdk.out'), join(scratch, 'cdk.out'), { recursive: true });
  symlinkSync(join(root, 'dist'), join(scratch, 'dist'));
  mkdirSync(join(scratch, '.bin'));
  writeFileSync(join(scratch, '.bin', 'stackwarden'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'dist/cli/main.js')}" "$@"\n`, {
    mode: 0o755,
  });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('links in README.md and docs/', () => {
  it('the checker finds broken links and anchors (it can fail)', () => {
    expect(anchors('# A title, with `code`\n## Exit codes\n## Exit codes\n<a id="x-y"></a>')).toEqual(
      new Set(['a-title-with-code', 'exit-codes', 'exit-codes-1', 'x-y']),
    );
    expect(prose('see `[a](b)` and\n```sh\n[c](d)\n```\n[e](f)')).not.toMatch(/\[a\]|\[c\]/);
    const text = '[a](nope.md) [b](rules.md#nope) [c](rules.md#s3-tls-only) [d](https://example.com) [e](../../x) [f](#g) [h](#nope)\n## G';
    expect(brokenLinks('docs/x.md', text)).toEqual([
      'docs/x.md: nope.md (no such file)',
      'docs/x.md: rules.md#nope (no anchor #nope in docs/rules.md)',
      'docs/x.md: ../../x (outside the repository)',
      'docs/x.md: #nope (no anchor #nope in docs/x.md)',
    ]);
  });

  it.each(DOCS)('%s: every relative link and anchor resolves', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('README.md links docs/controls.md from "What it checks"', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## What it checks'), readme.indexOf('## Install'));
    expect(section).toContain('(docs/controls.md)');
  });
});

describe('the shell commands of README.md', () => {
  const commands = readmeCommands();

  it('are all accounted for: run, or skipped with a reason (a short list)', () => {
    expect(commands.length).toBeGreaterThan(10);
    const run = commands.filter((c) => typeof c.expect === 'number');
    expect(run.length).toBeGreaterThanOrEqual(7);
    for (const c of commands) if (typeof c.expect !== 'number') expect(c.expect.skip.length, `README.md:${c.line}`).toBeGreaterThan(10);
  });

  it.each(commands.filter((c) => typeof c.expect === 'number').map((c) => [`README.md:${c.line}: ${c.command}`, c] as const))(
    '%s',
    (_, c) => {
      const command = c.command.replace(/\bnpx stackwarden\b/g, 'stackwarden');
      const r = spawnSync('bash', ['--noprofile', '--norc', '-c', command], {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 120_000,
        env: { PATH: `${join(scratch, '.bin')}:${process.env.PATH ?? ''}`, HOME: scratch, NO_COLOR: '1' },
      });
      expect(r.status, `${command}\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`).toBe(c.expect);
    },
    180_000,
  );

  it('the report commands write what the README says they write', () => {
    for (const f of ['reports/stackwarden.sarif', 'reports/stackwarden.junit.xml', 'stackwarden-report.html', 'comment.md'])
      expect(existsSync(join(scratch, f)) && statSync(join(scratch, f)).size > 0, f).toBe(true);
  });
});
