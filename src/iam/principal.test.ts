import { describe, expect, it } from 'vitest';
import { Graph } from '../graph/build.js';
import { parseYaml } from '../load/yaml.js';
import type { Statement } from './policy.js';
import { statementsOf } from './policy.js';
import { exposureOf, isOwnAccount, permissionExposure, restrictionOf } from './principal.js';

function graphOf(resources: string, account: string | null = null): Graph {
  const template = parseYaml('t.yaml', `Parameters:\n  Org:\n    Type: String\n    Default: '*'\nResources:\n${resources}`);
  return new Graph([{ id: 't', name: null, template, env: { account, region: null }, terminationProtection: null, declaredAt: null, constructPath: null, constructPaths: new Map(), nestedIn: null }]);
}

/** The one statement of a queue policy with this principal and condition. */
function statement(principal: string, condition = ''): Statement {
  const graph = graphOf(`  P:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: ${principal}\n            Action: sqs:SendMessage\n${condition ? `            Condition: ${condition}\n` : ''}`);
  return statementsOf(graph, graph.get(graph.stacks[0]!.resourcesById.get('P')!, 'Properties', 'PolicyDocument'))[0]!;
}

describe('exposureOf', () => {
  it('is null for named principals and services', () => {
    expect(exposureOf(statement('{ AWS: arn:aws:iam::123456789012:root }'))).toBeNull();
    expect(exposureOf(statement('{ Service: sns.amazonaws.com }'))).toBeNull();
  });

  it('is public for * and {AWS: *} without a condition', () => {
    expect(exposureOf(statement("'*'"))).toMatchObject({ via: 'Principal', public: true });
    expect(exposureOf(statement("{ AWS: ['arn:aws:iam::123456789012:root', '*'] }"))).toMatchObject({ public: true });
  });

  it('is restricted by a fixed aws:PrincipalOrgID, aws:SourceArn, aws:SourceVpce …', () => {
    for (const condition of [
      '{ StringEquals: { aws:PrincipalOrgID: o-abc } }',
      '{ ArnEquals: { aws:SourceArn: arn:aws:sns:us-east-1:123456789012:topic } }',
      '{ StringEquals: { AWS:SourceVpce: vpce-1 } }',
      '{ "ForAnyValue:StringEquals": { aws:PrincipalOrgPaths: [o-a/r-b/ou-c] } }',
      '{ IpAddress: { aws:SourceIp: 10.0.0.0/8 } }',
      '{ StringEquals: { kms:CallerAccount: "111111111111", kms:ViaService: s3.us-east-1.amazonaws.com } }',
    ])
      expect(exposureOf(statement("'*'", condition))?.public, condition).toBe(false);
  });

  it('is not restricted by aws:Referer, aws:SecureTransport, IfExists, negations, ForAllValues or wildcard values', () => {
    for (const condition of [
      '{ StringLike: { aws:Referer: https://example.com/* } }',
      '{ Bool: { aws:SecureTransport: true } }',
      '{ StringEqualsIfExists: { aws:SourceAccount: "123456789012" } }',
      '{ StringNotEquals: { aws:PrincipalOrgID: o-abc } }',
      '{ "ForAllValues:StringEquals": { aws:PrincipalOrgID: [o-abc] } }',
      '{ StringLike: { aws:PrincipalOrgID: "*" } }',
      '{ StringLike: { aws:PrincipalOrgID: !Ref Org } }',
      '{ ArnLike: { aws:SourceArn: "arn:aws:s3:::*" } }',
      '{ IpAddress: { aws:SourceIp: 0.0.0.0/0 } }',
      '{ Null: { aws:SourceArn: false } }',
    ])
      expect(exposureOf(statement("'*'", condition))?.public, condition).toBe(true);
  });

  it('explains aws:Referer', () => {
    const exposure = exposureOf(statement("'*'", '{ StringEquals: { aws:referer: secret } }'));
    expect(exposure?.ignored[0]?.reason).toMatch(/caller writes the Referer header/);
  });

  it('treats Allow with NotPrincipal as everyone but the listed ones', () => {
    const graph = graphOf(`  P:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            NotPrincipal: { AWS: arn:aws:iam::123456789012:root }\n            Action: sqs:SendMessage\n`);
    const [st] = statementsOf(graph, graph.get(graph.stacks[0]!.resourcesById.get('P')!, 'Properties', 'PolicyDocument'));
    expect(exposureOf(st!)).toMatchObject({ via: 'NotPrincipal', public: true });
  });

  it('is null for Deny', () => {
    const st = statement("'*'");
    expect(exposureOf({ ...st, effect: 'Deny' })).toBeNull();
  });
});

describe('restrictionOf', () => {
  it('reads StringEquals literally: a "*" value matches only the text "*"', () => {
    const st = statement("'*'", '{ StringEquals: { aws:SourceAccount: "*" } }');
    expect(restrictionOf(st.conditions[0]!)).toEqual({ restricts: true });
  });
});

describe('permissionExposure', () => {
  const permission = (properties: string) => {
    const graph = graphOf(`  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: f\n${properties}`);
    return permissionExposure(graph, graph.stacks[0]!.resourcesById.get('Perm')!).map((e) => e.kind);
  };
  it('judges * and service principals by their source', () => {
    expect(permission("      Principal: '*'\n")).toEqual(['public']);
    expect(permission("      Principal: '*'\n      PrincipalOrgID: o-abc\n")).toEqual(['restricted']);
    expect(permission('      Principal: s3.amazonaws.com\n')).toEqual(['anySource']);
    expect(permission('      Principal: s3.amazonaws.com\n      SourceAccount: !Ref AWS::AccountId\n')).toEqual(['restricted']);
    expect(permission("      Principal: events.amazonaws.com\n      SourceArn: 'arn:aws:events:*:*:*'\n")).toEqual(['anySource']);
    expect(permission("      Principal: '123456789012'\n")).toEqual(['account']);
  });
});

describe('isOwnAccount', () => {
  it("recognizes the account's own root", () => {
    const own = (principal: string, account: string | null = null) => {
      const graph = graphOf(`  P:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: ${principal}\n            Action: kms:*\n`, account);
      const [st] = statementsOf(graph, graph.get(graph.stacks[0]!.resourcesById.get('P')!, 'Properties', 'KeyPolicy'));
      return isOwnAccount(st!.principals![0]!, graph.stacks[0]!);
    };
    expect(own("{ AWS: !Join ['', ['arn:', !Ref AWS::Partition, ':iam::', !Ref AWS::AccountId, ':root']] }")).toBe(true);
    expect(own("{ AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }")).toBe(true);
    expect(own('{ AWS: !Ref AWS::AccountId }')).toBe(true);
    expect(own("{ AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root' }", '111111111111')).toBe(true);
    expect(own('{ AWS: arn:aws:iam::111111111111:root }', '111111111111')).toBe(true);
    expect(own('{ AWS: arn:aws:iam::222222222222:root }', '111111111111')).toBe(false);
    expect(own("{ AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:role/admin' }")).toBe(false);
    expect(own("'*'")).toBe(false);
  });
});
