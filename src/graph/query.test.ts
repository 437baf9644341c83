import { describe, expect, it } from 'vitest';
import { branchWithout } from './query.js';

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
