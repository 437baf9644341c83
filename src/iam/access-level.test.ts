import { describe, expect, it } from 'vitest';
import { broadActionReason, expandAction, permissionsManagementReached } from './access-level.js';

const names = (pattern: string) => expandAction(pattern)?.map((a) => a.action).sort();
const levels = (pattern: string) => [...new Set(expandAction(pattern)?.flatMap((a) => a.levels))].sort();

describe('expandAction', () => {
  it('matches one action case-insensitively', () => {
    expect(names('S3:getobject')).toEqual(['s3:GetObject']);
  });

  it('expands a wildcard over the catalog', () => {
    const puts = names('s3:PutObject*')!;
    expect(puts).toContain('s3:PutObjectAcl');
    expect(puts).toContain('s3:PutObjectTagging');
    expect(puts.every((a) => a.startsWith('s3:PutObject'))).toBe(true);
  });

  it('classifies access levels from the catalog', () => {
    expect(levels('s3:GetObject*')).not.toContain('Permissions management');
    expect(levels('s3:*Policy*')).toContain('Permissions management');
    expect(levels('s3:Put*')).toContain('Permissions management');
    expect(levels('s3:DeleteObject*')).not.toContain('Permissions management');
  });

  it('is undefined for unknown services and malformed patterns', () => {
    expect(expandAction('nosuchservice:Get*')).toBeUndefined();
    expect(expandAction('../../etc/passwd:x')).toBeUndefined();
    expect(expandAction('*')).toBeUndefined();
  });

  it('is empty when nothing matches', () => {
    expect(expandAction('s3:NoSuchAction')).toEqual([]);
  });
});

describe('broadActionReason', () => {
  it.each([
    ['*', 'every action of every service (*)'],
    ['s3:*', 'every s3 action (s3:*)'],
    ['S3:*', 'every s3 action (S3:*)'],
    ['s3:Put*', 's3:Put*, which reaches permissions management (s3:Put'],
    ['s3:*Policy*', 's3:*Policy*, which reaches permissions management ('],
    ['s3:PutObject*', 's3:PutObject*, which reaches permissions management (s3:PutObjectAcl'],
  ])('%s is broad', (pattern, reason) => {
    expect(broadActionReason(pattern)).toContain(reason);
  });

  it.each(['s3:GetObject', 's3:PutBucketPolicy', 's3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*', 'nosuchservice:Put*'])(
    '%s is not broad',
    (pattern) => {
      expect(broadActionReason(pattern)).toBeUndefined();
    },
  );
});

describe('permissionsManagementReached', () => {
  it('lists what a pattern reaches', () => {
    expect(permissionsManagementReached('s3:PutBucketPolicy')).toEqual(['s3:PutBucketPolicy']);
    expect(permissionsManagementReached('*')).toEqual(['*']);
    expect(permissionsManagementReached('s3:GetObject')).toEqual([]);
  });
});
