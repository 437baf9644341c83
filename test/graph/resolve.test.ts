import { describe, expect, it } from 'vitest';
import type { StackEnvironment } from '../../src/load/stack.js';
import { graphOf, shape, type Shape } from '../helpers.js';

/** A template with every kind of parameter, a mapping and conditions; the case's expression is `R.Properties.V`. */
const template = (expression: string) => `
Parameters:
  WithDefault: {Type: String, Default: hello}
  NoDefault: {Type: String}
  Csv: {Type: CommaDelimitedList, Default: "a, b,c"}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1,subnet-2"}
  Num: {Type: Number, Default: 5}
  FromSsm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /my/param}
  Attr: {Type: String, Default: Arn}
  Env: {Type: String, Default: prod}
  Loop: {Type: String, Default: !Ref Loop}
  PingA: {Type: String, Default: !Ref PingB}
  PingB: {Type: String, Default: !Ref PingA}
  Doubling: {Type: String, Default: !Join ['', [!Ref Doubling, !Ref Doubling]]}
Mappings:
  Regions:
    us-east-1: {Ami: ami-1}
    eu-west-1: {Ami: ami-2}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Always: !Equals [a, a]
  Never: !Equals [a, b]
  NotProd: !Not [!Condition IsProd]
  NotNever: !Not [!Condition Never]
  Both: !And [!Condition IsProd, !Condition Always]
  BothFalse: !And [!Condition IsProd, !Condition Never]
  Either: !Or [!Condition Never, !Condition IsProd]
  EitherTrue: !Or [!Condition IsProd, !Condition Always]
  AlwaysAnd: !And [!Condition Always, !Equals [x, x]]
  NeverOr: !Or [!Condition Never, !Equals [x, y]]
  SelfLoop: !Not [!Condition SelfLoop]
  Branchy: !And [!Condition Branchy, !Condition Branchy, !Condition Branchy]
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  Db: {Type: AWS::RDS::DBInstance}
  R:
    Type: Test::Thing
    Properties:
      V: ${expression}
`;

const EU: Partial<StackEnvironment> = { account: '123456789012', region: 'eu-west-1' };

interface Case {
  expression: string;
  expected: Shape;
  env?: Partial<StackEnvironment>;
  name?: string;
}

/** Resolves `R.Properties.V` of the case's template. */
function resolveCase(c: Case): Shape {
  const graph = graphOf({ template: template(c.expression), env: c.env ?? {}, name: c.name ?? null });
  const r = graph.stacks[0]!.resourcesById.get('R')!;
  return shape(graph.get(r, 'Properties', 'V'));
}

const unknown = (reason: RegExp) => ({ unknown: expect.stringMatching(reason) });
const fromParameter = (literal: unknown, parameter: string) => ({ literal, parameter });

