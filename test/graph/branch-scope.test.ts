import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run.js';
import { alternatives } from '../../src/graph/values.js';
import noWildcardResources from '../../src/rules/iam/no-wildcard-resources.js';
import { graphOf, shape, stackOf } from '../helpers.js';

/**
 * Issue "precision", item 1: a value on one branch of `Fn::If` is read under the parameter values that make the
 * branch's condition go that way. A default that contradicts the branch does not apply there.
 */
const template = (statement: string, extra = '') => `Parameters:
  BucketName:
    Type: String
    Default: ""
  Env:
    Type: String
    Default: dev
  Other:
    Type: String
    Default: ""
Conditions:
  HasBucket: !Not [!Equals [!Ref BucketName, ""]]
  NoBucket: !Equals [!Ref BucketName, ""]
  IsDev: !Equals [!Ref Env, dev]
  Both: !And [!Condition HasBucket, !Not [!Equals [!Ref Other, ""]]]
  Either: !Or [!Not [!Equals [!Ref BucketName, ""]], !Not [!Equals [!Ref Other, ""]]]
Resources:
${extra}  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [r]
      PolicyDocument:
        Statement:
          - !If
            - ${statement}
            - Effect: Allow
              Action: s3:GetObject
              Resource: !Sub arn:aws:s3:::\${BucketName}/*
            - !Ref AWS::NoValue
`;

function resourceOfStatement(yaml: string) {
  const graph = graphOf(yaml);
  const policy = graph.stacks[0]!.resourcesById.get('Policy')!;
  const statements = graph.get(policy, 'Properties', 'PolicyDocument', 'Statement');
  expect(statements.kind).toBe('list');
  const first = (statements as { items: import('../../src/graph/values.js').Resolved[] }).items[0]!;
  return alternatives(first).map((a) => ({ when: a.when, value: shape(graph.get(a.value, 'Resource')) }));
}

describe('branches are read under the parameter values that make them hold', () => {
  it('HasBucket is true: BucketName cannot be its default "", so the ARN has a hole with the reason', () => {
    const [onTrue] = resourceOfStatement(template('HasBucket'));
    expect(onTrue!.when).toEqual([{ condition: 'HasBucket', holds: true }]);
    expect(onTrue!.value).toEqual({
      text: [
        'arn:aws:s3:::',
        {
          unknown:
            "parameter 'BucketName' cannot have its default '' where condition HasBucket is true, so its value there is chosen at deployment",
        },
        '/*',
      ],
    });
  });

  it('a branch that agrees with the default keeps it (the default "" makes NoBucket true)', () => {
    // The statement is on the true branch of NoBucket: the default "" makes NoBucket true, so it applies.
    const [onTrue] = resourceOfStatement(template('NoBucket'));
    expect(onTrue!.value).toBe('arn:aws:s3:::/*');
  });

  it('a condition over another parameter does not touch BucketName', () => {
    const [onTrue] = resourceOfStatement(template('IsDev'));
    expect(onTrue!.value).toBe('arn:aws:s3:::/*');
  });

  it('Fn::And: each parameter whose default alone contradicts the branch is excluded', () => {
    const [onTrue] = resourceOfStatement(template('Both'));
    expect(JSON.stringify(onTrue!.value)).toContain("parameter 'BucketName' cannot have its default ''");
  });

  it('Fn::Or: when only both defaults together contradict, neither default is trusted', () => {
    const [onTrue] = resourceOfStatement(template('Either'));
    expect(JSON.stringify(onTrue!.value)).toContain("the defaults of parameters 'BucketName', 'Other' do not all apply");
  });

  it('a resource with a Condition is read under it', () => {
    const graph = graphOf(`Parameters:
  BucketName: {Type: String, Default: ""}
Conditions:
  HasBucket: !Not [!Equals [!Ref BucketName, ""]]
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Condition: HasBucket
    Properties:
      Bucket: !Ref BucketName
      PolicyDocument: {}
  Always:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref BucketName
      PolicyDocument: {}
`);
    const [policy, always] = ['Policy', 'Always'].map((id) => graph.stacks[0]!.resourcesById.get(id)!);
    expect(graph.get(policy!, 'Properties', 'Bucket')).toMatchObject({ kind: 'unknown', parameter: 'BucketName' });
    expect(shape(graph.get(always!, 'Properties', 'Bucket'))).toEqual({ literal: '', parameter: 'BucketName' });
  });

  it('the wildcard-resource rule no longer reads arn:aws:s3:::/* on the HasBucket branch', () => {
    const findings = run(
      { stacks: [stackOf(template('HasBucket'))], errors: [], files: 1 },
      { rules: [noWildcardResources], asOf: '2026-12-01' },
    ).findings;
    expect(findings).toEqual([]);
  });
});
