import { describe, expect, it } from 'vitest';
import { graphOf, type TesterInput } from '../testing/rule-tester.js';
import type { Graph } from '../graph/build.js';
import { bucketPoliciesOf, policyBucketLabel, resourceCovers } from './s3.js';
import type { Resource } from '../graph/values.js';

function resource(graph: Graph, logicalId: string, stack = 0): Resource {
  const found = graph.stacks[stack]!.resourcesById.get(logicalId);
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
}

const policy = (bucket: string, id = 'Policy') =>
  `  ${id}:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: ${bucket}\n      PolicyDocument:\n        Statement: []\n`;

function policiesOf(input: TesterInput, bucketId = 'Bucket', stack = 0): string[] {
  const graph = graphOf(input);
  return bucketPoliciesOf(graph, resource(graph, bucketId, stack)).map((p) => `${p.stack.id}:${p.logicalId}`);
}

describe('bucketPoliciesOf', () => {
  it('finds a policy through Ref', () => {
    expect(policiesOf({ template: `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${policy('!Ref Bucket')}` })).toEqual([
      'template.yaml:Policy',
    ]);
  });

  it('finds a policy through the literal bucket name', () => {
    const template = `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: my-data\n${policy('my-data')}${policy('other-data', 'Other')}`;
    expect(policiesOf({ template })).toEqual(['template.yaml:Policy']);
  });

  it('finds a policy through an Fn::Sub name built from pseudo parameters in the same stack', () => {
    const template =
      `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::AccountId}-data'\n` +
      policy("!Sub '${AWS::AccountId}-data'") +
      policy("!Sub '${AWS::AccountId}-logs'", 'Other');
    expect(policiesOf({ template })).toEqual(['template.yaml:Policy']);
  });

  it('matches an Fn::Join name with the equivalent Fn::Sub name', () => {
    const template =
      `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Join ['-', [!Ref AWS::StackName, data]]\n` +
      policy("!Sub '${AWS::StackName}-data'");
    expect(policiesOf({ template })).toEqual(['template.yaml:Policy']);
  });

  it('finds a policy in another stack through Fn::ImportValue', () => {
    const input: TesterInput = {
      template: `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\nOutputs:\n  Name:\n    Value: !Ref Bucket\n    Export:\n      Name: DataBucketName\n`,
      stack: { name: 'Data', env: { account: '111111111111', region: 'eu-west-1' } },
      others: [
        {
          template: `Resources:\n${policy('!ImportValue DataBucketName')}`,
          stack: { name: 'Consumer', env: { account: '111111111111', region: 'eu-west-1' } },
        },
      ],
    };
    expect(policiesOf(input)).toEqual(['Consumer:Policy']);
  });

  it('finds a policy in another stack of the assembly through the bucket name', () => {
    const env = { account: '111111111111', region: 'eu-west-1' };
    const input: TesterInput = {
      template: `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::AccountId}-data'\n`,
      stack: { name: 'Data', env },
      others: [{ template: `Resources:\n${policy("!Sub '${AWS::AccountId}-data'")}`, stack: { name: 'Consumer', env } }],
    };
    expect(policiesOf(input)).toEqual(['Consumer:Policy']);
  });

  it('does not tie names built from pseudo parameters across stacks whose environment is unknown', () => {
    const input: TesterInput = {
      template: `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::StackName}-data'\n`,
      others: [{ template: `Resources:\n${policy("!Sub '${AWS::StackName}-data'")}` }],
    };
    expect(policiesOf(input)).toEqual([]);
  });
});

