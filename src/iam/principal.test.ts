import { describe, expect, it } from 'vitest';
import type { Graph } from '../graph/build.js';
import type { TesterInput } from '../testing/rule-tester.js';
import { graphOf } from '../testing/rule-tester.js';
import type { Statement } from './policy.js';
import { statementsOf } from './policy.js';
import { describeIgnored, exposureOf, isOwnAccount, judgeCondition, permissionExposure, principalAccount } from './principal.js';

const conditional = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;

/** A graph of the resources given as YAML (indented under `Resources:`), after an optional head. */
function graph(resources: string, head = '', extra: Partial<TesterInput> = {}): Graph {
  return graphOf({ template: `${head}Resources:\n${resources}`, ...extra });
}

/** The statements of the `Doc` property of a probe resource, given as YAML lines under `Statement:`. */
function statements(statementYaml: string, head = '', extra: Partial<TesterInput> = {}): { graph: Graph; list: readonly Statement[] } {
  const g = graph(`  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n${statementYaml}`, head, extra);
  return { graph: g, list: statementsOf(g, g.get(g.stacks[0]!.resourcesById.get('Probe')!, 'Properties', 'Doc')) };
}

const allow = (principal: string, condition = '') =>
  `          - Effect: Allow\n            Principal: ${principal}\n            Action: s3:GetObject\n            Resource: '*'\n${condition}`;
const condition = (operator: string, key: string, value: string) =>
  `            Condition:\n              ${operator}:\n                ${key}: ${value}\n`;
/** A flow-style condition block (`{ StringEquals: { aws:SourceAccount: "1" } }`). */
const flow = (block: string) => `            Condition: ${block}\n`;

function exposure(principal: string, conditions = '', head = '') {
  return exposureOf(statements(allow(principal, conditions), head).list[0]!);
}

/** The exposure in short: null (not a wildcard grant), or its branches and each condition's verdict. */
function verdict(principal: string, conditions = '', head = '') {
  const e = exposure(principal, conditions, head);
  return e && { via: e.via, when: e.when, reasons: e.verdicts.map((v) => `${v.restricts ? '+' : '-'} ${v.reason}`) };
}

