import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../index.js';

describe('examples/prototype-hardened', () => {
  it('scans clean under recommended, apart from the MFA-delete notes no template can settle', () => {
    const { findings, errors } = analyze([join(import.meta.dirname, '../../examples/prototype-hardened/cdk.out')], { asOf: '2026-12-01' });
    expect(errors).toEqual([]);
    expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.logicalId}`).sort()).toEqual([
      's3/mfa-delete note Bucket83908E77',
      's3/mfa-delete note ReplicaBucketB570B599',
    ]);
  });
});
