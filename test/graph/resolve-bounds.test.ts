import { describe, expect, it } from 'vitest';
import { alternatives, MAX_ALTERNATIVES, renderText, TOO_MANY_ALTERNATIVES } from '../../src/graph/values.js';
import type { Resolved } from '../../src/graph/values.js';
import { MAX_RESOLVE_STEPS } from '../../src/graph/resolve.js';
import type { Graph } from '../../src/graph/build.js';
import { Graph as GraphClass } from '../../src/graph/build.js';
import { AWS_NAMING } from '../../src/aws/names.js';
import { graphOf, stackOf } from '../helpers.js';

/**
 * Chains that double at every level when each path is explored on its own. At depth 30 an exponential resolver
 * would compute 2^30 (about 10^9) values; these tests allow a few hundred per level, a margin of about 10^5. (30
 * levels of parameters stay within the resolver's nesting bound; the issue's example took 22 s at 20 levels.)
 */
const DEPTH = 30;
const BUDGET_PER_LEVEL = 300;

/** Resolves `R.Properties.V` and says how many intrinsics and lists the resolver computed for it. */
function measure(graph: Graph, stackIndex = 0): { value: Resolved; operations: number } {
  const before = graph.resolver.computed;
  const resource = graph.stacks[stackIndex]!.resourcesById.get('R')!;
  const value = graph.get(resource, 'Properties', 'V');
  // Reading every alternative (as rules do) must stay bounded too.
  alternatives(value);
  return { value, operations: graph.resolver.computed - before };
}

/** Parameters P0…P(n-1), each defaulting to `body(next)`, the last P(n) to `leaf`; `R.V` reads P0. */
function parameterChain(n: number, body: (next: string, i: number) => string, leaf = 'x', extra = ''): string {
  let yaml = 'Parameters:\n';
  for (let i = 0; i < n; i++) yaml += `  P${i}:\n    Type: String\n    Default: ${body(`P${i + 1}`, i)}\n`;
  yaml += `  P${n}:\n    Type: String\n    Default: ${leaf}\n`;
  return `${yaml}${extra}Resources:\n  R:\n    Type: Test::Thing\n    Properties:\n      V: !Ref P0\n`;
}

/** The reasons of the unknowns in a value, its text parts and alternatives. */
function reasons(value: Resolved): string[] {
  if (value.kind === 'unknown') return [value.reason];
  if (value.kind === 'text') return value.parts.flatMap((p) => (typeof p === 'string' ? [] : reasons(p)));
  if (value.kind === 'oneOf') return value.options.flatMap((o) => reasons(o.value));
  return [];
}

const REGION_CONDITION = 'Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\n';

