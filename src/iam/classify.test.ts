import { describe, expect, it } from 'vitest';
import { Graph } from '../graph/build.js';
import type { Resolved } from '../graph/query.js';
import { parseYaml } from '../load/yaml.js';
import { classifyAction, classifyPattern, examplesAt, listExamples, reaches, sensitiveLevels } from './classify.js';
import { classifyResource, isUnscoped } from './resource.js';

/** Resolves each entry of `Values` in a one-resource template, with optional parameters. */
function values(yaml: string, parameters = ''): Resolved[] {
  const text = `${parameters}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Holder:\n    Type: Custom::Holder\n    Properties:\n      Values:\n${yaml}`;
  const template = parseYaml('t.yaml', text);
  const stack = { id: 't', name: null, template, env: { account: null, region: null }, terminationProtection: null, declaredAt: null, constructPath: null, constructPaths: new Map(), nestedIn: null };
  const graph = new Graph([stack]);
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
    const [literal, param, sub] = values("        - s3:Put*\n        - !Ref Act\n        - !Sub '${Svc}:Get*'\n", 'Parameters:\n  Act:\n    Type: String\n    Default: sqs:*\n  Svc:\n    Type: String\n');
    expect(classifyAction(literal!).shape).toBe('partial');
    expect(classifyAction(param!)).toMatchObject({ shape: 'service', text: 'sqs:*' });
    expect(classifyAction(sub!)).toMatchObject({ shape: 'notKnown', text: '${?}:Get*' });
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
