import { describe, expect, it } from 'vitest';
import { graphOf, type TesterInput } from '../testing/rule-tester.js';
import { statementsOf } from './policy.js';
import { principalAccount, publicAccessOf } from './principal.js';

/** The statements of the `Doc` property of a probe resource, given as YAML lines under `Statement:`. */
function statements(statementYaml: string, extra: Partial<TesterInput> = {}, head = '') {
  const template = `${head}Resources:\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n${statementYaml}`;
  const graph = graphOf({ template, ...extra });
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
    const graph = graphOf({ template });
    const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
    const [statement] = statementsOf(graph, graph.get(probe, 'Properties', 'Doc'));
    const accounts = statement!.principals!.map((p) => principalAccount(p, graph.stacks[0]!));
    expect(accounts.map((a) => (a?.kind === 'account' ? a.id : a?.kind))).toEqual(['111122223333', '111122223333', '444455556666', 'own', 'own', 'own', 'unknown']);
  });

  it('compares with the stack account when the assembly gives it', () => {
    const graph = graphOf({ template, stack: { name: 'S', env: { account: '111122223333', region: 'us-east-1' } } });
    const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
    const [statement] = statementsOf(graph, graph.get(probe, 'Properties', 'Doc'));
    expect(statement!.principals!.map((p) => principalAccount(p, graph.stacks[0]!)?.kind)).toEqual(['own', 'own', 'account', 'own', 'own', 'own', 'unknown']);
  });

  it('is null for everyone and for service principals', () => {
    const { graph, list } = statements(allow("{ Service: s3.amazonaws.com, AWS: '*' }"));
    expect(list[0]!.principals!.map((p) => principalAccount(p, graph.stacks[0]!))).toEqual([null, null]);
  });

  it('takes the account of a role in another stack from its environment', () => {
    const graph = graphOf({
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
