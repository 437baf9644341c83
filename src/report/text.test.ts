import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../engine/run.js';
import { exampleResult, GOLDEN_CTX } from '../../test/support/examples.js';
import { hostileResult } from '../../test/support/hostile.js';
import { guardLines, jsonSafe, keepLines, oneLine } from './plain.js';
import { exitReason, formatText, wrap } from './text.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('text output', () => {
  const result = exampleResult('cdk');

  it('wraps every line that has a space to break at to the width', () => {
    for (const width of [60, 80, 120]) {
      const text = formatText(result, { ...GOLDEN_CTX, width });
      const lines = text.trimEnd().split('\n');
      // Only a finding's first line (severity, file:line:column, rule id), a control's heading, a word longer
      // than a line (a suggested policy) and the summary (one line, for a log to grep) may run over.
      for (const line of lines.slice(0, -1).filter((l) => l.length > width && /\S \S/.test(l.trim())))
        expect(line).toMatch(/^( {2}(error|warning|note) +\S+:\d+:\d+ {2}\S+( \(also .*\))?|[A-Z0-9]+-\d+ {2}.*\(\d+ findings?\))$/);
      expect(text.split('\n').length).toBeGreaterThan(formatText(result, { ...GOLDEN_CTX, width: 400 }).split('\n').length);
    }
  });

  it('measures the width without colour codes', () => {
    const plain = formatText(result, { ...GOLDEN_CTX, width: 70 });
    const coloured = formatText(result, { ...GOLDEN_CTX, width: 70, color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it("prints a rule's fix once per rule within a control", () => {
    const text = formatText(result, GOLDEN_CTX);
    const tls = result.findings.filter((f) => f.ruleId === 's3/tls-only' && !f.suppressed);
    expect(tls.length).toBeGreaterThan(1);
    const fixStart = tls[0]!.fix.split(' ').slice(0, 4).join(' ');
    expect(text.split(fixStart).length - 1).toBe(1);
    expect(text).toContain(`fix (s3/tls-only, ${tls.length} findings): ${fixStart}`);
  });

  it('hides suppressed findings by default, counts them, and shows them dimmed with their reason on request', () => {
    const { result: hostile } = hostileResult();
    const suppressed = hostile.findings.find((f) => f.suppressed)!;
    const hidden = formatText(hostile, GOLDEN_CTX);
    expect(hidden).not.toContain('Suppressed findings');
    expect(hidden).toContain('1 suppressed (--show-suppressed lists them)');
    const shown = formatText(hostile, { ...GOLDEN_CTX, showSuppressed: true, color: true, width: 400 });
    const section = shown.slice(shown.indexOf('Suppressed findings'));
    expect(section).toContain(`skipped`);
    expect(section).toContain(suppressed.ruleId);
    expect(section).toContain('reason (stackwarden until 2099-12-31): Accepted for the demo');
    // Dimmed, never the red of an error label.
    const block = section.slice(0, section.indexOf('\n\n'));
    expect(block).not.toContain('\u001b[31m');
    expect(block).toContain('\u001b[2m');
  });

  it('ends with the summary line, which names the exit code exitCodeOf gives and why', () => {
    for (const failOn of ['error', 'warning', 'note', 'none'] as const) {
      const text = formatText(result, { ...GOLDEN_CTX, settings: { failOn } });
      const last = text.trimEnd().split('\n').at(-1)!;
      expect(text.endsWith(`${last}\n`)).toBe(true);
      expect(last).toMatch(/^\d+ findings .*exit \d: .*\.$/);
      expect(last).toContain(`exit ${exitCodeOf(result, failOn)}:`);
    }
    expect(exitReason(result, 'error')).toMatch(/^exit 1: \d+ findings at or above --fail-on error$/);
    expect(exitReason(result, 'none')).toBe('exit 0: --fail-on none');
    const { result: broken } = hostileResult();
    expect(exitReason(broken, 'none')).toBe('exit 2: 1 input could not be loaded, so the results are incomplete');
  });
});

describe('plain-text safety', () => {
  it('turns every control character into a visible escape', () => {
    expect(oneLine('a\nb\r\tc\u001b[31md\u0007\u009b\u2028\u202e')).toBe('a\\nb\\r\\tc\\e[31md\\u{7}\\u{9B}\\u{2028}\\u{202E}');
    expect(oneLine('x ##[error]y')).toBe('x ##\u200B[error]y');
    expect(oneLine(oneLine('a\nb'))).toBe(oneLine('a\nb'));
    expect(oneLine('arn:aws:s3:::bucket')).toBe('arn:aws:s3:::bucket');
  });

  it('keeps the value of JSON and the lines of documents', () => {
    const value = { s: 'a\u009b[2J\u2028b ##[error] \u007f' };
    const json = jsonSafe(JSON.stringify(value));
    expect(json).not.toMatch(/[\u007f-\u009f\u2028]|##\[/);
    expect(JSON.parse(json)).toEqual(value);
    expect(keepLines('a\n\tb\u001b[1m\r')).toBe('a\n\tb\\e[1m\\r');
  });

  it('never lets a line start with a workflow command', () => {
    expect(guardLines('ok\n   ::error file=x::pwned\n::add-mask::y\n\u00a0::warning::z')).toBe(
      'ok\n   :\u200B:error file=x::pwned\n:\u200B:add-mask::y\n\u00a0:\u200B:warning::z',
    );
    expect(guardLines('arn:aws:s3:::bucket')).toBe('arn:aws:s3:::bucket');
  });

  it('wraps without ever exceeding the width at a space', () => {
    const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.repeat(5);
    for (const line of wrap(words, 30, '  ', '    ')) expect(line.length).toBeLessThanOrEqual(30);
    expect(wrap(`a ${'x'.repeat(50)} b`, 20, '', '')).toEqual(['a', 'x'.repeat(50), 'b']);
    expect(wrap('', 20, '  ', '  ')).toEqual(['  ']);
  });
});
