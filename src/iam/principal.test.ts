import { describe, expect, it } from 'vitest';
import { Graph } from '../graph/build.js';
import { parseYaml } from '../load/yaml.js';
import { graphOf as testerGraph, type TesterInput } from '../testing/rule-tester.js';
import type { Statement } from './policy.js';
import { statementsOf } from './policy.js';
import { exposureOf, isOwnAccount, permissionExposure, principalAccount, publicAccessOf, restrictionOf } from './principal.js';

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

/** The statements of the `Doc` property of a probe resource, given as YAML lines under `Statement:`. */
function statements(statementYaml: string, extra: Partial<TesterInput> = {}, head = '') {
  const template = `${head}Resources:\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n${statementYaml}`;
  const graph = testerGraph({ template, ...extra });
  const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
  return { graph, list: statementsOf(graph, graph.get(probe, 'Properties', 'Doc')) };
}

const allow = (principal: string, condition = '') =>
  `          - Effect: Allow\n            Principal: ${principal}\n            Action: s3:GetObject\n            Resource: '*'\n${condition}`;

function verdict(principal: string, condition = '', head = '') {
  const access = publicAccessOf(statements(allow(principal, condition), {}, head).list[0]!);
  return access && { via: access.via, when: access.when, reasons: access.verdicts.map((v) => `${v.restricts ? '+' : '-'} ${v.reason}`) };
}

const condition = (operator: string, key: string, value: string) => `            Condition:\n              ${operator}:\n                ${key}: ${value}\n`;

describe('publicAccessOf', () => {
  it('is null for a named principal', () => {
    expect(verdict("{ AWS: 'arn:aws:iam::111122223333:root' }")).toBeNull();
    expect(verdict('{ Service: cloudfront.amazonaws.com }')).toBeNull();
  });

  it('is public for "*" and {AWS: "*"} without conditions', () => {
    expect(verdict("'*'")).toEqual({ via: 'Principal', when: [], reasons: [] });
    expect(verdict("{ AWS: '*' }")?.when).toEqual([]);
  });

  it.each([
    ['StringEquals', 'aws:PrincipalOrgID', 'o-abc123'],
    ['StringEquals', 'aws:SourceAccount', "'111122223333'"],
    ['ArnLike', 'aws:SourceArn', "'arn:aws:cloudfront::111122223333:distribution/*'"],
    ['ArnLike', 'AWS:PrincipalArn', "!Sub 'arn:aws:iam::${AWS::AccountId}:role/*'"],
    ['StringEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d'],
    ['StringEquals', 'aws:sourcevpc', 'vpc-111bbb22'],
    ['IpAddress', 'aws:SourceIp', "['192.0.2.0/24', '203.0.113.7/32']"],
    ['ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths', 'o-a/r-b/ou-c/'],
  ])('%s on %s restricts', (operator, key, value) => {
    const v = verdict("'*'", condition(operator, key, value));
    expect(v?.when).toBeNull();
    expect(v?.reasons[0]).toMatch(/^\+ /);
  });

  it.each([
    ['StringLike', 'aws:Referer', "'https://example.com/*'", 'HTTP header that any client can set'],
    ['Bool', 'aws:SecureTransport', "'true'", 'anyone can use TLS'],
    ['StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-abc123', 'also passes when the request has no aws:PrincipalOrgID'],
    ['ForAllValues:StringEquals', 'aws:SourceAccount', "'111122223333'", 'also passes when the request has no'],
    ['StringNotEquals', 'aws:SourceAccount', "'111122223333'", 'does not pin it to fixed values'],
    ['StringLike', 'aws:PrincipalOrgID', "'o-*'", "matches a wildcard pattern ('o-*')"],
    ['ArnLike', 'aws:SourceArn', "'arn:aws:cloudfront::*:distribution/*'", 'matches a wildcard pattern'],
    ['IpAddress', 'aws:SourceIp', "['192.0.2.0/24', '0.0.0.0/0']", "allows every address ('0.0.0.0/0')"],
    ['IpAddress', 'aws:SourceIp', "'::/0'", 'allows every address'],
    ['StringEquals', 'aws:userid', "'${aws:username}'", 'uses a policy variable'],
  ])('%s on %s does not restrict', (operator, key, value, reason) => {
    const v = verdict("'*'", condition(operator, key, value));
    expect(v?.when).toEqual([]);
    expect(v?.reasons[0]).toContain(reason);
  });

  it('one restricting test among others is enough', () => {
    const conditions = `            Condition:\n              StringLike:\n                aws:Referer: 'https://example.com/*'\n              StringEquals:\n                aws:SourceAccount: '111122223333'\n`;
    expect(verdict("'*'", conditions)?.when).toBeNull();
  });

  it('a restriction that exists in one branch only leaves the other branch public', () => {
    const head = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;
    const conditions = `            Condition: !If\n              - IsProd\n              - StringEquals:\n                  aws:PrincipalOrgID: o-abc123\n              - !Ref AWS::NoValue\n`;
    expect(verdict("'*'", conditions, head)?.when).toEqual([{ condition: 'IsProd', holds: false }]);
  });

  it('restrictions in both branches of Fn::If restrict always', () => {
    const head = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;
    const conditions = `            Condition:\n              StringEquals: !If\n                - IsProd\n                - aws:PrincipalOrgID: o-abc123\n                - aws:SourceAccount: '111122223333'\n`;
    expect(verdict("'*'", conditions, head)?.when).toBeNull();
  });

  it('a wildcard principal in one branch is public in that branch', () => {
    const head = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;
    expect(verdict("!If [IsProd, { AWS: 'arn:aws:iam::111122223333:root' }, '*']", '', head)?.when).toEqual([{ condition: 'IsProd', holds: false }]);
  });

  it('NotPrincipal reaches everyone but the listed principals', () => {
    const list = statements(`          - Effect: Allow\n            NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }\n            Action: s3:*\n            Resource: '*'\n`).list;
    expect(publicAccessOf(list[0]!)?.via).toBe('NotPrincipal');
  });
});