describe('resourceCovers', () => {
  const values = [
    /* 0 */ '!GetAtt Bucket.Arn',
    /* 1 */ "!Join ['', [!GetAtt Bucket.Arn, '/*']]",
    /* 2 */ "!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'",
    /* 3 */ "!Sub '${Bucket.Arn}/*'",
    /* 4 */ 'arn:aws:s3:::my-data',
    /* 5 */ 'arn:aws:s3:::my-data/*',
    /* 6 */ 'arn:aws:s3:::*',
    /* 7 */ "'*'",
    /* 8 */ 'arn:aws:s3:::my-*',
    /* 9 */ 'arn:aws:s3:::my-data/reports/*',
    /* 10 */ 'arn:aws:s3:::other-data/*',
    /* 11 */ "!Sub 'arn:aws:s3:::${Unknown}/*'",
    /* 12 */ '!GetAtt Other.Arn',
    /* 13 */ "!Sub 'arn:${AWS::Partition}:s3:::${Bucket}'",
    /* 14 */ "!Join ['', ['arn:', !Ref AWS::Partition, ':s3:::', !Ref Bucket, '/*']]",
    /* 15 */ 'arn:aws:s3:::*/*',
    /* 16 */ 'arn:aws:s3:::my-dat?',
    /* 17 */ '!GetAtt Bucket.DomainName',
  ];
  const template =
    `Parameters:\n  Unknown:\n    Type: String\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: my-data\n` +
    `  Other:\n    Type: AWS::S3::Bucket\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Values:\n` +
    values.map((v) => `        - ${v}\n`).join('');
  const graph = graphOf({ template });
  const bucket = resource(graph, 'Bucket');
  const covers = (i: number) => resourceCovers(graph, graph.get(resource(graph, 'Probe'), 'Properties', 'Values', i), bucket);

  it.each([
    [0, true, false],
    [1, false, true],
    [2, false, true],
    [3, false, true],
    [4, true, false],
    [5, false, true],
    [6, true, true],
    [7, true, true],
    [8, true, true],
    [9, false, false],
    [10, false, false],
    [11, false, false],
    [12, false, false],
    [13, true, false],
    [14, false, true],
    [15, false, true],
    [16, true, false],
    [17, false, false],
  ])('value %i covers bucket=%s objects=%s', (i, bucketCovered, objectsCovered) => {
    expect(covers(i)).toEqual({ bucket: bucketCovered, objects: objectsCovered });
  });

  it('a list covers what any of its items covers', () => {
    const list = graph.get(resource(graph, 'Probe'), 'Properties', 'Values');
    expect(resourceCovers(graph, list, bucket)).toEqual({ bucket: true, objects: true });
  });

  it('ties a Fn::Sub bucket name to a Fn::Sub ARN with the same pseudo parameters', () => {
    const g = graphOf({
      template:
        `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::AccountId}-data'\n` +
        `  Probe:\n    Type: Test::Probe\n    Properties:\n      Value: !Sub 'arn:\${AWS::Partition}:s3:::\${AWS::AccountId}-data/*'\n`,
    });
    expect(resourceCovers(g, g.get(resource(g, 'Probe'), 'Properties', 'Value'), resource(g, 'Bucket'))).toEqual({
      bucket: false,
      objects: true,
    });
  });

  it('alternatives cover only what every branch covers', () => {
    const g = graphOf({
      template:
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n` +
        `  Probe:\n    Type: Test::Probe\n    Properties:\n      Value: !If [IsProd, !GetAtt Bucket.Arn, 'arn:aws:s3:::*']\n`,
    });
    expect(resourceCovers(g, g.get(resource(g, 'Probe'), 'Properties', 'Value'), resource(g, 'Bucket'))).toEqual({
      bucket: true,
      objects: false,
    });
  });

  it('follows an ARN imported from another stack', () => {
    const g = graphOf({
      template: `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\nOutputs:\n  Arn:\n    Value: !GetAtt Bucket.Arn\n    Export:\n      Name: DataArn\n`,
      others: [
        {
          template: `Resources:\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Value: !Join ['', [!ImportValue DataArn, '/*']]\n`,
        },
      ],
    });
    const probe = g.stacks[1]!.resourcesById.get('Probe')!;
    expect(resourceCovers(g, g.get(probe, 'Properties', 'Value'), resource(g, 'Bucket'))).toEqual({ bucket: false, objects: true });
  });
});

describe('policyBucketLabel', () => {
  it('names the bucket of the input, or the bucket name as written', () => {
    const graph = graphOf({
      template: `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${policy('!Ref Bucket')}${policy("!Sub '${AWS::AccountId}-external'", 'External')}`,
    });
    expect(policyBucketLabel(graph, resource(graph, 'Policy'))).toBe('Bucket');
    expect(policyBucketLabel(graph, resource(graph, 'External'))).toBe('${AWS::AccountId}-external');
  });
});
