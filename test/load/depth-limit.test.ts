import { describe, expect, it } from 'vitest';
import { checkDepth, LoadFailure, MAX_DEPTH } from '../../src/load/document.js';
import { parseJson } from '../../src/load/json.js';
import { parseYaml } from '../../src/load/yaml.js';

/** The failure a parse throws, or null when it parses. */
function failureOf(parse: () => unknown): LoadFailure | null {
  try {
    parse();
    return null;
  } catch (error) {
    if (error instanceof LoadFailure) return error;
    throw error;
  }
}

/** `n` nested containers around a scalar, under `Resources.A` (which are 2 more, with the root 3). */
const jsonNested = (n: number) => `{"Resources": {"A": ${'['.repeat(n)}1${']'.repeat(n)}}}`;
const yamlFlow = (n: number) => `Resources:\n  A: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
const yamlBlock = (n: number) => `Resources:\n  A:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(4 + 2 * i)}- `).join('\n')}1\n`;

describe('one depth limit for JSON and YAML', () => {
  // The root and Resources.A are depth 0 and 1; the first array is depth 2, the n-th depth n+1.
  const limit = MAX_DEPTH - 2;

  it('JSON: the last depth that loads, and one more that does not, located at the bracket past the limit', () => {
    expect(failureOf(() => parseJson('t.json', jsonNested(limit)))).toBeNull();
    const text = jsonNested(limit + 1);
    const failure = failureOf(() => parseJson('t.json', text));
    expect(failure?.code).toBe('TOO_DEEP');
    // The innermost bracket: the one after `"A": ` plus `limit` more.
    expect(failure?.offset).toBe(text.indexOf('[') + limit);
  });

  it('YAML flow and block sequences: the same limit as JSON', () => {
    for (const make of [yamlFlow, yamlBlock]) {
      expect(failureOf(() => parseYaml('t.yaml', make(limit)))).toBeNull();
      const failure = failureOf(() => parseYaml('t.yaml', make(limit + 1)));
      expect(failure?.code).toBe('TOO_DEEP');
      expect(failure?.offset).toBeGreaterThan(0);
    }
  });

  it('a YAML short form counts as the object it becomes, as its JSON form does', () => {
    // `!Ref X` is {"Ref": "X"}: one container more than the scalar.
    const yaml = (n: number) => `Resources:\n  A: ${'['.repeat(n)}!Ref X${']'.repeat(n)}\n`;
    const json = (n: number) => `{"Resources": {"A": ${'['.repeat(n)}{"Ref": "X"}${']'.repeat(n)}}}`;
    for (const n of [limit - 1, limit]) {
      const y = failureOf(() => parseYaml('t.yaml', yaml(n)))?.code ?? null;
      const j = failureOf(() => parseJson('t.json', json(n)))?.code ?? null;
      expect(y).toBe(j);
    }
    expect(failureOf(() => parseYaml('t.yaml', yaml(limit - 1)))).toBeNull();
    expect(failureOf(() => parseYaml('t.yaml', yaml(limit)))?.code).toBe('TOO_DEEP');
  });

  it('checkDepth agrees with the YAML converter on the value it produced', () => {
    const doc = parseYaml('t.yaml', yamlFlow(limit));
    expect(() => checkDepth(doc.value)).not.toThrow();
  });
});