const table: Record<string, [string, Case][]> = {
  Ref: [
    ['a resource', { expression: '!Ref Bucket', expected: { ref: 'Bucket' } }],
    ['a parameter with a default', { expression: '!Ref WithDefault', expected: fromParameter('hello', 'WithDefault') }],
    ['a Number parameter', { expression: '!Ref Num', expected: fromParameter(5, 'Num') }],
    [
      'a parameter without default: unknown, with the reason',
      { expression: '!Ref NoDefault', expected: unknown(/parameter 'NoDefault' has no default/) },
    ],
    [
      'a CommaDelimitedList parameter: a list, items trimmed',
      { expression: '!Ref Csv', expected: [fromParameter('a', 'Csv'), fromParameter('b', 'Csv'), fromParameter('c', 'Csv')] },
    ],
    [
      'a List<…> parameter',
      { expression: '!Ref Subnets', expected: [fromParameter('subnet-1', 'Subnets'), fromParameter('subnet-2', 'Subnets')] },
    ],
    [
      'an SSM parameter type: its default is the SSM name, not the value',
      { expression: '!Ref FromSsm', expected: unknown(/read from SSM parameter '\/my\/param'/) },
    ],
    ['neither resource nor parameter', { expression: '!Ref Nope', expected: unknown(/neither a resource nor a parameter/) }],
    ['a name that is not a string', { expression: '{Ref: [a]}', expected: unknown(/Ref needs a name/) }],
  ],
  'pseudo parameters': [
    ['AWS::NoValue is absent', { expression: '!Ref AWS::NoValue', expected: { absent: 'novalue' } }],
    ['AWS::Region without an environment', { expression: '!Ref AWS::Region', expected: { pseudo: 'AWS::Region' } }],
    ['AWS::Region with one', { expression: '!Ref AWS::Region', env: EU, expected: 'eu-west-1' }],
    ['AWS::AccountId without an environment', { expression: '!Ref AWS::AccountId', expected: { pseudo: 'AWS::AccountId' } }],
    ['AWS::AccountId with one', { expression: '!Ref AWS::AccountId', env: EU, expected: '123456789012' }],
    [
      'AWS::AccountId with a leading zero',
      { expression: '!Ref AWS::AccountId', env: { account: '012345678901' }, expected: '012345678901' },
    ],
    [
      'AWS::Partition without a region',
      { expression: '!Ref AWS::Partition', env: { account: '123456789012' }, expected: { pseudo: 'AWS::Partition' } },
    ],
    ['AWS::Partition in a commercial region', { expression: '!Ref AWS::Partition', env: EU, expected: 'aws' }],
    ['AWS::Partition in China', { expression: '!Ref AWS::Partition', env: { region: 'cn-north-1' }, expected: 'aws-cn' }],
    ['AWS::Partition in GovCloud', { expression: '!Ref AWS::Partition', env: { region: 'us-gov-west-1' }, expected: 'aws-us-gov' }],
    ['AWS::URLSuffix in China', { expression: '!Ref AWS::URLSuffix', env: { region: 'cn-northwest-1' }, expected: 'amazonaws.com.cn' }],
    ['AWS::URLSuffix elsewhere', { expression: '!Ref AWS::URLSuffix', env: EU, expected: 'amazonaws.com' }],
    ['AWS::URLSuffix without a region', { expression: '!Ref AWS::URLSuffix', expected: { pseudo: 'AWS::URLSuffix' } }],
    ['AWS::StackName of a plain template', { expression: '!Ref AWS::StackName', expected: { pseudo: 'AWS::StackName' } }],
    ['AWS::StackName of an assembly stack', { expression: '!Ref AWS::StackName', name: 'my-stack', expected: 'my-stack' }],
    ['AWS::StackId', { expression: '!Ref AWS::StackId', env: EU, expected: { pseudo: 'AWS::StackId' } }],
    ['AWS::NotificationARNs', { expression: '!Ref AWS::NotificationARNs', expected: { pseudo: 'AWS::NotificationARNs' } }],
    ['an unknown pseudo parameter', { expression: '!Ref AWS::Bogus', expected: unknown(/unknown pseudo parameter AWS::Bogus/) }],
  ],
  'Fn::GetAtt': [
    ['dotted form', { expression: '!GetAtt Bucket.Arn', expected: { ref: 'Bucket.Arn' } }],
    ['list form', { expression: '!GetAtt [Bucket, Arn]', expected: { ref: 'Bucket.Arn' } }],
    ['a nested attribute', { expression: '!GetAtt Db.Endpoint.Address', expected: { ref: 'Db.Endpoint.Address' } }],
    ['the string form in long form', { expression: '{"Fn::GetAtt": "Db.Endpoint.Port"}', expected: { ref: 'Db.Endpoint.Port' } }],
    ['an attribute from a parameter', { expression: '!GetAtt [Bucket, !Ref Attr]', expected: { ref: 'Bucket.Arn' } }],
    [
      'an attribute not known before deployment',
      { expression: '!GetAtt [Bucket, !Ref NoDefault]', expected: unknown(/attribute is not known/) },
    ],
    ['a missing resource: unknown', { expression: '!GetAtt Nope.Arn', expected: unknown(/names 'Nope', which is not a resource/) }],
  ],
  'Fn::Sub': [
    [
      'string form, no environment: holes for pseudo parameters and references',
      {
        expression: '!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"',
        expected: { text: ['arn:', { pseudo: 'AWS::Partition' }, ':s3:::', { ref: 'Bucket' }, '/*'] },
      },
    ],
    [
      'string form, known environment',
      {
        expression: '!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"',
        env: EU,
        expected: { text: ['arn:aws:s3:::', { ref: 'Bucket' }, '/*'] },
      },
    ],
    ['no variables at all', { expression: '!Sub plain-text', expected: 'plain-text' }],
    ['${!Literal} stays a literal ${Literal}', { expression: '!Sub "${!Literal}-${WithDefault}"', expected: '${Literal}-hello' }],
    ['${Res.Attr}', { expression: '!Sub "${Bucket.Arn}/*"', expected: { text: [{ ref: 'Bucket.Arn' }, '/*'] } }],
    [
      '${Res.Nested.Attr}',
      {
        expression: '!Sub "${Db.Endpoint.Address}:${Db.Endpoint.Port}"',
        expected: { text: [{ ref: 'Db.Endpoint.Address' }, ':', { ref: 'Db.Endpoint.Port' }] },
      },
    ],
    [
      'list form with a variables map',
      {
        expression: '!Sub ["${Name}-${AWS::Region}", {Name: !Ref Bucket}]',
        env: EU,
        expected: { text: [{ ref: 'Bucket' }, '-eu-west-1'] },
      },
    ],
    ['a variable shadows a parameter of the same name', { expression: '!Sub ["${WithDefault}", {WithDefault: other}]', expected: 'other' }],
    [
      'a parameter without default leaves an unknown hole',
      { expression: '!Sub "x-${NoDefault}"', expected: { text: ['x-', unknown(/no default/)] } },
    ],
    ['not a string', { expression: '{"Fn::Sub": 42}', expected: unknown(/Fn::Sub needs a string/) }],
  ],
  'Fn::Join': [
    [
      'with references: text with holes',
      { expression: '!Join [":", [a, !Ref Bucket, b]]', expected: { text: ['a:', { ref: 'Bucket' }, ':b'] } },
    ],
    ['AWS::NoValue items are dropped', { expression: '!Join ["-", [a, !Ref AWS::NoValue, b]]', expected: 'a-b' }],
    ['a list from a parameter', { expression: '!Join [",", !Ref Csv]', expected: 'a,b,c' }],
    [
      'the CDK managed-policy ARN, no environment',
      {
        expression: '!Join ["", ["arn:", !Ref AWS::Partition, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]]',
        expected: { text: ['arn:', { pseudo: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
      },
    ],
    ['of an unknown list', { expression: '!Join ["-", !Ref NoDefault]', expected: unknown(/Fn::Join of a value not known/) }],
    [
      'of alternative lists: alternatives',
      {
        expression: '!Join ["-", !If [IsProd, [a, b], [c]]]',
        expected: {
          oneOf: [
            { when: 'IsProd=true', value: 'a-b' },
            { when: 'IsProd=false', value: 'c' },
          ],
        },
      },
    ],
    ['malformed', { expression: '{"Fn::Join": "x"}', expected: unknown(/Fn::Join needs/) }],
  ],
  'Fn::If': [
    [
      'a condition that depends on a parameter: both branches',
      {
        expression: '!If [IsProd, a, b]',
        expected: {
          oneOf: [
            { when: 'IsProd=true', value: 'a' },
            { when: 'IsProd=false', value: 'b' },
          ],
        },
      },
    ],
    ['a constant true condition is folded', { expression: '!If [Always, a, b]', expected: 'a' }],
    ['a constant false condition is folded', { expression: '!If [Never, a, b]', expected: 'b' }],
    ['Not of a constant', { expression: '!If [NotNever, a, b]', expected: 'a' }],
    ['And of constants', { expression: '!If [AlwaysAnd, a, b]', expected: 'a' }],
    ['Or of constants', { expression: '!If [NeverOr, a, b]', expected: 'b' }],
    ['And with a false member is false', { expression: '!If [BothFalse, a, b]', expected: 'b' }],
    ['Or with a true member is true', { expression: '!If [EitherTrue, a, b]', expected: 'a' }],
    [
      'Not of an undecided condition',
      {
        expression: '!If [NotProd, a, b]',
        expected: {
          oneOf: [
            { when: 'NotProd=true', value: 'a' },
            { when: 'NotProd=false', value: 'b' },
          ],
        },
      },
    ],
    [
      'And with an undecided member',
      {
        expression: '!If [Both, a, b]',
        expected: {
          oneOf: [
            { when: 'Both=true', value: 'a' },
            { when: 'Both=false', value: 'b' },
          ],
        },
      },
    ],
    [
      'Or with an undecided member',
      {
        expression: '!If [Either, a, b]',
        expected: {
          oneOf: [
            { when: 'Either=true', value: 'a' },
            { when: 'Either=false', value: 'b' },
          ],
        },
      },
    ],
    [
      'an AWS::NoValue branch is absent',
      {
        expression: '!If [IsProd, a, !Ref AWS::NoValue]',
        expected: {
          oneOf: [
            { when: 'IsProd=true', value: 'a' },
            { when: 'IsProd=false', value: { absent: 'novalue' } },
          ],
        },
      },
    ],
    ['a folded AWS::NoValue item leaves a list', { expression: '[x, !If [Never, y, !Ref AWS::NoValue]]', expected: ['x'] }],
    [
      'a condition that refers to itself is undecided, not a stack overflow',
      {
        expression: '!If [SelfLoop, a, b]',
        expected: {
          oneOf: [
            { when: 'SelfLoop=true', value: 'a' },
            { when: 'SelfLoop=false', value: 'b' },
          ],
        },
      },
    ],
    [
      'a self-referring condition that branches finishes',
      {
        expression: '!If [Branchy, a, b]',
        expected: {
          oneOf: [
            { when: 'Branchy=true', value: 'a' },
            { when: 'Branchy=false', value: 'b' },
          ],
        },
      },
    ],
    ['malformed', { expression: '!If [IsProd, a]', expected: unknown(/Fn::If needs/) }],
  ],
  'Fn::Select': [
    ['from a literal list', { expression: '!Select [1, [a, b, c]]', expected: 'b' }],
    ['an index written as a string, from a parameter list', { expression: '!Select ["0", !Ref Csv]', expected: fromParameter('a', 'Csv') }],
    ['out of range', { expression: '!Select [5, [a]]', expected: unknown(/index 5 is out of range/) }],
    ['an unknown index', { expression: '!Select [!Ref NoDefault, [a]]', expected: unknown(/index is not known/) }],
    ['from Fn::GetAZs', { expression: '!Select [0, !GetAZs ""]', expected: unknown(/availability zones/) }],
    ['from Fn::Split', { expression: '!Select [1, !Split [",", "x,y"]]', expected: 'y' }],
  ],
  'Fn::Split': [
    ['a literal', { expression: '!Split [",", "a,b"]', expected: ['a', 'b'] }],
    ['an unknown string', { expression: '!Split [",", !Ref NoDefault]', expected: unknown(/Fn::Split of a value not known/) }],
    [
      'alternatives',
      {
        expression: '!Split ["|", !If [IsProd, "a|b", c]]',
        expected: {
          oneOf: [
            { when: 'IsProd=true', value: ['a', 'b'] },
            { when: 'IsProd=false', value: ['c'] },
          ],
        },
      },
    ],
  ],
  'Fn::FindInMap': [
    ['known keys', { expression: '!FindInMap [Regions, us-east-1, Ami]', expected: 'ami-1' }],
    ['a key from a known region', { expression: '!FindInMap [Regions, !Ref AWS::Region, Ami]', env: EU, expected: 'ami-2' }],
    [
      'an unknown key fans out to every entry',
      {
        expression: '!FindInMap [Regions, !Ref AWS::Region, Ami]',
        expected: {
          oneOf: [
            { when: 'Regions[eu-west-1]=true', value: 'ami-2' },
            { when: 'Regions[us-east-1]=true', value: 'ami-1' },
          ],
        },
      },
    ],
    [
      'a key that is not in the mapping',
      { expression: '!FindInMap [Regions, ap-south-1, Ami]', expected: unknown(/has no key 'ap-south-1'/) },
    ],
    ['a mapping that does not exist', { expression: '!FindInMap [Nope, a, b]', expected: unknown(/mapping 'Nope' has no such entry/) }],
    ['malformed', { expression: '!FindInMap [Regions]', expected: unknown(/Fn::FindInMap needs/) }],
  ],
  'other functions': [
    ['Fn::Base64', { expression: '!Base64 x', expected: unknown(/Fn::Base64/) }],
    ['Fn::Cidr', { expression: '!Cidr [10.0.0.0/16, 2, 8]', expected: unknown(/Fn::Cidr/) }],
    ['Fn::GetAZs', { expression: '!GetAZs ""', expected: unknown(/Fn::GetAZs/) }],
    ['an unknown Fn::X', { expression: '{"Fn::Frobnicate": [1]}', expected: unknown(/Fn::Frobnicate is not evaluated/) }],
    [
      'Fn::ImportValue of a name no stack of the input exports',
      { expression: '!ImportValue Elsewhere', expected: unknown(/'Elsewhere' is exported by a stack outside this input/) },
    ],
    [
      'Fn::ImportValue of an unknown name',
      { expression: '!ImportValue {"Fn::Sub": "${NoDefault}-x"}', expected: unknown(/export name not known/) },
    ],
    [
      'a mapping with Ref and another key is an object, not a Ref',
      { expression: '{Ref: Bucket, Other: 1}', expected: { object: '/Resources/R/Properties/V' } },
    ],
  ],
  cycles: [
    ['a parameter default that refers to itself', { expression: '!Ref Loop', expected: unknown(/cycle/) }],
    ['two parameters referring to each other', { expression: '!Ref PingA', expected: unknown(/cycle/) }],
    [
      'a self-referring default that doubles at each step finishes',
      { expression: '!Ref Doubling', expected: { text: [unknown(/cycle/), unknown(/cycle/)] } },
    ],
    ['Fn::Sub through a self-referring parameter', { expression: '!Sub "${Loop}-x"', expected: { text: [unknown(/cycle/), '-x'] } }],
  ],
};

describe('Resolver', () => {
  for (const [group, cases] of Object.entries(table))
    describe(group, () => {
      it.each(cases)('%s', (_name, c) => {
        expect(resolveCase(c)).toEqual(c.expected);
      });
    });
});

describe('conditions', () => {
  const graph = graphOf(template('x'));
  const stack = graph.stacks[0]!;
  it.each([
    ['IsProd', undefined, true],
    ['NotProd', undefined, false],
    ['Both', undefined, true],
    ['Either', undefined, true],
    ['Always', true, true],
    ['Never', false, false],
    ['NotNever', true, true],
    ['Missing', undefined, undefined],
    ['SelfLoop', undefined, undefined],
  ])('%s: %s, and %s with parameter defaults', (name, plain, withDefaults) => {
    expect(graph.resolver.condition(stack, name)).toBe(plain);
    expect(graph.resolver.condition(stack, name, true)).toBe(withDefaults);
  });
});

describe('Fn::ImportValue across the stacks of the input', () => {
  const producer = `
Resources:
  Shared: {Type: AWS::S3::Bucket}
Outputs:
  BucketName:
    Value: !Ref Shared
    Export: {Name: shared-bucket}
  BucketArn:
    Value: !GetAtt Shared.Arn
    Export: {Name: !Sub "\${AWS::StackName}-arn"}
  Selfish:
    Value: !ImportValue selfish
    Export: {Name: selfish}
`;
  const consumer = (expression: string) => `Resources:\n  R:\n    Type: Test::Thing\n    Properties:\n      V: ${expression}\n`;
  const resolveIn = (expression: string) => {
    const graph = graphOf(
      { template: producer, name: 'producer', file: 'producer.yaml' },
      { template: consumer(expression), name: 'consumer', file: 'consumer.yaml' },
    );
    const r = graph.stacks[1]!.resourcesById.get('R')!;
    return graph.get(r, 'Properties', 'V');
  };

  it('resolves an export of another stack to its value there', () => {
    const value = resolveIn('!ImportValue shared-bucket');
    expect(shape(value)).toEqual({ ref: 'Shared' });
    expect(value.kind === 'ref' && value.resource.stack.name).toBe('producer');
  });

  it('resolves an export whose name is built with Fn::Sub from the stack name', () => {
    expect(shape(resolveIn('!ImportValue producer-arn'))).toEqual({ ref: 'Shared.Arn' });
    expect(shape(resolveIn('!ImportValue {"Fn::Sub": "producer-arn"}'))).toEqual({ ref: 'Shared.Arn' });
  });

  it('an export that imports itself is a cycle, not a stack overflow', () => {
    expect(shape(resolveIn('!ImportValue selfish'))).toEqual(unknown(/cycle/));
  });
});

describe('Graph.get', () => {
  const graph = graphOf(`
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      Config: !If [IsProd, {Status: Enabled}, {Status: Suspended}]
      Tags: [{Key: a, Value: b}]
      Gone: !Ref AWS::NoValue
`);
  const b = graph.stacks[0]!.resourcesById.get('B')!;

  it('reads through objects and lists', () => {
    expect(shape(graph.get(b, 'Properties', 'Tags', 0, 'Value'))).toBe('b');
    expect(graph.get(b, 'Properties', 'Tags', 0, 'Value').at.pointer).toBe('/Resources/B/Properties/Tags/0/Value');
  });

  it('reads through alternatives', () => {
    expect(shape(graph.get(b, 'Properties', 'Config', 'Status'))).toEqual({
      oneOf: [
        { when: 'IsProd=true', value: 'Enabled' },
        { when: 'IsProd=false', value: 'Suspended' },
      ],
    });
  });

  it('a missing key is absent at the parent, AWS::NoValue is absent as novalue', () => {
    const missing = graph.get(b, 'Properties', 'Nope', 'Deeper');
    expect(shape(missing)).toEqual({ absent: 'missing' });
    expect(shape(graph.get(b, 'Properties', 'Gone'))).toEqual({ absent: 'novalue' });
    expect(shape(graph.get(b, 'Properties', 'Tags', 5))).toEqual({ absent: 'missing' });
  });

  it('reading into a scalar is unknown with a reason', () => {
    expect(shape(graph.get(b, 'Type', 'x'))).toEqual(unknown(/cannot read 'x' of a literal/));
  });

  it('does not read inherited properties', () => {
    expect(shape(graph.get(b, 'Properties', 'constructor'))).toEqual({ absent: 'missing' });
    expect(shape(graph.get(b, 'Properties', '__proto__'))).toEqual({ absent: 'missing' });
  });
});
