import { describe, expect, it } from 'vitest';
import { LoadFailure } from '../../src/load/document.js';
import { parseJson } from '../../src/load/json.js';
import { parseYaml } from '../../src/load/yaml.js';

const yaml = (text: string): unknown => parseYaml('t.yaml', text).value;
/** The value of key `V` in a one-line YAML document. */
const v = (source: string): unknown => (yaml(`V: ${source}\n`) as Record<string, unknown>)['V'];

describe('JSON loader', () => {
  it('parses with the native parser and keeps the text', () => {
    const text = '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}';
    const doc = parseJson('t.json', text);
    expect(doc.format).toBe('json');
    expect(doc.text).toBe(text);
    expect(doc.value).toEqual({ Resources: { B: { Type: 'AWS::S3::Bucket' } } });
  });

  it('keeps the last of duplicate keys, like JSON.parse', () => {
    expect(parseJson('t.json', '{"a": 1, "a": 2}').value).toEqual({ a: 2 });
  });

  it('reports malformed JSON with the offset of the error', () => {
    const error = (() => {
      try {
        parseJson('t.json', '{\n  "a": 1,\n  "b": ]\n}');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LoadFailure);
    expect((error as LoadFailure).code).toBe('PARSE');
    // Offset of the `]` on line 3.
    expect((error as LoadFailure).offset).toBe('{\n  "a": 1,\n  "b": '.length);
  });
});

describe('YAML loader: CloudFormation short-form tags become long form', () => {
  const cases: [string, string, unknown][] = [
    ['!Ref', '!Ref Bucket', { Ref: 'Bucket' }],
    ['!Ref pseudo', '!Ref AWS::Region', { Ref: 'AWS::Region' }],
    ['!GetAtt dotted', '!GetAtt Bucket.Arn', { 'Fn::GetAtt': ['Bucket', 'Arn'] }],
    ['!GetAtt dotted, nested attribute', '!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt A.B.C', '!GetAtt A.B.C', { 'Fn::GetAtt': ['A', 'B.C'] }],
    ['!GetAtt list', '!GetAtt [Bucket, Arn]', { 'Fn::GetAtt': ['Bucket', 'Arn'] }],
    ['!Sub string', '!Sub "arn:${AWS::Partition}:s3:::${Bucket}"', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' }],
    ['!Sub list', '!Sub ["${A}-x", {A: !Ref B}]', { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }],
    ['!Join', "!Join [',', [a, b]]", { 'Fn::Join': [',', ['a', 'b']] }],
    ['!Select', '!Select [0, [a, b]]', { 'Fn::Select': [0, ['a', 'b']] }],
    ['!Split', "!Split [',', 'a,b']", { 'Fn::Split': [',', 'a,b'] }],
    ['!If', '!If [IsProd, a, b]', { 'Fn::If': ['IsProd', 'a', 'b'] }],
    ['!Equals', '!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
    ['!And', '!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or', '!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Not', '!Not [!Condition A]', { 'Fn::Not': [{ Condition: 'A' }] }],
    ['!FindInMap', '!FindInMap [Map, !Ref AWS::Region, Ami]', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] }],
    ['!Base64', '!Base64 hello', { 'Fn::Base64': 'hello' }],
    ['!Cidr', '!Cidr [!GetAtt Vpc.CidrBlock, 6, 5]', { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 5] }],
    ['!GetAZs with a region', '!GetAZs us-east-1', { 'Fn::GetAZs': 'us-east-1' }],
    ['!GetAZs empty', "!GetAZs ''", { 'Fn::GetAZs': '' }],
    ['!ImportValue', '!ImportValue SharedBucket', { 'Fn::ImportValue': 'SharedBucket' }],
    // Two short forms cannot tag one node (CloudFormation says so too); the inner one is written in long form.
    ['!ImportValue of Fn::Sub', '!ImportValue {"Fn::Sub": "${Env}-Bucket"}', { 'Fn::ImportValue': { 'Fn::Sub': '${Env}-Bucket' } }],
    ['!Condition', '!Condition IsProd', { Condition: 'IsProd' }],
    // Nested tags.
    [
      '!Join of !Ref and !GetAtt',
      "!Join ['', [!Ref A, !GetAtt B.Arn]]",
      { 'Fn::Join': ['', [{ Ref: 'A' }, { 'Fn::GetAtt': ['B', 'Arn'] }]] },
    ],
    [
      '!Sub with tagged variables',
      '!Sub ["${Arn}/*", {Arn: !GetAtt Bucket.Arn, Name: !Join ["-", [!Ref AWS::StackName, x]]}]',
      {
        'Fn::Sub': [
          '${Arn}/*',
          { Arn: { 'Fn::GetAtt': ['Bucket', 'Arn'] }, Name: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, 'x']] } },
        ],
      },
    ],
    ['!Select of !Split of !Ref', "!Select [1, !Split [',', !Ref List]]", { 'Fn::Select': [1, { 'Fn::Split': [',', { Ref: 'List' }] }] }],
  ];
  it.each(cases)('%s', (_name, source, expected) => {
    expect(v(source)).toEqual(expected);
  });

  it('converts block-style tagged nodes', () => {
    const text = `Fn:\n  !Sub\n    - "\${A}"\n    - A: !If\n        - C\n        - !Ref X\n        - !Ref AWS::NoValue\n`;
    expect(yaml(text)).toEqual({ Fn: { 'Fn::Sub': ['${A}', { A: { 'Fn::If': ['C', { Ref: 'X' }, { Ref: 'AWS::NoValue' }] } }] } });
  });

  it('rejects two short forms on one node, as CloudFormation does', () => {
    expect(() => v('!ImportValue !Sub "${Env}-Bucket"')).toThrow(LoadFailure);
  });

  it('accepts the long form too', () => {
    expect(v('{"Fn::GetAtt": [B, Arn]}')).toEqual({ 'Fn::GetAtt': ['B', 'Arn'] });
  });
});

