import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_EXTENSIONS, FORMATTERS } from '../src/report/index.js';
import { EXAMPLES, exampleResult, goldenCtx, REPO_ROOT } from './support/examples.js';

/**
 * Golden files: every format on every example set, byte for byte. After a deliberate change (a new rule, a
 * format change), regenerate them all with one command and review the diff:
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 */
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const GOLDEN_DIR = join(REPO_ROOT, 'test', 'golden');

describe.each(Object.keys(EXAMPLES))('golden files for %s', (example) => {
  const result = exampleResult(example);

  it.each(Object.keys(FORMATTERS))('%s', (format) => {
    const output = FORMATTERS[format]!(result, goldenCtx(result));
    const file = join(GOLDEN_DIR, example, `stackwarden.${FORMAT_EXTENSIONS[format]}`);
    if (UPDATE) {
      mkdirSync(join(GOLDEN_DIR, example), { recursive: true });
      writeFileSync(file, output);
    }
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`).toBe(true);
    expect(
      output,
      `${format} output differs from ${file}; if the change is intended, run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`,
    ).toBe(readFileSync(file, 'utf8'));
  });

  it.each(Object.keys(FORMATTERS))('%s is deterministic and has no absolute path or timestamp', (format) => {
    const first = FORMATTERS[format]!(result, goldenCtx(result));
    expect(FORMATTERS[format]!(exampleResult(example), goldenCtx(result))).toBe(first);
    expect(first).not.toContain(REPO_ROOT);
    expect(first).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/);
  });
});

it('every format has a file extension', () => {
  expect(Object.keys(FORMAT_EXTENSIONS).sort()).toEqual(Object.keys(FORMATTERS).sort());
});