describe('exposureOf', () => {
  it('is null for named principals and services', () => {
    expect(verdict("{ AWS: 'arn:aws:iam::111122223333:root' }")).toBeNull();
    expect(verdict('{ Service: cloudfront.amazonaws.com }')).toBeNull();
  });

  it('is public for "*" and {AWS: "*"} without conditions, also among named principals', () => {
    expect(verdict("'*'")).toEqual({ via: 'Principal', when: [], reasons: [] });
    expect(verdict("{ AWS: '*' }")?.when).toEqual([]);
    expect(verdict("{ AWS: ['arn:aws:iam::123456789012:root', '*'] }")?.when).toEqual([]);
  });

  it('is null for a Deny: a guard for everyone is not a grant', () => {
    expect(exposureOf(statements(allow("'*'").replace('Allow', 'Deny')).list[0]!)).toBeNull();
  });

  it.each([
    ['StringEquals', 'aws:PrincipalOrgID', 'o-abc123'],
    ['StringEquals', 'aws:SourceAccount', "'111122223333'"],
    ['ArnEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:123456789012:topic'],
    ['ArnLike', 'aws:SourceArn', "'arn:aws:cloudfront::111122223333:distribution/*'"],
    ['ArnLike', 'AWS:PrincipalArn', "!Sub 'arn:aws:iam::${AWS::AccountId}:role/*'"],
    ['StringEquals', 'AWS:SourceVpce', 'vpce-1a2b3c4d'],
    ['StringEquals', 'aws:sourcevpc', 'vpc-111bbb22'],
    ['IpAddress', 'aws:SourceIp', "['192.0.2.0/24', '203.0.113.7/32']"],
    ['ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths', 'o-a/r-b/ou-c/'],
    ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', "'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'"],
    ['StringLike', 'aws:userid', "'AROAEXAMPLEID:*'"],
    ['StringEquals', 's3:DataAccessPointAccount', "'111122223333'"],
    // StringEquals compares literally: a "*" value matches only the text "*".
    ['StringEquals', 'aws:SourceAccount', "'*'"],
  ])('%s on %s restricts', (operator, key, value) => {
    const v = verdict("'*'", condition(operator, key, value));
    expect(v?.when).toBeNull();
    expect(v?.reasons[0]).toMatch(/^\+ /);
  });

  it('kms:CallerAccount restricts the default key policy statement for AWS services', () => {
    expect(
      verdict("'*'", flow('{ StringEquals: { kms:CallerAccount: "111111111111", kms:ViaService: s3.us-east-1.amazonaws.com } }'))?.when,
    ).toBeNull();
  });

  it.each([
    ['StringLike', 'aws:Referer', "'https://example.com/*'", 'aws:Referer is an HTTP header that any client can set'],
    ['StringEquals', 'aws:referer', 'secret', 'AWS documents it as unfit to block direct requests'],
    ['Bool', 'aws:SecureTransport', "'true'", 'aws:SecureTransport only requires TLS'],
    ['StringEquals', 'aws:PrincipalType', 'User', 'names a kind of caller'],
    [
      'StringEqualsIfExists',
      'aws:PrincipalOrgID',
      'o-abc123',
      'StringEqualsIfExists on aws:PrincipalOrgID also passes when the request has no aws:PrincipalOrgID',
    ],
    ['ForAllValues:StringEquals', 'aws:SourceAccount', "'111122223333'", 'also passes when the request has no aws:SourceAccount'],
    ['StringNotEquals', 'aws:SourceAccount', "'111122223333'", 'StringNotEquals on aws:SourceAccount does not pin it to fixed values'],
    ['Null', 'aws:SourceArn', 'false', 'does not pin it to fixed values'],
    ['StringLike', 'aws:PrincipalOrgID', "'o-*'", "aws:PrincipalOrgID matches a wildcard pattern ('o-*')"],
    ['StringLike', 'aws:PrincipalOrgID', "'*'", 'matches a wildcard pattern'],
    ['ArnLike', 'aws:SourceArn', "'arn:aws:cloudfront::*:distribution/*'", 'matches a wildcard pattern'],
    ['ArnLike', 'aws:SourceArn', "'arn:aws:s3:::*'", 'matches a wildcard pattern'],
    ['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', "'o-*/*'", 'matches a wildcard pattern'],
    ['StringLike', 'aws:userid', "'*:alice'", 'matches a wildcard pattern'],
    ['IpAddress', 'aws:SourceIp', "['192.0.2.0/24', '0.0.0.0/0']", "aws:SourceIp allows every address ('0.0.0.0/0')"],
    ['IpAddress', 'aws:SourceIp', "'::/0'", 'allows every address'],
    ['StringEquals', 'aws:userid', "'${aws:username}'", 'uses a policy variable'],
  ])('%s on %s does not restrict', (operator, key, value, reason) => {
    const v = verdict("'*'", condition(operator, key, value));
    expect(v?.when).toEqual([]);
    expect(v?.reasons[0]).toContain(reason);
  });

  it('reads a StringLike value from a parameter default', () => {
    const head = `Parameters:\n  Org:\n    Type: String\n    Default: '*'\n`;
    expect(verdict("'*'", condition('StringLike', 'aws:PrincipalOrgID', '!Ref Org'), head)?.when).toEqual([]);
  });

  it('one restricting test among others is enough', () => {
    const conditions = `            Condition:\n              StringLike:\n                aws:Referer: 'https://example.com/*'\n              StringEquals:\n                aws:SourceAccount: '111122223333'\n`;
    expect(verdict("'*'", conditions)?.when).toBeNull();
  });

  it('a restriction that exists in one branch only leaves the other branch public', () => {
    const conditions = `            Condition: !If\n              - IsProd\n              - StringEquals:\n                  aws:PrincipalOrgID: o-abc123\n              - !Ref AWS::NoValue\n`;
    expect(verdict("'*'", conditions, conditional)?.when).toEqual([{ condition: 'IsProd', holds: false }]);
  });

  it('restrictions in both branches of Fn::If restrict always', () => {
    const conditions = `            Condition:\n              StringEquals: !If\n                - IsProd\n                - aws:PrincipalOrgID: o-abc123\n                - aws:SourceAccount: '111122223333'\n`;
    expect(verdict("'*'", conditions, conditional)?.when).toBeNull();
  });

  it('a value that is a wildcard in one branch does not restrict', () => {
    expect(verdict("'*'", condition('StringLike', 'aws:PrincipalOrgID', "!If [IsProd, o-abc123, '*']"), conditional)?.when).toEqual([]);
  });

  it('a wildcard principal in one branch is public in that branch, and the exposure names that entry', () => {
    const e = exposure("!If [IsProd, { AWS: 'arn:aws:iam::111122223333:root' }, '*']", '', conditional);
    expect(e?.when).toEqual([{ condition: 'IsProd', holds: false }]);
    expect(e?.principal?.type).toBe('*');
  });

  it('adds the branches given for the document', () => {
    const { list } = statements(allow("'*'"), conditional);
    expect(exposureOf(list[0]!, [{ condition: 'IsProd', holds: true }])?.when).toEqual([{ condition: 'IsProd', holds: true }]);
  });

  it('treats Allow with NotPrincipal as everyone but the listed principals', () => {
    const { list } = statements(
      `          - Effect: Allow\n            NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }\n            Action: s3:*\n            Resource: '*'\n`,
    );
    expect(exposureOf(list[0]!)).toMatchObject({ via: 'NotPrincipal', principal: undefined, when: [] });
  });
});

describe('judgeCondition and describeIgnored', () => {
  it('explain what does not restrict, naming each key, and leave out what does', () => {
    const conditions = `            Condition:\n              StringLike:\n                aws:Referer: 'https://example.com/*'\n              Bool:\n                aws:SecureTransport: 'true'\n              StringEquals:\n                aws:SourceAccount: '111122223333'\n`;
    const { list } = statements(allow("'*'", conditions));
    const verdicts = list[0]!.conditions.map(judgeCondition);
    expect(verdicts.map((v) => v.restricts)).toEqual([false, false, true]);
    expect(describeIgnored(verdicts)).toMatch(
      /^aws:Referer is an HTTP header .*; aws:SecureTransport only requires TLS, which anyone can use$/,
    );
  });
});

