import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../engine/run.js';
import type { Finding } from '../model/types.js';
import { EXAMPLES, exampleResult, goldenCtx, GOLDEN_CTX } from '../../test/support/examples.js';
import { hostileResult } from '../../test/support/hostile.js';
import { jsonChunks } from './chunks.js';
import { CHUNK_FORMATTERS, FORMATTERS, formatChunks } from './index.js';

describe('formats as chunks', () => {
  it.each(Object.keys(FORMATTERS))('%s: the chunks join to exactly the string form', (format) => {
    for (const example of Object.keys(EXAMPLES)) {
      const result = exampleResult(example);
      expect([...formatChunks(format, result, goldenCtx(result))].join('')).toBe(FORMATTERS[format]!(result, goldenCtx(result)));
    }
    const { result: hostile } = hostileResult();
    expect([...formatChunks(format, hostile, GOLDEN_CTX)].join('')).toBe(FORMATTERS[format]!(hostile, GOLDEN_CTX));
    expect(Object.keys(CHUNK_FORMATTERS).sort()).toEqual(Object.keys(FORMATTERS).sort());
  });

  it('writes JSON exactly as JSON.stringify does, long arrays included', () => {
    const values: unknown[] = [
      { a: [], b: {}, c: Array.from({ length: 100 }, (_, i) => ({ i, s: `x${i}`, u: undefined, n: null, nested: { deep: [i] } })) },
      Array.from({ length: 70 }, (_, i) => (i % 7 === 0 ? undefined : i % 5 === 0 ? { long: Array.from({ length: 80 }, () => 'y') } : i)),
      { runs: [{ results: Array.from({ length: 65 }, () => ({ m: 'a\u2028b ##[x]' })) }] },
      'plain',
      [],
    ];
    for (const v of values) {
      const expected = `${JSON.stringify(v, null, 2)}\n`.replace(/\u2028/g, '\\u2028').replace(/##\[/g, '##\\u005b');
      expect([...jsonChunks(v)].join('')).toBe(expected);
    }
  });

  it('writes 200,000 findings as JSON without one giant string, and the file parses', () => {
    const base = exampleResult('cdk');
    const model = base.findings[0]!;
    const findings: Finding[] = Array.from({ length: 200_000 }, (_, i) => ({
      ...model,
      message: `finding ${i}`,
      fix: 'fix it',
      logicalId: `Bucket${i}`,
      range: { start: { line: i + 1, column: 3 }, end: { line: i + 2, column: 1 } },
    }));
    const result: RunResult = { ...base, findings, sources: {}, summary: { ...base.summary, findings: findings.length } };
    const file = join(tmpdir(), `stackwarden-200k-${process.pid}.json`);
    const fd = openSync(file, 'w');
    let chunks = 0;
    let longest = 0;
    try {
      for (const chunk of formatChunks('json', result, GOLDEN_CTX)) {
        chunks++;
        longest = Math.max(longest, chunk.length);
        writeSync(fd, chunk);
      }
    } finally {
      closeSync(fd);
    }
    // One chunk per finding and its separators: no chunk anywhere near the document's size.
    expect(chunks).toBeGreaterThan(3 * findings.length);
    expect(longest).toBeLessThan(10_000);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { findings: Finding[]; version: number };
    rmSync(file);
    expect(parsed.version).toBe(1);
    expect(parsed.findings).toHaveLength(200_000);
    expect(parsed.findings[199_999]!.message).toBe('finding 199999');
    expect(parsed.findings[0]).toEqual(JSON.parse(JSON.stringify(findings[0])));

    // JUnit: one test case per chunk.
    let junitChunks = 0;
    let junitLongest = 0;
    for (const chunk of formatChunks('junit', { ...result, checks: [] }, GOLDEN_CTX)) {
      junitChunks++;
      junitLongest = Math.max(junitLongest, chunk.length);
    }
    expect(junitChunks).toBeGreaterThan(findings.length);
    expect(junitLongest).toBeLessThan(10_000);
  });
});
