import { describe, expect, it } from 'vitest';
import type { NodeRef, Resolved } from './values.js';
import { alternatives, describeHole, MAX_ALTERNATIVES, renderText } from './values.js';

const at = { stack: {}, pointer: '', value: null } as unknown as NodeRef;
const literal = (value: string): Resolved => ({ kind: 'literal', value, at });
const oneOf = (condition: string, options: Resolved[]): Resolved => ({
  kind: 'oneOf',
  at,
  options: options.map((value, i) => ({ when: [{ condition: `${condition}[${i}]`, holds: true }], value })),
});

describe('alternatives', () => {
  it('flattens nested alternatives with the branches that lead to each', () => {
    const value = oneOf('A', [literal('x'), oneOf('B', [literal('y'), literal('z')])]);
    expect(alternatives(value).map((a) => [a.when.map((b) => b.condition).join('+'), (a.value as { value: string }).value])).toEqual([
      ['A[0]', 'x'],
      ['A[1]+B[0]', 'y'],
      ['A[1]+B[1]', 'z'],
    ]);
  });

  it(`stops at ${MAX_ALTERNATIVES}: the rest become one unknown with a reason`, () => {
    const wide = (n: string) =>
      oneOf(
        n,
        Array.from({ length: 20 }, (_, i) => literal(`${n}${i}`)),
      );
    const value = oneOf('Outer', [wide('a'), wide('b'), wide('c')]);
    const alts = alternatives(value);
    expect(alts).toHaveLength(MAX_ALTERNATIVES);
    expect(alts.at(-1)!.value).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('too many alternatives (more than 32') });
  });
});

describe('describeHole', () => {
  it('names a parameter chosen at deployment as Fn::Sub writes it, and leaves other unknowns as ${?}', () => {
    const param: Resolved = { kind: 'unknown', at, reason: "parameter 'Env' has no default", parameter: 'Env' };
    const other: Resolved = { kind: 'unknown', at, reason: 'an Fn::ImportValue' };
    expect(describeHole(param)).toBe('${Env}');
    expect(describeHole(other)).toBe('${?}');
    expect(renderText({ kind: 'text', at, parts: ['arn:aws:s3:::', param, '-logs'] })).toBe('arn:aws:s3:::${Env}-logs');
  });
});