describe('permissionExposure', () => {
  const permission = (properties: string) => {
    const g = graph(
      `  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: f\n${properties}`,
    );
    return permissionExposure(g, g.stacks[0]!.resourcesById.get('Perm')!).map((e) => e.kind);
  };
  it('judges * and service principals by their source, as the conditions Lambda writes', () => {
    expect(permission("      Principal: '*'\n")).toEqual(['public']);
    expect(permission("      Principal: '*'\n      PrincipalOrgID: o-abc\n")).toEqual(['restricted']);
    expect(permission('      Principal: s3.amazonaws.com\n')).toEqual(['anySource']);
    expect(permission('      Principal: s3.amazonaws.com\n      SourceAccount: !Ref AWS::AccountId\n')).toEqual(['restricted']);
    expect(permission("      Principal: events.amazonaws.com\n      SourceArn: 'arn:aws:events:*:*:*'\n")).toEqual(['anySource']);
    expect(permission("      Principal: '*'\n      SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:abc/*'\n")).toEqual([
      'restricted',
    ]);
    expect(permission("      Principal: '123456789012'\n")).toEqual(['account']);
  });
});

describe('isOwnAccount', () => {
  it("recognizes the account's own root, not its roles", () => {
    const own = (principal: string, account: string | null = null) => {
      const { graph: g, list } = statements(allow(principal), '', { stack: { env: { account, region: null } } });
      return isOwnAccount(list[0]!.principals![0]!, g.stacks[0]!);
    };
    expect(own("{ AWS: !Join ['', ['arn:', !Ref AWS::Partition, ':iam::', !Ref AWS::AccountId, ':root']] }")).toBe(true);
    expect(own("{ AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }")).toBe(true);
    expect(own('{ AWS: !Ref AWS::AccountId }')).toBe(true);
    expect(own("{ AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root' }", '111111111111')).toBe(true);
    expect(own("{ AWS: 'arn:aws:iam::111111111111:root' }", '111111111111')).toBe(true);
    expect(own("{ AWS: 'arn:aws:iam::222222222222:root' }", '111111111111')).toBe(false);
    expect(own("{ AWS: 'arn:aws:iam::111111111111:root' }")).toBe(false);
    expect(own("{ AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:role/admin' }")).toBe(false);
    expect(own("'*'")).toBe(false);
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
  const resources =
    `  Role:\n    Type: AWS::IAM::Role\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n` +
    `          - Effect: Allow\n            Principal:\n              AWS:\n${principals.map((p) => `                - ${p}\n`).join('')}            Action: s3:GetObject\n            Resource: '*'\n`;
  const accounts = (extra: Partial<TesterInput> = {}) => {
    const g = graph(resources, `Parameters:\n  Unknown:\n    Type: String\n`, extra);
    const [statement] = statementsOf(g, g.get(g.stacks[0]!.resourcesById.get('Probe')!, 'Properties', 'Doc'));
    return statement!.principals!.map((p) => principalAccount(p, g.stacks[0]!));
  };

  it('reads accounts from ids, ARNs, AWS::AccountId and resources of the same stack', () => {
    expect(accounts().map((a) => (a?.kind === 'account' ? a.id : a?.kind))).toEqual([
      '111122223333',
      '111122223333',
      '444455556666',
      'own',
      'own',
      'own',
      'unknown',
    ]);
  });

  it('compares with the stack account when the assembly gives it', () => {
    expect(accounts({ stack: { name: 'S', env: { account: '111122223333', region: 'us-east-1' } } }).map((a) => a?.kind)).toEqual([
      'own',
      'own',
      'account',
      'own',
      'own',
      'own',
      'unknown',
    ]);
  });

  it('is null for everyone and for service principals', () => {
    const { graph: g, list } = statements(allow("{ Service: s3.amazonaws.com, AWS: '*' }"));
    expect(list[0]!.principals!.map((p) => principalAccount(p, g.stacks[0]!))).toEqual([null, null]);
  });

  it('takes the account of a role in another stack from its environment', () => {
    const { graph: g, list } = statements(allow('{ AWS: !ImportValue RoleArn }'), '', {
      stack: { name: 'A', env: { account: '111122223333', region: 'us-east-1' } },
      others: [
        {
          template: `Resources:\n  Role:\n    Type: AWS::IAM::Role\nOutputs:\n  Arn:\n    Value: !GetAtt Role.Arn\n    Export:\n      Name: RoleArn\n`,
          stack: { name: 'B', env: { account: '999988887777', region: 'us-east-1' } },
        },
      ],
    });
    expect(principalAccount(list[0]!.principals![0]!, g.stacks[0]!)).toEqual({ kind: 'account', id: '999988887777' });
  });
});
