import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/program.js';
import type { Finding, LoadError } from '../../src/model/types.js';
import { ACCESS_KEY, type FakeAws, SECRET_KEY, startFakeAws } from './fake-aws.js';
import { smallWorld } from './world.js';

const MANAGEMENT = '999999999999';
const MEMBER = '111111111111';
const LOCKED = '222222222222';
const SUSPENDED = '333333333333';

describe('stackwarden audit --org: every account of the organization, through the fake Organizations and STS', () => {
  let fake: FakeAws;
  let dir: string;
  let code: number;
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  const report = (account: string) =>
    JSON.parse(readFileSync(join(dir, `${account}.json`), 'utf8')) as { findings: Finding[]; errors: LoadError[] };
  beforeAll(async () => {
    fake = await startFakeAws(
      smallWorld({
        account: MANAGEMENT,
        regions: ['us-east-1'],
        denyRegions: [],
        pageSize: 1,
        organization: {
          accounts: [
            { id: MANAGEMENT, name: 'management' },
            // Its audit role's trust policy does not let the management account in.
            { id: LOCKED, name: 'locked', assumeFails: true },
            { id: MEMBER, name: 'workload', world: { functions: [], securityGroups: [] } },
            { id: SUSPENDED, name: 'closing', status: 'SUSPENDED' },
          ],
        },
      }),
    );
    dir = mkdtempSync(join(tmpdir(), 'stackwarden-org-'));
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY });
    delete process.env['AWS_PROFILE'];
    delete process.env['AWS_SESSION_TOKEN'];
    code = await main(
      [
        'audit',
        '--org',
        '--org-role',
        'StackWardenAudit',
        '--endpoint-url',
        fake.endpoint,
        '--region',
        'us-east-1',
        '--as-of',
        '2026-12-01',
      ].concat(['-f', 'json', '--output-dir', dir]),
      { cwd: dir, env: {}, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false, stderrIsTTY: false },
    );
  }, 180_000);
  afterAll(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await fake.close();
  });

  it('lists the accounts over every ListAccounts page and assumes --org-role in each active one, with signed requests', () => {
    expect(fake.stats.badSignatures).toEqual([]);
    expect(fake.stats.operations['ListAccounts']).toBe(4);
    expect(fake.stats.operations['AssumeRole']).toBe(3);
    const assumed = fake.stats.log.filter((l) => l.includes(' AssumeRole '));
    expect(assumed).toHaveLength(3);
    // Requests made with an assumed role's credentials were served as that account (the signature is checked with its secret).
    expect(fake.stats.operations['GetCallerIdentity']).toBeGreaterThanOrEqual(3);
  });

  it('exits 2: one account could not be entered, and the others were still audited', () => {
    expect(code).toBe(2);
    expect(stderr).not.toContain('internal error');
  });

  it('writes one report per account, whose findings all carry that account id', () => {
    for (const account of [MANAGEMENT, MEMBER]) {
      const { findings, errors } = report(account);
      expect(errors).toEqual([]);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.account === account)).toBe(true);
      expect(findings.some((f) => f.ruleId === 's3/mfa-delete' && f.arn === 'arn:aws:s3:::app-data')).toBe(true);
      expect(findings.some((f) => f.arn === `arn:aws:iam::${account}:role/app-handler-role`)).toBe(true);
    }
    // The member's own world has no functions and no groups.
    expect(report(MEMBER).findings.some((f) => f.resourceType === 'AWS::Lambda::Function')).toBe(false);
    expect(report(MANAGEMENT).findings.some((f) => f.resourceType === 'AWS::Lambda::Function')).toBe(true);
    expect(existsSync(join(dir, `${SUSPENDED}.json`))).toBe(false);
  });

  it('the account whose role cannot be assumed is an error entry with the call, the role and the account', () => {
    const { findings, errors } = report(LOCKED);
    expect(findings).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({
        operation: 'sts:AssumeRole',
        file: `arn:aws:iam::${LOCKED}:role/StackWardenAudit`,
        account: LOCKED,
        code: 'AWS_ACCESS_DENIED',
      }),
    ]);
  });

  it('the merged report goes to standard output and covers every account', () => {
    expect(stdout).toContain(`arn:aws:iam::${MANAGEMENT}:role/app-handler-role`);
    expect(stdout).toContain(`arn:aws:iam::${MEMBER}:role/app-handler-role`);
    expect(stdout).toContain('sts:AssumeRole');
  });
});
