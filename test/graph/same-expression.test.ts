import { describe, expect, it } from 'vitest';
import { resourceCovers } from '../../src/aws/s3.js';
import { run } from '../../src/engine/run.js';
import tlsOnly from '../../src/rules/s3/tls-only.js';
import { graphOf, stackOf } from '../helpers.js';

/**
 * Issue "precision", item 2: two values that are the same expression over the same unknowns denote the same name.
 * A bucket and its policy both named `!Sub "${Env}-logs"` (Env has no default) are linked, within one stack.
 */
const template = (bucketOfPolicy: string, resource: string, name = '!Sub "${Env}-logs"') => `Parameters:
  Env: {Type: String}
  Other: {Type: String}
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: ${name}
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: ${bucketOfPolicy}
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: ${resource}
            Condition: {Bool: {aws:SecureTransport: "false"}}
`;
const bothArns = '[!Sub "arn:${AWS::Partition}:s3:::${Env}-logs", !Sub "arn:${AWS::Partition}:s3:::${Env}-logs/*"]';

function linked(yaml: string): string[] {
  const graph = graphOf(yaml);
  const bucket = graph.stacks[0]!.resourcesById.get('Logs')!;
  return graph.referencing(bucket, 'AWS::S3::BucketPolicy', 'Bucket').map((r) => r.logicalId);
}

describe('the same expression over the same unknowns is the same name', () => {
  it('links a bucket policy to the bucket whose BucketName is the same Fn::Sub', () => {
    expect(linked(template('!Sub "${Env}-logs"', bothArns))).toEqual(['LogsPolicy']);
  });

  it('links through Fn::Join written differently but rendering the same', () => {
    expect(linked(template(`!Join ['', [!Ref Env, '-logs']]`, bothArns))).toEqual(['LogsPolicy']);
  });

  it('links a lone parameter with no default used for both', () => {
    expect(linked(template('!Ref Env', bothArns, '!Ref Env'))).toEqual(['LogsPolicy']);
  });

  it('does not link another parameter, or other text', () => {
    expect(linked(template('!Sub "${Other}-logs"', bothArns))).toEqual([]);
    expect(linked(template('!Sub "${Env}-log"', bothArns))).toEqual([]);
  });

  it('does not link across stacks: the same parameter name in two stacks is two values', () => {
    const graph = graphOf(
      { name: 'A', template: template('!Sub "${Env}-other"', bothArns) },
      {
        name: 'B',
        template: template('!Sub "${Env}-logs"', bothArns).replace(
          '  Logs:\n    Type: AWS::S3::Bucket',
          '  Elsewhere:\n    Type: AWS::S3::Bucket',
        ),
      },
    );
    const bucket = graph.stacks[0]!.resourcesById.get('Logs')!;
    expect(graph.referencing(bucket, 'AWS::S3::BucketPolicy', 'Bucket').map((r) => `${r.stack.id}:${r.logicalId}`)).toEqual([]);
  });

  it('resourceCovers matches the bucket ARN and its objects written with the same unknown', () => {
    const graph = graphOf(template('!Sub "${Env}-logs"', bothArns));
    const [bucket, policy] = ['Logs', 'LogsPolicy'].map((id) => graph.stacks[0]!.resourcesById.get(id)!);
    const resource = graph.get(policy!, 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource');
    expect(resourceCovers(graph, resource, bucket!)).toEqual({ bucket: true, objects: true });
    const other = graphOf(template('!Sub "${Env}-logs"', '[!Sub "arn:aws:s3:::${Other}-logs", !Sub "arn:aws:s3:::${Other}-logs/*"]'));
    const [b2, p2] = ['Logs', 'LogsPolicy'].map((id) => other.stacks[0]!.resourcesById.get(id)!);
    expect(resourceCovers(other, other.get(p2!, 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'), b2!)).toEqual({
      bucket: false,
      objects: false,
    });
  });

  it('s3/tls-only: the bucket has its TLS-only policy (no "missing" finding)', () => {
    const findings = run(
      { stacks: [stackOf(template('!Sub "${Env}-logs"', bothArns))], errors: [], files: 1 },
      { rules: [tlsOnly], asOf: '2026-12-01' },
    ).findings;
    expect(findings.map((f) => f.messageId)).toEqual([]);
  });
});
