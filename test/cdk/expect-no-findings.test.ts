// The unit-test helper, as docs/cdk.md shows it (there it is imported from 'stackwarden/cdk').
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoFindings, findingsOf, StackWardenFindingsError } from '../../src/cdk/index.js';
import { ACCOUNT, HardenedStack, newApp, prototypeApp } from './apps.js';

beforeAll(() => {
  process.env['CDK_VALIDATION'] = 'false';
});

describe('expectNoFindings', () => {
  // docs/cdk.md: "A unit test for a stack"
  it('passes for a stack that follows the guidance', () => {
    const app = newApp();
    const stack = new HardenedStack(app, 'Hardened', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expectNoFindings(stack, { atOrAbove: 'error', config: false });
  });

  it('fails with readable findings: rule, controls, construct path, message, source line and fix', () => {
    const { stack } = prototypeApp();
    let error: unknown;
    try {
      expectNoFindings(stack, { atOrAbove: 'error', config: false, asOf: '2026-06-01' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StackWardenFindingsError);
    const { message, findings } = error as StackWardenFindingsError;
    expect(message).toMatch(/^StackWarden: \d+ findings at or above 'error' in PrototypeStack:/);
    expect(message).toContain('error   s3/tls-only [S3-4] PrototypeStack/Bucket/Resource');
    expect(message).toContain('source: examples/prototype/app.ts:28:20');
    expect(message).toMatch(/fix: .*enforceSSL/);
    // Only this stack's findings: PrototypeDataStack's replica bucket is not in it.
    expect(findings.every((f) => f.stack === 'PrototypeStack')).toBe(true);
  });

  it('sees warnings with atOrAbove: warning; findingsOf returns them all', () => {
    const app = newApp();
    const stack = new HardenedStack(app, 'Hardened', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(() => expectNoFindings(stack, { atOrAbove: 'warning', config: false })).toThrow(/s3\/replication/);
    expect(
      findingsOf(stack, { config: false })
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(['s3/mfa-delete', 's3/replication']);
  });
});