describe('resolution work is bounded (issue: exponential resolution)', () => {
  it('a chain of Fn::If, both branches the next parameter: capped alternatives, linear work', () => {
    const graph = graphOf(parameterChain(DEPTH, (next) => `!If [C, !Ref ${next}, !Ref ${next}]`, 'x', REGION_CONDITION));
    const { value, operations } = measure(graph);
    const alts = alternatives(value);
    expect(alts).toHaveLength(MAX_ALTERNATIVES);
    expect(alts.at(-1)!.value).toMatchObject({ kind: 'unknown', reason: TOO_MANY_ALTERNATIVES });
    expect(alts[0]!.value).toMatchObject({ kind: 'literal', value: 'x' });
    expect(operations).toBeLessThan(DEPTH * BUDGET_PER_LEVEL);
  });

  it('a chain of Fn::If with a different condition at every level', () => {
    let conditions = 'Conditions:\n';
    for (let i = 0; i < DEPTH; i++) conditions += `  C${i}: !Equals [!Ref AWS::Region, r${i}]\n`;
    const graph = graphOf(parameterChain(DEPTH, (next, i) => `!If [C${i}, !Ref ${next}, !Sub "\${${next}}-${i}"]`, 'x', conditions));
    const { value, operations } = measure(graph);
    expect(alternatives(value).length).toBeLessThanOrEqual(MAX_ALTERNATIVES);
    expect(operations).toBeLessThan(DEPTH * BUDGET_PER_LEVEL);
  });

  it('a chain of Fn::FindInMap with keys not known before deployment', () => {
    const mappings = 'Mappings:\n  M:\n' + ['a', 'b', 'c', 'd'].map((k) => `    ${k}: {x: one, y: two}\n`).join('');
    const graph = graphOf(
      parameterChain(DEPTH, (next) => `!FindInMap [M, !Ref AWS::Region, !Ref ${next}]`, 'x', mappings),
      // A chain through the map value itself: each level picks among the entries of the level below.
    );
    const { value, operations } = measure(graph);
    expect(alternatives(value).length).toBeLessThanOrEqual(MAX_ALTERNATIVES);
    expect(operations).toBeLessThan(DEPTH * BUDGET_PER_LEVEL);
  });

  it('a chain of Fn::Join and Fn::Sub that doubles its string at every level', () => {
    const graph = graphOf(parameterChain(DEPTH, (next) => `!Join ['', [!Ref ${next}, !Sub "\${${next}}"]]`, 'ab'));
    const { value, operations } = measure(graph);
    // 2^31 characters are not built: past the cap a level is unknown with the reason, and the levels above hold it.
    expect(renderText(value)!.length).toBeLessThan(2 ** 21);
    expect(reasons(value).some((r) => r.includes('was not built'))).toBe(true);
    expect(operations).toBeLessThan(DEPTH * BUDGET_PER_LEVEL);
  });

  it('a chain of Fn::If whose branches hold Fn::Join of both next values', () => {
    const graph = graphOf(
      parameterChain(DEPTH, (next) => `!If [C, !Join ['-', [!Ref ${next}, !Ref ${next}]], !Ref ${next}]`, 'x', REGION_CONDITION),
    );
    const { operations } = measure(graph);
    expect(operations).toBeLessThan(DEPTH * BUDGET_PER_LEVEL);
  });

  it('a chain of Fn::ImportValue across stacks, each export an Fn::If of the next import', () => {
    const stacks = [];
    for (let i = 0; i <= DEPTH; i++) {
      const value = i === DEPTH ? 'end' : `!If [C, !ImportValue E${i + 1}, !ImportValue E${i + 1}]`;
      const reader = i === 0 ? '  R:\n    Type: Test::Thing\n    Properties:\n      V: !ImportValue E0\n' : '';
      stacks.push({
        name: `S${i}`,
        template: `${REGION_CONDITION}Resources:\n  X:\n    Type: Test::Thing\n${reader}Outputs:\n  O:\n    Value: ${value}\n    Export: {Name: E${i}}\n`,
      });
    }
    const graph = graphOf(...stacks);
    const { value, operations } = measure(graph);
    expect(alternatives(value).at(-1)!.value).toMatchObject({ kind: 'unknown', reason: TOO_MANY_ALTERNATIVES });
    expect(operations).toBeLessThan(DEPTH * BUDGET_PER_LEVEL);
  });

  it('a chain of nested stacks, each output an Fn::If of the GetAtt of the next nested stack', () => {
    const loaded = [];
    for (let i = 0; i <= DEPTH; i++) {
      const value = i === DEPTH ? 'end' : `!If [C, !GetAtt N.Outputs.O, !GetAtt N.Outputs.O]`;
      const reader = i === 0 ? '  R:\n    Type: Test::Thing\n    Properties:\n      V: !GetAtt N.Outputs.O\n' : '';
      const stack = stackOf({
        name: `S${i}`,
        template: `${REGION_CONDITION}Resources:\n  N:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: x}\n${reader}Outputs:\n  O:\n    Value: ${value}\n`,
      });
      loaded.push(i === 0 ? stack : { ...stack, nestedIn: { stackId: `S${i - 1}`, logicalId: 'N' } });
    }
    const graph = new GraphClass(loaded, AWS_NAMING);
    const { value, operations } = measure(graph);
    // S0 reads S1's output, which reads S2's …: the chain is followed, and its alternatives are capped.
    expect(alternatives(value).at(-1)!.value).toMatchObject({ kind: 'unknown', reason: TOO_MANY_ALTERNATIVES });
    expect(operations).toBeLessThan(DEPTH * BUDGET_PER_LEVEL);
  });

  it('one resolution stops after MAX_RESOLVE_STEPS, with "too many alternatives"', () => {
    // Each level's true branch contradicts the default of a parameter of its own: the values below are read under
    // 2^level different scopes, which memoisation cannot share. The step budget ends it.
    let extra = 'Conditions:\n';
    for (let i = 0; i < DEPTH; i++) extra += `  C${i}: !Equals [!Ref Q${i}, yes]\n`;
    const params = Array.from({ length: DEPTH }, (_, i) => `  Q${i}:\n    Type: String\n    Default: "no"\n`).join('');
    const yaml = parameterChain(DEPTH, (next, i) => `!If [C${i}, !Join ['', [!Ref ${next}, !Ref Q${i}]], !Ref ${next}]`, 'x', extra);
    const graph = graphOf(yaml.replace('Parameters:\n', `Parameters:\n${params}`));
    const { value, operations } = measure(graph);
    expect(operations).toBeLessThanOrEqual(MAX_RESOLVE_STEPS + DEPTH);
    expect(JSON.stringify(alternatives(value).map((a) => a.value.kind === 'unknown' && a.value.reason))).toContain('too many alternatives');
  });
});

describe('generated resolution chains (property)', () => {
  // Each level picks one intrinsic over the next parameter (twice where the intrinsic has two slots), so any
  // mix of them doubles the paths per level when explored naively; the resolver's work must stay linear.
  const level = [
    (next: string, i: number) => `!If [C${i % 4}, !Ref ${next}, !Ref ${next}]`,
    (next: string) => `!Join ["-", [!Ref ${next}, !Ref ${next}]]`,
    (next: string) => `!Sub "\${${next}}.\${${next}}"`,
    (next: string) => `!Select [0, [!Ref ${next}, !Ref ${next}]]`,
    (next: string) => `!FindInMap [M, !Ref AWS::Region, !Ref ${next}]`,
    (next: string) => `!If [C0, !Join ["", [!Ref ${next}, !Ref ${next}]], !Ref ${next}]`,
  ];
  const conditions = 'Conditions:\n' + [0, 1, 2, 3].map((i) => `  C${i}: !Equals [!Ref AWS::Region, r${i}]\n`).join('');
  const mappings = 'Mappings:\n  M:\n    r0:\n      x: a\n';

  it('any mix of 1 to 30 levels: bounded alternatives, work within budget, no throw', async () => {
    const fc = (await import('fast-check')).default;
    let tried = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: level.length - 1 }), { minLength: 1, maxLength: DEPTH }), (kinds) => {
        tried++;
        const graph = graphOf(parameterChain(kinds.length, (next, i) => level[kinds[i]!]!(next, i), 'x', conditions + mappings));
        const { value, operations } = measure(graph);
        expect(alternatives(value).length).toBeLessThanOrEqual(MAX_ALTERNATIVES);
        expect(operations).toBeLessThan(kinds.length * BUDGET_PER_LEVEL);
      }),
      { numRuns: 60, seed: 5 },
    );
    expect(tried).toBe(60);
  });
});
