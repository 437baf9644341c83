import { describe, expect, it } from 'vitest';
import { graphOf } from '../testing/rule-tester.js';
import { conditionParameters } from './params.js';

const yaml = `Parameters:
  Name: {Type: String, Default: "", AllowedPattern: '[a-z]*', MinLength: 2, MaxLength: "5"}
  Pick: {Type: String, AllowedValues: [a, 1, true]}
  Plain: {Type: String}
Conditions:
  HasName: !Not [!Equals [!Ref Name, ""]]
  Both: !And [!Condition HasName, !Equals [!Ref Pick, a], !Equals [!Ref AWS::Region, x]]
  Loop: !And [!Condition Loop, !Equals [!Ref Plain, b]]
Resources:
  R:
    Type: Test::Thing
    Properties: {A: !Ref Name, B: !Ref Pick, C: !Ref Plain, D: literal}
`;

describe('parameter constraints', () => {
  const graph = graphOf({ template: yaml });
  const r = graph.stacks[0]!.resourcesById.get('R')!;
  const of = (p: string) => graph.parameterOf(graph.get(r, 'Properties', p));

  it('reads AllowedPattern (matched as a whole), MinLength and MaxLength', () => {
    const name = of('A')!;
    expect(name).toMatchObject({ name: 'Name', allowedPattern: '[a-z]*', minLength: 2, maxLength: 5 });
    expect(['ab', 'abcde', 'a', 'abcdef', 'ab1', '1ab'].map((v) => name.admits(v))).toEqual([true, true, false, false, false, false]);
  });

  it('reads AllowedValues as strings, for a parameter with no default too', () => {
    const pick = of('B')!;
    expect(pick.allowedValues).toEqual(['a', '1', 'true']);
    expect([pick.admits('a'), pick.admits('b')]).toEqual([true, false]);
    expect(of('C')!.admits('anything')).toBe(true);
  });

  it('gives up on a pattern that backtracks without end (it decides nothing) instead of hanging the scan', () => {
    // `(a+)+$` takes about 14 s on this value with a plain RegExp test on this machine.
    const hostile = graphOf({
      template: `Parameters:\n  Cidr: {Type: String, AllowedPattern: '(a+)+$'}\nResources:\n  R:\n    Type: Test::Thing\n    Properties: {A: !Ref Cidr}\n`,
    });
    const resource = hostile.stacks[0]!.resourcesById.get('R')!;
    const cidr = hostile.parameterOf(hostile.get(resource, 'Properties', 'A'))!;
    const started = Date.now();
    expect(cidr.admits(`${'a'.repeat(28)}!`)).toBe(true);
    // Once out of time, the pattern is not run again: later values are undecided at once.
    expect(cidr.admits(`${'a'.repeat(29)}!`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cidr.admits('aaa')).toBe(true);
  });

  it('is undefined for a value that is no parameter', () => {
    expect(of('D')).toBeUndefined();
  });

  it('conditionParameters follows Condition references, once each', () => {
    const stack = graph.stacks[0]!;
    expect(conditionParameters(stack, 'Both')).toEqual(['Name', 'Pick']);
    expect(conditionParameters(stack, 'Loop')).toEqual(['Plain']);
    expect(conditionParameters(stack, 'Missing')).toEqual([]);
  });
});
