import { describe, expect, it } from 'vitest';
import type { RunResult } from '../engine/run.js';
import { everyFinding } from '../model/types.js';
import { exampleResult } from '../../test/support/examples.js';
import { controlStatuses, outcomesOf, outcomeState } from './outcomes.js';

describe('outcomes', () => {
  const result = exampleResult('cdk');

  it('gives every check an outcome and every finding a place', () => {
    const outcomes = outcomesOf(result);
    expect(outcomes).toHaveLength(result.checks!.length);
    expect(outcomes.flatMap((o) => o.findings).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))).toEqual(
      everyFinding(result.findings).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
    );
    // A finding carried as another's related information still fails its own check.
    const carried = result.findings.find((f) => f.related)!.related![0]!;
    const own = outcomes.find((o) => o.ruleId === carried.ruleId && o.logicalId === carried.logicalId)!;
    expect([own.checked, outcomeState(own)]).toEqual([true, 'fail']);
    // Termination protection points into manifest.json but belongs to its stack's check.
    const tp = outcomes.filter((o) => o.ruleId === 'cfn/termination-protection');
    expect(tp.map((o) => [o.suite, outcomeState(o)])).toEqual([
      ['PrototypeDataStack', 'fail'],
      ['PrototypeStack', 'fail'],
    ]);
  });

  it('keeps a finding on a subject that was not checked as an outcome of its own', () => {
    const stray = { ...result.findings[0]!, logicalId: 'SomethingElse' };
    const outcomes = outcomesOf({ ...result, findings: [...result.findings, stray] });
    expect(outcomes).toHaveLength(result.checks!.length + 1);
    expect(outcomes.at(-1)).toMatchObject({ logicalId: 'SomethingElse', checked: false, findings: [stray] });
  });

  it('works from findings alone when a result has no checks', () => {
    const bare: RunResult = { ...result, checks: undefined };
    const outcomes = outcomesOf(bare);
    expect(outcomes.every((o) => !o.checked && o.findings.length > 0)).toBe(true);
    expect(outcomes.flatMap((o) => o.findings)).toHaveLength(everyFinding(result.findings).length);
  });

  it('counts passes, failures and suppressed checks per control', () => {
    // Pinned: S3-1 checked by one rule only, S3-3 by none.
    const result = exampleResult('cdk', ['s3/block-public-access', 'cfn/termination-protection']);
    const bucket = result.findings.find((f) => f.ruleId === 's3/block-public-access')!;
    const fixed = controlStatuses({ ...result, findings: result.findings.filter((f) => f !== bucket) });
    expect(fixed.find((c) => c.control === 'S3-1')).toMatchObject({ passed: 1, failed: 1, status: 'fail', rules: 1 });
    const suppressed = controlStatuses({
      ...result,
      findings: result.findings.map((f) =>
        f.ruleId === 's3/block-public-access'
          ? { ...f, suppressed: { kind: 'external', source: 'file', justification: 'accepted risk' } }
          : f,
      ),
    });
    expect(suppressed.find((c) => c.control === 'S3-1')).toMatchObject({
      passed: 0,
      failed: 0,
      suppressedChecks: 2,
      status: 'pass',
      suppressed: 2,
      findings: 0,
    });
    expect(suppressed.find((c) => c.control === 'S3-3')).toMatchObject({ status: 'unchecked', rules: 0 });
  });
});
