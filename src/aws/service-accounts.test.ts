import { describe, expect, it } from 'vitest';
import { awsServiceAccount } from './service-accounts.js';

describe('awsServiceAccount', () => {
  it('knows the Elastic Load Balancing log delivery account of each region, with its source', () => {
    expect(awsServiceAccount('127311923021')).toMatchObject({
      region: 'us-east-1',
      label: "AWS's Elastic Load Balancing log delivery account for region us-east-1",
    });
    expect(awsServiceAccount('156460612806')?.region).toBe('eu-west-1');
    expect(awsServiceAccount('127311923021')?.source).toContain('Elastic Load Balancing User Guide');
  });

  it('does not take an arbitrary account for an AWS one', () => {
    expect(awsServiceAccount('111111111111')).toBeUndefined();
    expect(awsServiceAccount('12731192302')).toBeUndefined();
  });
});
