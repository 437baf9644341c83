import { describe, expect, it } from 'vitest';
import { parseYaml } from '../load/yaml.js';
import { Graph } from './build.js';
import { nagText } from './detail.js';
import { AWS_NAMING } from '../aws/names.js';

/** Resolves `Resources.R.Properties.V` of a one-resource template in a stack whose region is known. */
function resolvedOf(yaml: string) {
  const template = parseYaml(
    't.yaml',
    `Parameters:\n  Env:\n    Type: String\n    Default: prod\nResources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      V: ${yaml}\n  Bucket:\n    Type: AWS::S3::Bucket\n`,
  );
  const graph = new Graph(
    [
      {
        id: 's',
        name: 's',
        template,
        env: { account: '111111111111', region: 'eu-west-1' },
        terminationProtection: null,
        declaredAt: null,
        constructPath: null,
        constructPaths: new Map(),
        nestedIn: null,
      },
    ],
    AWS_NAMING,
  );
  const resource = graph.stacks[0]!.resourcesById.get('R')!;
  return graph.get(resource, 'Properties', 'V');
}

describe('nagText (cdk-nag granular finding text)', () => {
  it.each([
    ["'*'", '*'],
    ["'s3:*'", 's3:*'],
    ['!Ref Bucket', '<Bucket>'],
    ['!GetAtt Bucket.Arn', '<Bucket.Arn>'],
    ['{ "Fn::GetAtt": [Bucket, Arn] }', '<Bucket.Arn>'],
    ["!Sub '${Bucket.Arn}/*'", '<Bucket.Arn>/*'],
    ["!Sub ['${B}/*', { B: !GetAtt Bucket.Arn }]", '<B>/*'],
    // Written as the CDK writes it: the partition stays a hole even though the region is known.
    [
      "!Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']]",
      'arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ],
    ["!Join ['', [!GetAtt Bucket.Arn, '/*']]", '<Bucket.Arn>/*'],
    // A parameter is not replaced by its default: cdk-nag shows the reference.
    ["!Sub 'logs-${Env}'", 'logs-<Env>'],
    ['!ImportValue SharedBucketArn', 'SharedBucketArn'],
    ['{ "Fn::If": [C, a, b] }', '{"Fn::If":["C","a","b"]}'],
  ])('%s → %s', (yaml, expected) => {
    expect(nagText(resolvedOf(yaml))).toBe(expected);
  });
});
