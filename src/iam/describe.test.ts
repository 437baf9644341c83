import { describe, expect, it } from 'vitest';
import { graphOf } from '../testing/rule-tester.js';
import { describeActions, describePrincipals } from './describe.js';
import { statementsOf } from './policy.js';

function statement(yaml: string) {
  const graph = graphOf({
    template: `Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n${yaml}`,
  });
  const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
  return statementsOf(graph, graph.get(probe, 'Properties', 'Doc'))[0]!;
}

describe('describeActions', () => {
  it('lists actions, and NotAction as an exception', () => {
    expect(describeActions(statement('          - Effect: Allow\n            Action: [s3:GetObject, s3:PutObject]\n'))).toBe(
      's3:GetObject, s3:PutObject',
    );
    expect(describeActions(statement('          - Effect: Allow\n            NotAction: s3:DeleteObject\n'))).toBe(
      'every action except s3:DeleteObject',
    );
  });
});

describe('describePrincipals', () => {
  it('names everyone, ARNs, references and services', () => {
    const s = statement(
      "          - Effect: Allow\n            Principal:\n              AWS: ['*', 'arn:aws:iam::111122223333:root', !GetAtt Role.Arn]\n              Service: [cloudfront.amazonaws.com]\n",
    );
    expect(describePrincipals(s.principals!)).toBe('everyone, arn:aws:iam::111122223333:root, ${Role.Arn} and 1 more');
    expect(describePrincipals(s.principals!, 4)).toBe(
      'everyone, arn:aws:iam::111122223333:root, ${Role.Arn}, service cloudfront.amazonaws.com',
    );
  });
});