describe('principalAccount', () => {
  const principals = [
    "'111122223333'",
    "'arn:aws:iam::111122223333:root'",
    "'arn:aws:sts::444455556666:assumed-role/Admin/alice'",
    "!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'",
    '!Ref AWS::AccountId',
    '!GetAtt Role.Arn',
    '!Ref Unknown',
  ];
  const template =
    `Parameters:\n  Unknown:\n    Type: String\nResources:\n  Role:\n    Type: AWS::IAM::Role\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n` +
    `          - Effect: Allow\n            Principal:\n              AWS:\n${principals.map((p) => `                - ${p}\n`).join('')}            Action: s3:GetObject\n            Resource: '*'\n`;

  it('reads accounts from ids, ARNs, AWS::AccountId and resources of the same stack', () => {
    const graph = testerGraph({ template });
    const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
    const [statement] = statementsOf(graph, graph.get(probe, 'Properties', 'Doc'));
    const accounts = statement!.principals!.map((p) => principalAccount(p, graph.stacks[0]!));
    expect(accounts.map((a) => (a?.kind === 'account' ? a.id : a?.kind))).toEqual(['111122223333', '111122223333', '444455556666', 'own', 'own', 'own', 'unknown']);
  });

  it('compares with the stack account when the assembly gives it', () => {
    const graph = testerGraph({ template, stack: { name: 'S', env: { account: '111122223333', region: 'us-east-1' } } });
    const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
    const [statement] = statementsOf(graph, graph.get(probe, 'Properties', 'Doc'));
    expect(statement!.principals!.map((p) => principalAccount(p, graph.stacks[0]!)?.kind)).toEqual(['own', 'own', 'account', 'own', 'own', 'own', 'unknown']);
  });

  it('is null for everyone and for service principals', () => {
    const { graph, list } = statements(allow("{ Service: s3.amazonaws.com, AWS: '*' }"));
    expect(list[0]!.principals!.map((p) => principalAccount(p, graph.stacks[0]!))).toEqual([null, null]);
  });

  it('takes the account of a role in another stack from its environment', () => {
    const graph = testerGraph({
      template: `Resources:\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n${allow('{ AWS: !ImportValue RoleArn }')}`,
      stack: { name: 'A', env: { account: '111122223333', region: 'us-east-1' } },
      others: [
        {
          template: `Resources:\n  Role:\n    Type: AWS::IAM::Role\nOutputs:\n  Arn:\n    Value: !GetAtt Role.Arn\n    Export:\n      Name: RoleArn\n`,
          stack: { name: 'B', env: { account: '999988887777', region: 'us-east-1' } },
        },
      ],
    });
    const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
    const [statement] = statementsOf(graph, graph.get(probe, 'Properties', 'Doc'));
    expect(principalAccount(statement!.principals![0]!, graph.stacks[0]!)).toEqual({ kind: 'account', id: '999988887777' });
  });
});
