/**
 * What users read says "the guidance" (or names the control), never the development team's word "seed", and
 * points at nothing a clone of the repository does not have (`../shared`, `PRODUCT.md`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { controlsMarkdown } from '../src/docs/controls-doc.js';
import { explainRule, rulesMarkdown, rulesTable } from '../src/docs/rules-doc.js';
import { analyze } from '../src/project/analyze.js';
import { formatSarif } from '../src/report/sarif.js';
import { rules } from '../src/rules/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The internal words, each with the reason a user must not see it. */
const FORBIDDEN: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /\bseeds?\b/i, why: 'internal jargon: say "the guidance" or name the control' },
  { pattern: /\.\.\/shared|\/work\/shared/, why: 'a path outside the repository' },
  { pattern: /PRODUCT\.md/, why: 'a design file that is not in the repository' },
];

/** Every forbidden word in `text`, as `where: line: why`. */
function internalWords(where: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { pattern, why } of FORBIDDEN) if (pattern.test(line)) out.push(`${where}:${i + 1}: ${why}: ${line.trim().slice(0, 120)}`);
  });
  return out;
}

describe('user-visible text', () => {
  it('finds the words it looks for (the check can fail)', () => {
    expect(internalWords('x', 'The seed says\nfine\nsee ../shared/seed/a.txt and PRODUCT.md')).toHaveLength(4);
    expect(internalWords('x', 'seedling, reseeded, fast-check seeds: none of')).toHaveLength(1);
  });

  it('rule metadata (title, description, fix, messages) and `stackwarden rules` never use them', () => {
    const problems = rules.flatMap((r) =>
      internalWords(r.id, [r.title, r.description, r.fix, ...Object.values<string>(r.messages), explainRule(r)].join('\n')),
    );
    expect([...problems, ...internalWords('rules table', rulesTable(rules))]).toEqual([]);
  });

  it('the generated docs never use them', () => {
    expect([
      ...internalWords('docs/rules.md', rulesMarkdown(rules)),
      ...internalWords('docs/controls.md', controlsMarkdown(rules)),
    ]).toEqual([]);
  });

  it('the SARIF of the bundled prototype (rule help that GitHub shows) never uses them', () => {
    const result = analyze([join(root, 'examples/prototype/cdk.out')], { cwd: root, config: false, asOf: '2026-12-01' });
    const sarif = formatSarif(result, { tool: { name: 'stackwarden', version: '0.0.0' }, color: false });
    expect(JSON.parse(sarif).runs[0].tool.driver.rules.length).toBeGreaterThan(10);
    expect(internalWords('prototype.sarif', sarif.replaceAll('\\n', '\n'))).toEqual([]);
  });

  it('README.md, docs/ and the ecosystem files never use them', () => {
    const files = ['README.md', 'action.yml', '.pre-commit-hooks.yaml', ...readdirSync(join(root, 'docs')).map((f) => `docs/${f}`)];
    expect(files.filter((f) => existsSync(join(root, f))).flatMap((f) => internalWords(f, readFileSync(join(root, f), 'utf8')))).toEqual(
      [],
    );
  });
});
