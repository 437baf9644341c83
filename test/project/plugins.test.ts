/**
 * Custom rules from plugins: loaded from the configuration or the API only, checked like the built-in rules, run
 * and listed like them. The worked example of docs/custom-rules.md (examples/custom-rules/) is tested here.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, UsageError } from '../../src/index.js';
import { cli, ROOT } from '../cli/helpers.js';

const EXAMPLE = join(ROOT, 'examples', 'custom-rules');
const scratch = mkdtempSync(join(tmpdir(), 'stackwarden-plugins-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder with a configuration naming one plugin module, written as CommonJS. */
function projectWithPlugin(name: string, pluginSource: string, config: object = { plugins: ['./rule.cjs'] }): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rule.cjs'), pluginSource);
  writeFileSync(join(dir, 'stackwarden.config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'template.yaml'), 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n');
  return dir;
}

const rule = (fields: Record<string, unknown>) =>
  `module.exports = ${JSON.stringify({
    id: 'acme/test',
    title: 'a title',
    description: 'a description',
    fix: 'a fix',
    controls: ['S3-5'],
    severity: 'warning',
    appliesTo: ['AWS::S3::Bucket'],
    messages: { hit: "Bucket '{{bucket}}' is checked." },
    ...fields,
  }).replace(/}$/, ', *check(b) { yield { at: b, messageId: "hit", data: { bucket: b.logicalId } }; } }')};`;

describe('the worked example (examples/custom-rules)', () => {
  it('runs the rule from the configuration, with positions, as the built-in rules run', () => {
    const result = analyze(['template.yaml'], { cwd: EXAMPLE, asOf: '2026-01-01' });
    const own = result.findings.filter((f) => f.ruleId === 'acme/data-classification');
    expect(own.map((f) => [f.logicalId, f.messageId, f.severity, f.range.start.line, f.range.start.column])).toEqual([
      ['Scratch', 'missing', 'warning', 12, 3],
      ['Exports', 'invalid', 'warning', 19, 11],
      ['Shared', 'unknown', 'note', 25, 11],
    ]);
    expect(own[0]!.controls).toEqual(['S3-7']);
    expect(result.rules.map((r) => r.id)).toContain('acme/data-classification');
  });

  it('is listed and explained by `stackwarden rules`, and the CLI finds the same', async () => {
    const listed = await cli(['rules'], EXAMPLE);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/acme\/data-classification\s+S3-7\s+warning/);
    const explained = await cli(['rules', 'explain', 'acme/data-classification'], EXAMPLE);
    expect(explained.stdout).toContain('DataClassification');
    const scanned = await cli(['scan', 'template.yaml', '-f', 'json', '--fail-on', 'warning'], EXAMPLE);
    expect(scanned.code).toBe(1);
    expect(JSON.parse(scanned.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'acme/data-classification')).toHaveLength(3);
  });
});

describe('plugin checks', () => {
  it.each([
    ['a duplicate id', { id: 's3/versioning' }, "rule 's3/versioning' has the id of a built-in rule"],
    ['no message', { messages: {} }, "rule 'acme/test' has no messages"],
    ['an empty message', { messages: { hit: ' ' } }, "rule 'acme/test' has an empty message 'hit'"],
    ['an unknown control', { controls: ['S3-9'] }, 'names the unknown control "S3-9"'],
    ['an id that is not area/name', { id: 'Acme Test' }, "id 'Acme Test' is not of the form area/name"],
    ["an id in the engine's area", { id: 'stackwarden/mine' }, "in the engine's own area"],
    ['a bad severity', { severity: 'fatal' }, 'has the severity "fatal"'],
  ])('refuses %s with a clear error (exit code 2)', async (_name, fields, message) => {
    const dir = projectWithPlugin(`bad-${_name.replace(/\W+/g, '-')}`, rule(fields));
    expect(() => analyze(['template.yaml'], { cwd: dir })).toThrow(UsageError);
    expect(() => analyze(['template.yaml'], { cwd: dir })).toThrow(message);
    const run = await cli(['scan', 'template.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`plugin './rule.cjs'`.replace('./rule.cjs', join(dir, 'rule.cjs')));
    expect(run.stderr).toContain(message);
  });

  it('refuses two plugins with the same id, a plugin that does not load, and one that exports no rule', () => {
    const dir = projectWithPlugin('twice', rule({}), { plugins: ['./rule.cjs', './copy.cjs', './missing.cjs', './empty.cjs'] });
    writeFileSync(join(dir, 'copy.cjs'), rule({}));
    writeFileSync(join(dir, 'empty.cjs'), 'module.exports = { answer: 42 };');
    let problems: readonly string[] = [];
    try {
      analyze(['template.yaml'], { cwd: dir });
    } catch (error) {
      problems = (error as UsageError).problems;
    }
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/copy\.cjs': rule 'acme\/test' has the id of a rule of plugin '.*rule\.cjs'/);
    expect(problems[1]).toMatch(/missing\.cjs': cannot load/);
    expect(problems[2]).toMatch(/empty\.cjs': exports no rule/);
  });

  it('takes plugins from the API too, with per-rule severity for their rules', () => {
    const dir = projectWithPlugin('api', rule({}), {});
    const result = analyze(['template.yaml'], { cwd: dir, plugins: ['./rule.cjs'], severity: { 'acme/test': 'error' } });
    expect(result.findings.filter((f) => f.ruleId === 'acme/test').map((f) => f.severity)).toEqual(['error']);
  });
});

describe('trust', () => {
  it('never loads a plugin named by a configuration inside the scanned tree', () => {
    const marker = join(scratch, 'loaded.marker');
    const dir = projectWithPlugin('untrusted', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); ${rule({})}`);
    // The scan runs from elsewhere: the configuration of the scanned folder is data, not the user's settings.
    const result = analyze([dir], { cwd: scratch });
    expect(existsSync(marker)).toBe(false);
    expect(result.findings.some((f) => f.ruleId === 'acme/test')).toBe(false);
    expect(result.summary.files).toBe(1);
  });
});
