import { describe, expect, it } from 'vitest';
import { stackOf } from '../../test/helpers.js';
import { Graph } from './build.js';
import { samGlobals } from '../aws/sam.js';
import { nodeWithin } from './query.js';
import { AWS_NAMING } from '../aws/names.js';

const stack = (id: string, template: string) => stackOf({ template, name: id, file: `${id}.yaml` });

const graph = new Graph(
  [
    stack(
      'a',
      `Globals:\n  Function:\n    Runtime: python3.13\nMappings:\n  M:\n    k:\n      v: x\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: !FindInMap [M, k, v]\n      Runtime: !Ref AWS::NoValue\n`,
    ),
    stack('b', 'Resources:\n  Named:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: dr-copy\n'),
  ],
  AWS_NAMING,
);
const fn = graph.stacks[0]!.resourcesById.get('Fn')!;

describe('samGlobals', () => {
  it('reads a Globals section as a node, and nothing when there is none', () => {
    const globals = samGlobals(fn.stack, 'Function');
    expect(globals?.pointer).toBe('/Globals/Function');
    expect(graph.get(globals!, 'Runtime')).toMatchObject({ kind: 'literal', value: 'python3.13' });
    expect(samGlobals(fn.stack, 'Api')).toBeUndefined();
    expect(samGlobals(graph.stacks[1]!, 'Function')).toBeUndefined();
  });
});

describe('nodeWithin', () => {
  it('prefers a candidate inside the resource, else falls back to the given path', () => {
    const handler = graph.get(fn, 'Properties', 'Handler');
    expect(handler.at.pointer).toBe('/Mappings/M/k/v');
    expect(nodeWithin(fn, [handler], ['Properties', 'Handler']).pointer).toBe('/Resources/Fn/Properties/Handler');
    expect(nodeWithin(fn, [handler]).pointer).toBe('/Resources/Fn');
    const runtime = graph.get(fn, 'Properties', 'Runtime');
    expect(nodeWithin(fn, [handler, runtime]).pointer).toBe('/Resources/Fn/Properties/Runtime');
    expect(nodeWithin(fn, [{ stack: fn.stack, pointer: '/Resources/Fn/Properties/X', value: undefined }]).pointer).toBe(
      '/Resources/Fn/Properties/X',
    );
  });
});

describe('Graph.resourceNamed', () => {
  it('finds a bucket of another stack by its ARN or name', () => {
    const named = graph.stacks[1]!.resourcesById.get('Named');
    expect(graph.resourceNamed('arn:aws:s3:::dr-copy')).toBe(named);
    expect(graph.resourceNamed('arn:\u0000:s3:::dr-copy')).toBe(named);
    expect(graph.resourceNamed('dr-copy')).toBe(named);
    expect(graph.resourceNamed('arn:aws:s3:::other')).toBeUndefined();
  });
});
