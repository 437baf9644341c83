import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../src/audit/run.js';
import { ACCESS_KEY, type FakeAws, SECRET_KEY, startFakeAws } from './fake-aws.js';
import { smallWorld } from './world.js';

describe('stackwarden audit against a fake AWS on 127.0.0.1 (real SDK clients, real wire formats)', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws(smallWorld({ fail503Once: true, throttleRegions: ['eu-west-1'] }));
  });
  afterAll(() => fake.close());

  it('audits the account end to end', async () => {
    const { account, result } = await auditAccount({
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
      endpoint: fake.endpoint,
      regions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
      ruleOptions: { profile: 'recommended', asOf: '2026-12-01', allowedPorts: [80, 443] },
    });
    console.log(
      JSON.stringify(
        {
          account,
          errors: result.errors,
          findings: result.findings.map((f) => [f.ruleId, f.file, f.message, f.stack, f.logicalId, f.pointer]),
        },
        null,
        1,
      ),
    );
    console.log(fake.stats.badSignatures, fake.stats.operations, fake.stats.maxInFlight);
    expect(account).toBe('123456789012');
  });
});