describe('YAML loader: YAML 1.1 surprises are read as CloudFormation does', () => {
  it('keeps an unquoted 2012-10-17 a string, not a date', () => {
    expect(v('2012-10-17')).toBe('2012-10-17');
  });
  it.each(['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', 'OFF'])('keeps %s a string', (word) => {
    expect(v(word)).toBe(word);
  });
  it('keeps leading-zero account ids as written', () => {
    expect(v('012345678901')).toBe('012345678901');
    expect(v('0123')).toBe('0123');
  });
  it('keeps integers too large to be exact as text', () => {
    expect(v('12345678901234567890')).toBe('12345678901234567890');
  });
  it('reads ordinary numbers and booleans as numbers and booleans', () => {
    expect(yaml('a: 123456789012\nb: 1.5\nc: true\nd: false\ne: ~\nf: 0\n')).toEqual({
      a: 123456789012,
      b: 1.5,
      c: true,
      d: false,
      e: null,
      f: 0,
    });
  });
  it('reads YAML 1.1 octal-looking 0777 as text, not 511', () => {
    expect(v('0777')).toBe('0777');
  });
  it('gives plain JSON only: explicit !!timestamp, !!binary and .inf keep their text', () => {
    const value = yaml('a: !!timestamp 2012-10-17\nb: !!binary aGVsbG8=\nc: .inf\nd: -.inf\ne: .nan\n') as Record<string, unknown>;
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      const x = value[key];
      expect(x === null || ['string', 'number', 'boolean'].includes(typeof x), `${key} is ${String(x)}`).toBe(true);
      if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
    }
    expect(value['a']).toBe('2012-10-17');
    expect(value['c']).toBe('.inf');
  });
  it('expands merge keys', () => {
    expect(yaml('base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n')).toEqual({ base: { x: 1, y: 2 }, m: { x: 1, y: 3 } });
  });
  it('expands aliases', () => {
    expect(yaml('a: &tags [{Key: k, Value: v}]\nb: *tags\n')).toEqual({ a: [{ Key: 'k', Value: 'v' }], b: [{ Key: 'k', Value: 'v' }] });
  });
});

describe('a YAML template and its JSON equivalent give the same value', () => {
  const yamlText = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - !If [IsProd, !Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/ReadOnlyAccess']], !Ref AWS::NoValue]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      MemorySize: 128
      Environment:
        Variables:
          ACCOUNT: 012345678901
          ENABLED: yes
`;
  const jsonText = JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Env: { Type: 'String', Default: 'dev' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          ManagedPolicyArns: [
            { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
            {
              'Fn::If': [
                'IsProd',
                { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/ReadOnlyAccess']] },
                { Ref: 'AWS::NoValue' },
              ],
            },
          ],
        },
      },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          MemorySize: 128,
          Environment: { Variables: { ACCOUNT: '012345678901', ENABLED: 'yes' } },
        },
      },
    },
  });
  it('deep-equals', () => {
    expect(parseYaml('t.yaml', yamlText).value).toEqual(parseJson('t.json', jsonText).value);
  });
});
