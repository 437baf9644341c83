import { describe, expect, it } from 'vitest';
import { graphOf } from '../../test/helpers.js';
import { judgeSource, onlyAllowedPorts, parseCidr, portScope, sensitivePortsIn } from './network.js';
import type { Resolved } from '../graph/values.js';

describe('parseCidr', () => {
  it.each([
    ['0.0.0.0/0', 4, 0],
    ['000.000.000.000/00', 4, 0],
    ['10.0.0.0/0', 4, 0],
    [' 0.0.0.0/0 ', 4, 0],
    ['10.1.2.3/32', 4, 32],
    ['::/0', 6, 0],
    ['0::/0', 6, 0],
    ['::0/0', 6, 0],
    ['0:0:0:0:0:0:0:0/0', 6, 0],
    ['2001:db8::/32', 6, 32],
    ['::ffff:0.0.0.0/96', 6, 96],
    ['2001:DB8:0:0:0:0:0:1/128', 6, 128],
  ])('%s is IPv%i with prefix %i', (text, family, prefix) => {
    expect(parseCidr(text)).toEqual({ family, prefix });
  });

  it.each([
    '0.0.0.0',
    '0.0.0.0/33',
    '256.0.0.0/0',
    '1.2.3/0',
    '::/129',
    '1::2::3/0',
    '0:0:0:0:0:0:0/0',
    '0:0:0:0:0:0:0:0:0/0',
    'g::/0',
    'anywhere/0',
    '/0',
    '',
  ])('%j is not a CIDR', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('portScope', () => {
  const at = { stack: null as never, pointer: '', value: null };
  const lit = (value: string | number): Resolved => ({ kind: 'literal', value, at });
  const absent: Resolved = { kind: 'absent', at, reason: 'missing' };

  it('reads tcp/udp ranges, in either order and as strings', () => {
    expect(portScope(lit('tcp'), lit(22), lit(22))).toEqual({ kind: 'ports', protocol: 'tcp', from: 22, to: 22 });
    expect(portScope(lit('6'), lit('1000'), lit('10'))).toEqual({ kind: 'ports', protocol: 'tcp', from: 10, to: 1000 });
    expect(portScope(lit('UDP'), lit(53), lit(53))).toEqual({ kind: 'ports', protocol: 'udp', from: 53, to: 53 });
  });
  it('treats -1, a missing port and other protocol numbers as every port', () => {
    expect(portScope(lit(-1), absent, absent)).toEqual({ kind: 'all' });
    expect(portScope(lit('-1'), lit(22), lit(22))).toEqual({ kind: 'all' });
    expect(portScope(lit('tcp'), lit(-1), lit(-1))).toEqual({ kind: 'ports', protocol: 'tcp', from: 0, to: 65535 });
    expect(portScope(lit('tcp'), absent, absent)).toEqual({ kind: 'ports', protocol: 'tcp', from: 0, to: 65535 });
    expect(portScope(lit(132), lit(22), lit(22))).toEqual({ kind: 'ports', protocol: 'protocol 132', from: 0, to: 65535 });
  });
  it('keeps ICMP apart and says why a value is unknown', () => {
    expect(portScope(lit('icmp'), lit(8), lit(-1))).toEqual({ kind: 'icmp', protocol: 'icmp' });
    expect(portScope(lit('58'), lit(-1), lit(-1))).toEqual({ kind: 'icmp', protocol: 'icmpv6' });
    expect(portScope({ kind: 'unknown', reason: 'no default', at }, lit(1), lit(1))).toEqual({ kind: 'unknown', reason: 'no default' });
    expect(portScope(lit('tcp'), lit('ssh'), lit(22))).toEqual({ kind: 'unknown', reason: 'FromPort is not known before deployment' });
    expect(portScope(lit('gre'), lit(1), lit(1)).kind).toBe('unknown');
    expect(portScope(absent, lit(22), lit(22))).toEqual({ kind: 'unknown', reason: 'the rule has no IpProtocol' });
  });
});

describe('port lists', () => {
  it('finds sensitive ports in a range and checks the allow-list', () => {
    expect(sensitivePortsIn(20, 23).map((s) => s.port)).toEqual([20, 21, 22, 23]);
    expect(sensitivePortsIn(80, 80)).toEqual([]);
    expect(onlyAllowedPorts(443, 443, [80, 443])).toBe(true);
    expect(onlyAllowedPorts(80, 443, [80, 443])).toBe(false);
    expect(onlyAllowedPorts(22, 22, [])).toBe(false);
  });
});

describe('judgeSource', () => {
  const yaml = `Parameters:
  Net:
    Type: String
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      A: !Sub '\${Net}/0'
      B: !Sub '\${Net}/24'
      C: !Ref Net
      D: !GetAtt Vpc.CidrBlock
      E: 0.0.0.0/0
      F: not-a-cidr
`;
  const graph = graphOf({ template: yaml, file: 't.yaml' });
  const sg = graph.stacks[0]!.resourcesById.get('SG')!;
  const judge = (p: string) => judgeSource(graph, graph.get(sg, 'Properties', p));

  it('judges a prefix written around an unknown address', () => {
    expect(judge('A')).toEqual({ kind: 'open', text: '${Net}/0' });
    expect(judge('B')).toEqual({ kind: 'restricted' });
  });
  it('says why a source is unknown, and knows VPC ranges are not the world', () => {
    expect(judge('C')).toEqual({ kind: 'unknown', reason: "parameter 'Net' has no default: its value is chosen at deployment" });
    expect(judge('D')).toEqual({ kind: 'restricted' });
    expect(judge('E')).toEqual({ kind: 'open', text: '0.0.0.0/0' });
    expect(judge('F')).toEqual({ kind: 'restricted' });
  });
});

describe('judgeSource with parameter constraints', () => {
  const yaml = `Parameters:
  Forbids:
    Type: String
    AllowedPattern: '(\\d{1,3}\\.){3}\\d{1,3}/(1[6-9]|2\\d|3[0-2])'
  Admits:
    Type: String
    AllowedPattern: '(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}'
  PrivateValues:
    Type: String
    Default: 10.0.0.0/8
    AllowedValues: [10.0.0.0/8, 172.16.0.0/12]
  OpenValue:
    Type: String
    Default: 10.0.0.0/8
    AllowedValues: [10.0.0.0/8, 0.0.0.0/0]
  OpenDefault:
    Type: String
    Default: 0.0.0.0/0
    AllowedValues: [0.0.0.0/0]
  Short:
    Type: String
    MaxLength: 3
  BadPattern:
    Type: String
    AllowedPattern: '(['
Resources:
  SG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      Forbids: !Ref Forbids
      Admits: !Ref Admits
      PrivateValues: !Ref PrivateValues
      OpenValue: !Ref OpenValue
      OpenDefault: !Ref OpenDefault
      Short: !Ref Short
      BadPattern: !Ref BadPattern
`;
  const graph = graphOf({ template: yaml, file: 't.yaml' });
  const sg = graph.stacks[0]!.resourcesById.get('SG')!;
  const judge = (p: string) => judgeSource(graph, graph.get(sg, 'Properties', p));

  it('a pattern or length that admits no spelling of the world closes it, default or not', () => {
    expect(judge('Forbids')).toEqual({ kind: 'restricted' });
    expect(judge('Short')).toEqual({ kind: 'restricted' });
    expect(judge('PrivateValues')).toEqual({ kind: 'restricted' });
  });
  it('AllowedValues that include the world open it, whatever the default', () => {
    expect(judge('OpenValue')).toEqual({ kind: 'open', text: '0.0.0.0/0', allowedBy: 'OpenValue' });
    expect(judge('OpenDefault')).toEqual({ kind: 'open', text: '0.0.0.0/0' });
  });
  it('a pattern that admits /0, or one that does not compile, decides nothing', () => {
    expect(judge('Admits')).toMatchObject({ kind: 'unknown' });
    expect(judge('BadPattern')).toMatchObject({ kind: 'unknown' });
  });
});
