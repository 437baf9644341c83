import { describe, expect, it } from 'vitest';
import { RULE_ERROR_ID } from '../engine/run.js';
import type { Finding, LoadError } from '../model/types.js';
import { exitCodeOf } from './scan.js';

const finding = (ruleId: string, severity: Finding['severity'], suppressed = false): Finding =>
  ({
    ruleId,
    severity,
    suppressed: suppressed ? { kind: 'inSource', source: 't', justification: 'reviewed by security' } : null,
  }) as Finding;
const loadError: LoadError = { file: 'a.yaml', code: 'PARSE', message: 'bad', line: 1, column: 1 };

describe('exit codes', () => {
  it('is 0 without findings at the threshold, 1 with them, and ignores suppressed findings', () => {
    expect(exitCodeOf({ errors: [], findings: [] }, 'error')).toBe(0);
    expect(exitCodeOf({ errors: [], findings: [finding('s3/versioning', 'warning')] }, 'error')).toBe(0);
    expect(exitCodeOf({ errors: [], findings: [finding('s3/versioning', 'warning')] }, 'warning')).toBe(1);
    expect(exitCodeOf({ errors: [], findings: [finding('s3/tls-only', 'error', true)] }, 'error')).toBe(0);
  });

  it('is 2 when an input could not be loaded or a rule crashed, since the results are incomplete', () => {
    expect(exitCodeOf({ errors: [loadError], findings: [] }, 'none')).toBe(2);
    expect(exitCodeOf({ errors: [], findings: [finding(RULE_ERROR_ID, 'error')] }, 'none')).toBe(2);
  });
});
