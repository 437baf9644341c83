import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { controlsMarkdown } from '../src/docs/controls-doc.js';
import { rulesMarkdown } from '../src/docs/rules-doc.js';
import { CONTROL_IDS } from '../src/model/types.js';
import type { RuleModule } from '../src/rules/define.js';
import { rules } from '../src/rules/index.js';
import { ruleProblems } from '../src/rules/validate.js';

const rulesDir = fileURLToPath(new URL('../src/rules', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

/** Every `.ts` file under src/rules/<area>/ that is not a test. */
function ruleAreaFiles(): string[] {
  return readdirSync(rulesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(rulesDir, d.name)).map((f) => join(rulesDir, d.name, f)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
}

function isRule(value: unknown): value is RuleModule {
  return !!value && typeof value === 'object' && 'id' in value && 'check' in value && 'controls' in value;
}

describe('the rule registry', () => {
  it('holds exactly the rules defined in src/rules/<area>/<name>.ts, each with its path as id', async () => {
    // Every module in a rule area is a registered rule, whatever it exports: shared code and data belong in
    // graph/, aws/ or iam/, so an unregistered rule cannot hide there as a "helper".
    const onDisk: string[] = [];
    const strays: string[] = [];
    for (const file of ruleAreaFiles()) {
      const id = relative(rulesDir, file).replace(/\\/g, '/').replace(/\.ts$/, '');
      const mod = (await import(file)) as { default?: unknown };
      if (!isRule(mod.default) || !rules.includes(mod.default)) {
        strays.push(`${id}: ${isRule(mod.default) ? 'not registered in src/rules/index.ts' : 'exports no rule as default'}`);
        continue;
      }
      expect(mod.default.id, `id of ${file}`).toBe(id);
      onDisk.push(id);
    }
    expect(strays).toEqual([]);
    expect(rules.map((r) => r.id).sort()).toEqual(onDisk.sort());
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it('has, for every message of every rule, a test case that produces it (RuleTester asserts the message id)', () => {
    const untested: string[] = [];
    for (const rule of rules) {
      const tests = readFileSync(join(rulesDir, `${rule.id}.test.ts`), 'utf8');
      for (const id of Object.keys(rule.messages)) if (!new RegExp(`messageId: '${id}'`).test(tests)) untested.push(`${rule.id}: ${id}`);
    }
    expect(untested).toEqual([]);
  });

  it('passes the checks that custom rules must pass too (src/rules/validate.ts)', () => {
    expect(rules.flatMap((r) => ruleProblems(r).map((p) => `${r.id}: ${p}`))).toEqual([]);
  });

  it('has a RuleTester test file beside every rule (RuleTester demands valid and invalid cases with positions)', () => {
    for (const rule of rules) {
      const file = join(rulesDir, `${rule.id}.test.ts`);
      expect(existsSync(file), `${rule.id}.test.ts`).toBe(true);
      const name = rule.id.split('/')[1]!;
      expect(readFileSync(file, 'utf8'), `${rule.id}.test.ts runs the rule through RuleTester`).toMatch(
        new RegExp(`import rule from '\\./${name}\\.js'[\\s\\S]*new RuleTester\\([\\s\\S]*\\.run\\(rule,`),
      );
    }
  });

  it('gives every rule its metadata: title, description, fix, controls, messages', () => {
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z0-9]+\/[a-z0-9-]+$/);
      expect(rule.title.length, `${rule.id} title`).toBeGreaterThan(10);
      expect(rule.description.length, `${rule.id} description`).toBeGreaterThan(40);
      expect(rule.fix.length, `${rule.id} fix`).toBeGreaterThan(10);
      expect(rule.controls.length, `${rule.id} controls`).toBeGreaterThan(0);
      for (const c of rule.controls) expect(CONTROL_IDS).toContain(c);
      expect(Object.keys(rule.messages).length, `${rule.id} messages`).toBeGreaterThan(0);
      if (rule.appliesTo !== 'stack') expect(rule.appliesTo.length, `${rule.id} appliesTo`).toBeGreaterThan(0);
    }
  });

  it('covers every control of the guidance with at least one rule', () => {
    const uncovered = CONTROL_IDS.filter((c) => !rules.some((r) => r.controls.includes(c)));
    expect(uncovered).toEqual([]);
  });

  it('has a current docs/rules.md (regenerate with `npm run docs`)', () => {
    expect(readFileSync(join(root, 'docs', 'rules.md'), 'utf8')).toBe(rulesMarkdown(rules));
  });

  it('has a current docs/controls.md (regenerate with `npm run docs`)', () => {
    expect(readFileSync(join(root, 'docs', 'controls.md'), 'utf8')).toBe(controlsMarkdown(rules));
  });
});

/**
 * The layers of the pipeline and which layers each may import (src/<layer>/…). Dependencies point one way:
 * model ← load ← graph ← aws, iam ← rules ← engine ← project (files a project keeps: configuration, plugins,
 * suppressions, baseline) ← report, cli, docs. `testing` is the RuleTester.
 */
const LAYERS: Readonly<Record<string, readonly string[]>> = {
  model: [],
  load: ['model'],
  graph: ['model', 'load'],
  aws: ['model', 'load', 'graph'],
  iam: ['model', 'load', 'graph', 'aws'],
  rules: ['model', 'load', 'graph', 'aws', 'iam'],
  engine: ['model', 'load', 'graph', 'aws', 'iam', 'rules'],
  project: ['model', 'load', 'graph', 'aws', 'iam', 'rules', 'engine'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
  );
}

describe('the layers', () => {
  it.each(Object.entries(LAYERS))('%s imports only from the layers below it', (layer, allowed) => {
    const dir = join(root, 'src', layer);
    const wrong: string[] = [];
    for (const file of sourceFiles(dir))
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const resolved = relative(join(root, 'src'), join(file, '..', target!)).split('/');
        const to = resolved[0]!;
        if (resolved.length > 1 && to !== layer && !allowed.includes(to)) wrong.push(`${relative(root, file)} → ${target}`);
      }
    expect(wrong).toEqual([]);
  });
});

describe('the README', () => {
  it('states the numbers of rules and controls that the registry has', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const claims = [
      ...[...readme.matchAll(/\b(\d+) (?:built-in )?rules\b/g)].map((m) => ({ text: m[0], claimed: Number(m[1]), actual: rules.length })),
      ...[...readme.matchAll(/\b(\d+) controls\b/g)].map((m) => ({ text: m[0], claimed: Number(m[1]), actual: CONTROL_IDS.length })),
    ];
    expect(claims.filter((c) => c.claimed !== c.actual)).toEqual([]);
  });
});
