import { describe, expect, it } from 'vitest';
import { actionInfo, catalogStats, catalogVersion, expandAction, hasService, matchesWildcard } from './catalog.js';

const names = (pattern: string): string[] => {
  const e = expandAction(pattern);
  return e.kind === 'actions' ? e.actions.map((a) => a.action) : [];
};

describe('IAM action catalog', () => {
  it('loads only the services it is asked about', () => {
    expect(actionInfo('s3:GetObject')?.name).toBe('GetObject');
    const { services } = catalogStats();
    expect(services).toContain('s3');
    expect(services).not.toContain('ec2');
    expect(catalogVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('expands a partial wildcard to the matching actions, case-insensitively', () => {
    const getObject = names('s3:GetObject*');
    expect(getObject).toContain('s3:GetObject');
    expect(getObject).toContain('s3:GetObjectTagging');
    expect(getObject.every((a) => a.startsWith('s3:GetObject'))).toBe(true);
    expect(names('S3:getobject*')).toEqual(getObject);
    expect(names('s3:GetObjec?')).toEqual(['s3:GetObject']);
    // Regular-expression characters are literal: only * and ? are wildcards.
    expect(expandAction('s3:Get.bject').kind).toBe('unknown');
  });

  it('reports access levels, with combined levels kept and the most sensitive as headline', () => {
    expect(actionInfo('s3:GetObject')?.accessLevel).toBe('Read');
    expect(actionInfo('s3:ListAllMyBuckets')?.accessLevel).toBe('List');
    expect(actionInfo('s3:PutObject')?.accessLevel).toBe('Write');
    const policy = actionInfo('s3:PutBucketPolicy');
    expect(policy?.accessLevel).toBe('Permissions management');
    expect(policy?.levels).toEqual(['Write', 'Permissions management']);
    expect(actionInfo('s3:PutObjectTagging')?.levels).toContain('Tagging');
    const policies = expandAction('iam:*Policy*');
    const reached = new Set(policies.kind === 'actions' ? policies.actions.flatMap((a) => a.levels) : []);
    expect(reached.has('Permissions management')).toBe(true);
    expect(reached.has('Read')).toBe(true);
  });

  it('says which actions support resource-level permissions', () => {
    expect(actionInfo('s3:ListAllMyBuckets')?.resourceLevel).toBe('none');
    expect(actionInfo('logs:DescribeLogGroups')?.resourceLevel).toBe('none');
    expect(actionInfo('logs:PutLogEvents')?.resourceLevel).toBe('required');
    // Two alternative resource types (object or access-point object), neither marked required in the data.
    expect(actionInfo('s3:GetObject')?.resourceLevel).toBe('required');
    expect(actionInfo('cloudwatch:PutMetricData')?.resourceLevel).toBe('optional');
  });

  it('treats * and *:* as every action without loading every service', () => {
    const before = catalogStats().services.length;
    expect(expandAction('*').kind).toBe('all');
    expect(expandAction('*:*').kind).toBe('all');
    expect(catalogStats().services.length).toBe(before);
  });

  it('returns unknown services, actions and malformed patterns as results', () => {
    expect(expandAction('nosuchservice:Get*')).toMatchObject({ kind: 'unknown', reason: 'service' });
    expect(expandAction('s3:NoSuchAction')).toMatchObject({ kind: 'unknown', reason: 'action' });
    expect(expandAction('GetObject')).toMatchObject({ kind: 'unknown', reason: 'malformed' });
    expect(expandAction('../../package:x')).toMatchObject({ kind: 'unknown', reason: 'service' });
    expect(actionInfo('s3:Get*')).toBeUndefined();
    expect(hasService('S3')).toBe(true);
    expect(hasService('nosuchservice')).toBe(false);
  });

  it('matches service prefixes with wildcards too', () => {
    const both = names('s?s:SendMessage');
    expect(both).toContain('sqs:SendMessage');
  });

  it('globs match whole strings', () => {
    expect(matchesWildcard('a*c', 'abbc')).toBe(true);
    expect(matchesWildcard('a*c', 'abbcd')).toBe(false);
    expect(matchesWildcard('a?c', 'ac')).toBe(false);
    expect(matchesWildcard('a?c', 'abc')).toBe(true);
    expect(matchesWildcard('GET*', 'getObject')).toBe(true);
    expect(matchesWildcard('*a*', 'xyz')).toBe(false);
    expect(matchesWildcard('**', '')).toBe(true);
    expect(matchesWildcard('a.c', 'abc')).toBe(false);
  });

  it('expands a hostile pattern in linear time (no regular-expression backtracking)', () => {
    // `*?` repeated made the old RegExp backtrack exponentially: 7 pairs took seconds, 8 about half a minute.
    const started = performance.now();
    expect(expandAction(`s3:${'*?'.repeat(7)}*Z`).kind).toBe('unknown');
    expect(expandAction(`s3*:${'*?'.repeat(7)}*Object`).kind).toBe('actions');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
