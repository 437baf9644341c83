import { describe, expect, it } from 'vitest';
import { graphOf } from '../testing/rule-tester.js';
import { branchWithout, limitedList, renderList, whyUnknown } from './query.js';

const b = (condition: string, holds: boolean) => ({ condition, holds });

describe('branchWithout', () => {
  it('is null when something holds unconditionally', () => {
    expect(branchWithout([[b('A', true)], []])).toBeNull();
  });

  it('is the empty assignment when nothing is listed', () => {
    expect(branchWithout([])).toEqual([]);
  });

  it('finds the branch the single alternative leaves out', () => {
    expect(branchWithout([[b('A', true)]])).toEqual([b('A', false)]);
  });

  it('is null when both branches of a condition are covered', () => {
    expect(branchWithout([[b('A', true)], [b('A', false)]])).toBeNull();
  });

  it('finds the uncovered combination of two conditions', () => {
    expect(branchWithout([[b('A', true)], [b('A', false), b('B', true)]])).toEqual([b('A', false), b('B', false)]);
  });

  it('ignores assignments that contradict what is given', () => {
    expect(branchWithout([[b('A', true)]], [b('A', true)])).toBeNull();
    expect(branchWithout([[b('A', true)]], [b('A', false)])).toEqual([]);
  });
});

describe('whyUnknown and renderList', () => {
  const graph = graphOf({
    template:
      `Parameters:\n  P:\n    Type: String\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Probe:\n    Type: Test::Probe\n    Properties:\n` +
      `      Values: [!Ref P, !GetAtt Bucket.Arn, !Ref AWS::StackId, { a: 1 }, a, b, c, a, !Sub 'python\${P}', !Sub '\${AWS::Region}-x']\n`,
  });
  const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
  const value = (i: number) => graph.get(probe, 'Properties', 'Values', i);

  it('explains values that are not literals', () => {
    expect(whyUnknown(value(0))).toBe("parameter 'P' has no default: its value is chosen at deployment");
    expect(whyUnknown(value(1))).toBe("it is a reference to 'Bucket'");
    expect(whyUnknown(value(2))).toBe('it is AWS::StackId, known only at deployment');
    expect(whyUnknown(value(3))).toBe('it is an object');
    // A string with holes names what it reads as and why the hole is not known, not "it is a text".
    expect(whyUnknown(value(8))).toBe("it is 'python${P}', and parameter 'P' has no default: its value is chosen at deployment");
    expect(whyUnknown(value(9))).toBe("it is '${AWS::Region}-x', and it is AWS::Region, known only at deployment");
  });

  it('renders a short list without repeats', () => {
    expect(renderList([4, 5, 7].map(value))).toBe('a, b');
    expect(renderList([1, 4, 5, 6].map(value))).toBe('${Bucket.Arn}, a, b and 1 more');
  });
});

describe('limitedList', () => {
  it('keeps the first distinct texts and counts the rest', () => {
    expect(limitedList([])).toBe('');
    expect(limitedList(['a', 'b', 'a', 'c'])).toBe('a, b, c');
    expect(limitedList(['a', 'b', 'c', 'd', 'e'], 2)).toBe('a, b and 3 more');
  });
});
