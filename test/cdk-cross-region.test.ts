import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/engine/run.js';
import { Graph } from '../src/graph/build.js';
import { loadInputs } from '../src/load/discover.js';
import { AWS_NAMING } from '../src/aws/names.js';
import noOpenIngress from '../src/rules/ec2/no-open-ingress.js';
import replication from '../src/rules/s3/replication.js';
import { stackOf } from './helpers.js';

/**
 * CDK's own shapes (issue "CDK", item 3), on an assembly synthesized with aws-cdk-lib 2.276 by
 * test/fixtures/cross-region/synth.ts: a bucket in eu-west-1 replicating to us-east-1 through the
 * Custom::CrossRegionExportReader/Writer pair (StrongSource → StrongReplica) and through Fn::GetStackOutput
 * (WeakSource → WeakReplica), and a nested stack whose security group takes the parent VPC's CidrBlock as a parameter.
 */
const cwd = fileURLToPath(new URL('..', import.meta.url));
const fixture = 'test/fixtures/cross-region/cdk.out';
const load = () => loadInputs([fixture], { cwd });

describe('cross-region references and nested-stack parameters in a synthesized assembly', () => {
  it('resolves both cross-region shapes to the replica bucket in the producing stack', () => {
    const loaded = load();
    expect(loaded.errors).toEqual([]);
    const graph = new Graph(loaded.stacks, AWS_NAMING);
    for (const [source, replica] of [
      ['StrongSource', 'StrongReplica'],
      ['WeakSource', 'WeakReplica'],
    ] as const) {
      const stack = graph.stacks.find((s) => s.name === source)!;
      const bucket = stack.resources.find((r) => r.type === 'AWS::S3::Bucket')!;
      const destination = graph.get(bucket, 'Properties', 'ReplicationConfiguration', 'Rules', 0, 'Destination', 'Bucket');
      expect(destination).toMatchObject({ kind: 'ref', attribute: 'Arn' });
      const target = (destination as { resource: { stack: { name: string; env: { region: string } }; type: string } }).resource;
      expect([target.stack.name, target.stack.env.region, target.type]).toEqual([replica, 'us-east-1', 'AWS::S3::Bucket']);
    }
  });

  it('s3/replication: both sources replicate to another region, and the replicas are the disaster-recovery copies', () => {
    // Before: the sources got "region unknown" notes and both replicas "no replication configuration" warnings.
    expect(run(load(), { rules: [replication] }).findings).toEqual([]);
  });

  it('ec2/no-open-ingress: the nested stack parameter is the parent VPC CidrBlock, never the world', () => {
    // Before: "allows tcp port 22 from a source not known before deployment (parameter … has no default …)".
    expect(run(load(), { rules: [noOpenIngress] }).findings).toEqual([]);
  });
});

describe('Fn::GetStackOutput and the export reader, by hand', () => {
  const producer = (region: string) =>
    stackOf({
      name: 'Replica',
      env: { account: '111111111111', region },
      template: `Resources:
  Replica:
    Type: AWS::S3::Bucket
    Properties: {VersioningConfiguration: {Status: Enabled}}
Outputs:
  ReplicaArn:
    Value: !GetAtt Replica.Arn
`,
    });
  const consumer = (destination: string) =>
    stackOf({
      name: 'Source',
      env: { account: '111111111111', region: 'eu-west-1' },
      template: `Resources:
  Source:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
      ReplicationConfiguration:
        Role: arn:aws:iam::111111111111:role/r
        Rules:
          - Status: Enabled
            Destination:
              Bucket: ${destination}
`,
    });
  const getStackOutput = (region: string) => `{"Fn::GetStackOutput": {StackName: Replica, OutputName: ReplicaArn, Region: ${region}}}`;
  const findings = (stacks: ReturnType<typeof stackOf>[]) =>
    run({ stacks, errors: [], files: stacks.length }, { rules: [replication] }).findings.map(
      (f) => `${f.stack}/${f.logicalId} ${f.messageId} ${f.range.start.line}:${f.range.start.column}`,
    );

  it('a producer in the same region is a same-region copy (and its replica is still the copy)', () => {
    expect(findings([consumer(getStackOutput('eu-west-1')), producer('eu-west-1')])).toEqual(['Source/Source sameRegion 11:15']);
  });

  it('a producer in another region meets the control', () => {
    expect(findings([consumer(getStackOutput('us-east-1')), producer('us-east-1')])).toEqual([]);
  });

  it('a stack output of a stack outside the input says so', () => {
    expect(findings([consumer(getStackOutput('us-east-1'))])).toEqual(['Source/Source unknownRegion 11:15']);
    const [finding] = run({ stacks: [consumer(getStackOutput('us-east-1'))], errors: [], files: 1 }, { rules: [replication] }).findings;
    expect(finding!.message).toContain(
      "Fn::GetStackOutput reads output 'ReplicaArn' of stack 'Replica' in us-east-1, which is not in this input",
    );
  });
});
