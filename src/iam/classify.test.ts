import { describe, expect, it } from 'vitest';
import { Graph } from '../graph/build.js';
import type { Resolved } from '../graph/query.js';
import { parseYaml } from '../load/yaml.js';
import {
  breadthOf,
  broadActionReason,
  CLASSIFIED_LIMIT,
  classifiedCount,
  classifyAction,
  classifyPattern,
  examplesAt,
  listExamples,
  reaches,
  sensitiveLevels,
} from './classify.js';
import { classifyResource, isUnscoped } from './resource.js';
import { AWS_NAMING } from '../aws/names.js';

/** Resolves each entry of `Values` in a one-resource template, with optional parameters. */
function values(yaml: string, parameters = ''): Resolved[] {
  const text = `${parameters}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Holder:\n    Type: Custom::Holder\n    Properties:\n      Values:\n${yaml}`;
  const template = parseYaml('t.yaml', text);
  const stack = {
    id: 't',
    name: null,
    template,
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
  const graph = new Graph([stack], AWS_NAMING);
  const list = graph.get(graph.stacks[0]!.resourcesById.get('Holder')!, 'Properties', 'Values');
  return list.kind === 'list' ? list.items : [];
}

describe('classifyPattern', () => {
  it('tells *, svc:*, partial and exact apart', () => {
    expect(classifyPattern('*').shape).toBe('all');
    expect(classifyPattern('*:*').shape).toBe('all');
    expect(classifyPattern('s3:*').shape).toBe('service');
    expect(classifyPattern('s3:Get*').shape).toBe('partial');
    expect(classifyPattern('s3:GetObject').shape).toBe('exact');
  });

  it('judges a partial wildcard by what it expands to', () => {
    const read = classifyPattern('s3:GetObject*');
    expect(read.levels).toEqual(['Read']);
    expect(sensitiveLevels(read)).toEqual([]);
    const escalation = classifyPattern('iam:*Policy*');
    expect(reaches(escalation, 'Permissions management')).toBe(true);
    expect(examplesAt(escalation, 'Permissions management', 2)).toMatch(/^iam:\w*Policy, iam:\w*Policy and \d+ more$/);
    expect(sensitiveLevels(classifyPattern('s3:DeleteObject*'))).toEqual(['Tagging', 'Write']);
    expect(classifyPattern('*').levels).toContain('Permissions management');
  });

  it('keeps a bounded cache: ever new patterns do not grow it past its limit, and answers stay right', () => {
    for (let i = 0; i < CLASSIFIED_LIMIT + 50; i++) classifyPattern(`s3:Get${i}*`);
    expect(classifiedCount()).toBeLessThanOrEqual(CLASSIFIED_LIMIT);
    expect(classifiedCount()).toBeGreaterThan(0);
    expect(classifyPattern('s3:GetObject').shape).toBe('exact');
    expect(classifyPattern('s3:Get0*').shape).toBe('partial');
  });

  it('keeps what the catalog does not know as an explicit result', () => {
    const unknown = classifyPattern('s3:Frobnicate*');
    expect(unknown).toMatchObject({ shape: 'partial', levels: [], actions: [] });
    expect(unknown.reason).toContain("no action matching 's3:Frobnicate*'");
    expect(classifyPattern('nosuch:*')).toMatchObject({ shape: 'service', levels: [] });
  });

  it('lists policy actions first, shortest first, deterministically', () => {
    expect(listExamples(['s3:CreateAccessGrant', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl'], 3)).toBe(
      's3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl and 1 more',
    );
  });
});

describe('classifyAction', () => {
  it('reads literals, parameter defaults and both branches', () => {
    const [literal, param, sub] = values(
      "        - s3:Put*\n        - !Ref Act\n        - !Sub '${Svc}:Get*'\n",
      'Parameters:\n  Act:\n    Type: String\n    Default: sqs:*\n  Svc:\n    Type: String\n',
    );
    expect(classifyAction(literal!).shape).toBe('partial');
    expect(classifyAction(param!)).toMatchObject({ shape: 'service', text: 'sqs:*' });
    expect(classifyAction(sub!)).toMatchObject({ shape: 'notKnown', text: '${Svc}:Get*' });
    expect(classifyAction(sub!).reason).toContain("parameter 'Svc' has no default");
  });
});

describe('classifyResource', () => {
  const scope = (yaml: string) => values(`        - ${yaml}\n`).map(classifyResource)[0]!.scope;
  it('finds everything and every-resource-of-a-kind ARNs', () => {
    expect(scope("'*'")).toBe('everything');
    expect(scope('arn:aws:s3:::*')).toBe('broad');
    expect(scope('arn:aws:s3:::*/*')).toBe('broad');
    expect(scope("!Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'")).toBe('broad');
    expect(scope('arn:aws:iam::123456789012:role/*')).toBe('broad');
    expect(scope('arn:aws:*:*:*:*')).toBe('broad');
    expect(scope('arn:aws:sqs:us-east-1:123456789012:*')).toBe('broad');
  });

  it('treats named resources, references and prefixes as scoped', () => {
    expect(scope('arn:aws:s3:::my-bucket/*')).toBe('scoped');
    expect(scope('!GetAtt Bucket.Arn')).toBe('scoped');
    expect(scope("!Join ['', [!GetAtt Bucket.Arn, '/*']]")).toBe('scoped');
    expect(scope("!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'")).toBe('scoped');
    expect(scope('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*')).toBe('scoped');
    expect(scope('arn:aws:dynamodb:us-east-1:123456789012:table/T/index/*')).toBe('scoped');
    expect(scope('arn:aws:sqs:*:*:orders')).toBe('scoped');
  });

  it('says when a resource is not known before deployment', () => {
    const [cls] = values('        - !Ref Missing\n').map(classifyResource);
    expect(cls).toMatchObject({ scope: 'notKnown' });
    expect(isUnscoped(cls!)).toBe(false);
  });
});

describe('breadthOf', () => {
  const kind = (pattern: string, onEveryResource = false) => breadthOf(classifyPattern(pattern), onEveryResource)?.kind;
  it('reports *, svc:* and wildcards that reach Permissions management anywhere', () => {
    expect(kind('*')).toBe('all');
    expect(breadthOf(classifyPattern('s3:*'), false)).toMatchObject({
      kind: 'service',
      service: 's3',
      permissions: expect.stringContaining('s3:PutBucketPolicy'),
    });
    expect(breadthOf(classifyPattern('sqs:*'), false)).toMatchObject({ kind: 'service', permissions: expect.stringContaining('sqs:') });
    expect(kind('s3:Put*')).toBe('permissions');
    expect(kind('s3:PutObject*')).toBe('permissions');
  });

  it('reports Write and Tagging wildcards only on every resource', () => {
    expect(kind('s3:DeleteObject*')).toBeUndefined();
    expect(breadthOf(classifyPattern('s3:DeleteObject*'), true)).toMatchObject({ kind: 'write', levels: ['Tagging', 'Write'] });
  });

  it('never reports exact names or Read/List wildcards', () => {
    for (const pattern of ['s3:PutBucketPolicy', 's3:GetObject*', 's3:GetBucket*', 's3:List*'])
      expect(kind(pattern, true), pattern).toBeUndefined();
  });

  it('says when the catalog matches nothing', () => {
    expect(breadthOf(classifyPattern('s3:Frobnicate*'), false)).toMatchObject({
      kind: 'unmatched',
      reason: expect.stringContaining('no action matching'),
    });
  });
});

describe('broadActionReason', () => {
  it.each([
    ['*', 'every action of every service (*)'],
    ['s3:*', 'every s3 action (s3:*)'],
    ['S3:*', 'every s3 action (S3:*)'],
    ['s3:Put*', 's3:Put*, which reaches permissions management (s3:PutBucketPolicy'],
    ['s3:*Policy*', 's3:*Policy*, which reaches permissions management ('],
    ['s3:PutObject*', 's3:PutObject*, which reaches permissions management (s3:PutObjectAcl'],
  ])('%s is broad', (pattern, reason) => {
    expect(broadActionReason(classifyPattern(pattern))).toContain(reason);
  });

  it.each([
    's3:GetObject',
    's3:PutBucketPolicy',
    's3:GetObject*',
    's3:GetBucket*',
    's3:List*',
    's3:DeleteObject*',
    's3:Abort*',
    'nosuchservice:Put*',
    's3:Frobnicate*',
  ])('%s is not broad', (pattern) => {
    expect(broadActionReason(classifyPattern(pattern))).toBeUndefined();
  });
});

describe('reaches Permissions management', () => {
  it.each([
    ['s3:PutBucketPolicy', true],
    ['*', true],
    ['s3:Put*', true],
    ['s3:GetObject', false],
    ['s3:DeleteObject*', false],
  ] as const)('%s: %s', (pattern, expected) => {
    expect(reaches(classifyPattern(pattern), 'Permissions management')).toBe(expected);
  });
});
