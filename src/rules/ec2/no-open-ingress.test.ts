import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-open-ingress.js';

/** A security group with one inline ingress entry (the entry's lines, indented under `- `). */
const group = (entry: string, head = '') =>
  `${head}Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: test\n      SecurityGroupIngress:\n        - ${entry.trim().replace(/\n/g, '\n          ')}\n`;
const tcp = (port: number | string, cidr: string, key = 'CidrIp') => `IpProtocol: tcp\nFromPort: ${port}\nToPort: ${port}\n${key}: ${cidr}`;
const ingress = (properties: string, head = '') =>
  `${head}Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: test\n  Rdp:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      ${properties.trim().replace(/\n/g, '\n      ')}\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'SSH from a private range', template: group(tcp(22, '10.0.0.0/8')) },
    { name: 'HTTPS from anywhere is on the default allow-list', template: group(tcp(443, '0.0.0.0/0')) },
    { name: 'HTTP from anywhere over IPv6', template: group(tcp(80, "'::/0'", 'CidrIpv6')) },
    { name: 'a range made only of allowed ports', template: group(tcp(443, '0.0.0.0/0')), options: { allowedPorts: [443, 22] } },
    { name: 'SSH allowed from anywhere by option', template: group(tcp(22, '0.0.0.0/0')), options: { allowedPorts: [22] } },
    { name: 'half the IPv4 space is not the world', template: group(tcp(22, '0.0.0.0/1')) },
    { name: 'a source security group is not open', template: group('IpProtocol: -1\nSourceSecurityGroupId: sg-12345678') },
    { name: 'a prefix list is not open', template: group('IpProtocol: tcp\nFromPort: 22\nToPort: 22\nSourcePrefixListId: pl-12345678') },
    { name: 'ICMP from a private range', template: group('IpProtocol: icmp\nFromPort: -1\nToPort: -1\nCidrIp: 10.0.0.0/8') },
    {
      name: "the VPC's own range through GetAtt",
      template: group(tcp(22, '!GetAtt Vpc.CidrBlock')).replace(
        'Resources:\n',
        'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n',
      ),
    },
    { name: 'an unknown source on an allowed port', template: group(tcp(443, '!Ref Net'), 'Parameters:\n  Net:\n    Type: String\n') },
    {
      name: 'a CIDR parameter whose AllowedPattern forbids /0 can never open the world',
      template: group(
        tcp(22, '!Ref Net'),
        "Parameters:\n  Net:\n    Type: String\n    AllowedPattern: '(\\d{1,3}\\.){3}\\d{1,3}/(1[6-9]|2\\d|3[0-2])'\n",
      ),
    },
    {
      name: 'a CIDR parameter whose AllowedValues are private ranges',
      template: group(
        tcp(22, '!Ref Net'),
        'Parameters:\n  Net:\n    Type: String\n    Default: 10.0.0.0/8\n    AllowedValues: [10.0.0.0/8, 192.168.0.0/16]\n',
      ),
    },
    {
      name: 'a CIDR parameter too short for any spelling of the world (MaxLength)',
      template: group(tcp(22, '!Ref Net'), 'Parameters:\n  Net:\n    Type: String\n    MaxLength: 3\n'),
    },
    {
      name: 'a group with no ingress',
      template: 'Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: test\n',
    },
  ],
  invalid: [
    {
      // The pattern backtracks for minutes on '0.0.0.0/0' with a plain RegExp test (the scan hung); it decides nothing.
      name: 'a CIDR parameter whose AllowedPattern backtracks without end is a source not known before deployment',
      template: group(tcp(22, '!Ref Cidr'), `Parameters:\n  Cidr:\n    Type: String\n    AllowedPattern: '${'(.*)*'.repeat(9)}Q'\n`),
      findings: [
        {
          messageId: 'unknownSource',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 14,
          column: 11,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'SSH from 0.0.0.0/0 names the service',
      template: group(tcp(22, '0.0.0.0/0')),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 10,
          column: 11,
          message: "Security group 'SG' allows tcp port 22 from 0.0.0.0/0: SSH (22) reachable from the whole internet.",
        },
      ],
    },
    {
      name: 'RDP on ::/0 through a separate ingress resource names its group',
      template: ingress("GroupId: !GetAtt SG.GroupId\nIpProtocol: tcp\nFromPort: 3389\nToPort: 3389\nCidrIpv6: '::/0'"),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/Rdp/Properties/CidrIpv6',
          line: 13,
          column: 7,
          message: "Ingress 'Rdp' of security group 'SG' allows tcp port 3389 from ::/0: RDP (3389)",
        },
      ],
    },
    {
      name: 'other spellings of the open range',
      template:
        `Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: test\n      SecurityGroupIngress:\n` +
        `        - { IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIpv6: '0::/0' }\n` +
        `        - { IpProtocol: tcp, FromPort: 3306, ToPort: 3306, CidrIpv6: '0:0:0:0:0:0:0:0/0' }\n` +
        `        - { IpProtocol: tcp, FromPort: 6379, ToPort: 6379, CidrIp: 0.0.0.0/00 }\n`,
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIpv6',
          line: 7,
          column: 60,
          message: 'PostgreSQL (5432)',
        },
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/1/CidrIpv6',
          line: 8,
          column: 60,
          message: 'MySQL (3306)',
        },
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/2/CidrIp',
          line: 9,
          column: 60,
          message: 'from 0.0.0.0/00: Redis (6379)',
        },
      ],
    },
    {
      name: 'IpProtocol -1 is all traffic, whatever the ports say',
      template: group("IpProtocol: '-1'\nFromPort: 443\nToPort: 443\nCidrIp: 0.0.0.0/0"),
      findings: [
        {
          messageId: 'allTraffic',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 10,
          column: 11,
          message: 'all traffic (IpProtocol -1) from 0.0.0.0/0',
        },
      ],
    },
    {
      name: 'a full tcp range lists the sensitive ports it opens',
      template: group('IpProtocol: tcp\nFromPort: 0\nToPort: 65535\nCidrIp: 0.0.0.0/0'),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 10,
          column: 11,
          message: 'tcp ports 0-65535 from 0.0.0.0/0: FTP data (20), FTP (21), SSH (22) and 35 more sensitive ports',
        },
      ],
    },
    {
      name: 'a tcp rule without ports opens every port',
      template: group('IpProtocol: tcp\nCidrIp: 0.0.0.0/0'),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 8,
          column: 11,
          message: 'tcp ports 0-65535',
        },
      ],
    },
    {
      name: 'ports outside the allow-list that are not sensitive',
      template: group('IpProtocol: tcp\nFromPort: 8443\nToPort: 8444\nCidrIp: 0.0.0.0/0'),
      findings: [
        {
          messageId: 'openPorts',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 10,
          column: 11,
          message: 'allows tcp ports 8443-8444 from 0.0.0.0/0, outside the ports allowed from anywhere (80, 443).',
        },
      ],
    },
    {
      name: 'a range that covers an allowed port and more',
      template: group('IpProtocol: tcp\nFromPort: 80\nToPort: 443\nCidrIp: 0.0.0.0/0'),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 10,
          column: 11,
          message: 'POP3 (110), Windows RPC (135), NetBIOS (137) and 3 more sensitive ports',
        },
      ],
    },
    {
      name: 'udp and other protocol numbers',
      template:
        `Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: test\n      SecurityGroupIngress:\n` +
        `        - { IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: 0.0.0.0/0 }\n` +
        `        - { IpProtocol: 132, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }\n`,
      findings: [
        {
          messageId: 'openPorts',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 7,
          column: 56,
          message: 'udp port 53',
        },
        {
          messageId: 'openPorts',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/1/CidrIp',
          line: 8,
          column: 58,
          message: 'every port of protocol 132',
        },
      ],
    },
    {
      name: 'an empty allow-list makes HTTPS a finding',
      template: group(tcp(443, '0.0.0.0/0')),
      options: { allowedPorts: [] },
      findings: [
        {
          messageId: 'openPorts',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 10,
          column: 11,
          message: '(none)',
        },
      ],
    },
    {
      name: 'the open range from a parameter default',
      template: group(tcp(22, '!Ref Anywhere'), "Parameters:\n  Anywhere:\n    Type: String\n    Default: '0.0.0.0/0'\n"),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 14,
          column: 11,
          message: "from 0.0.0.0/0 (from the default of parameter 'Anywhere')",
        },
      ],
    },
    {
      name: 'both branches of Fn::If are checked',
      template: group(
        tcp(22, '!If [IsProd, 10.0.0.0/8, 0.0.0.0/0]'),
        'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n',
      ),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp/Fn::If/2',
          line: 15,
          column: 44,
          message: 'from 0.0.0.0/0 (when IsProd is false)',
        },
      ],
    },
    {
      name: 'Fn::FindInMap over the region fans out to every entry',
      template: group(
        tcp(3389, '!FindInMap [Admin, !Ref AWS::Region, Cidr]'),
        "Mappings:\n  Admin:\n    eu-west-1:\n      Cidr: 10.0.0.0/8\n    us-east-1:\n      Cidr: '::/0'\n",
      ),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 16,
          column: 11,
          message: 'from ::/0 (when Admin[us-east-1] is true): RDP (3389)',
        },
      ],
    },
    {
      name: 'a source without default on a sensitive port is a warning',
      template: group(tcp(22, '!Ref Net'), 'Parameters:\n  Net:\n    Type: String\n'),
      findings: [
        {
          messageId: 'unknownSource',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 13,
          column: 11,
          severity: 'warning',
          message:
            "allows tcp port 22 from a source not known before deployment (parameter 'Net' has no default: its value is chosen at deployment)",
        },
      ],
    },
    {
      name: 'AllowedValues that include 0.0.0.0/0 open the world even with a private default',
      template: group(
        tcp(22, '!Ref Net'),
        'Parameters:\n  Net:\n    Type: String\n    Default: 10.0.0.0/8\n    AllowedValues: [10.0.0.0/8, 0.0.0.0/0]\n',
      ),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 15,
          column: 11,
          message: "allows tcp port 22 from 0.0.0.0/0 (a value parameter 'Net' allows): SSH (22) reachable from the whole internet.",
        },
      ],
    },
    {
      name: 'an AllowedPattern that admits /0 leaves a parameter with no default unknown',
      template: group(
        tcp(22, '!Ref Net'),
        "Parameters:\n  Net:\n    Type: String\n    AllowedPattern: '(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}'\n",
      ),
      findings: [
        {
          messageId: 'unknownSource',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 14,
          column: 11,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'ports without default on an open range are a warning',
      template: group(
        'IpProtocol: tcp\nFromPort: !Ref Port\nToPort: !Ref Port\nCidrIp: 0.0.0.0/0',
        'Parameters:\n  Port:\n    Type: Number\n',
      ),
      findings: [
        {
          messageId: 'unknownPorts',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIp',
          line: 13,
          column: 11,
          severity: 'warning',
          message: "is open to 0.0.0.0/0 on ports not known before deployment (parameter 'Port' has no default",
        },
      ],
    },
    {
      name: 'ICMP from anywhere is a note',
      template: group("IpProtocol: icmpv6\nFromPort: -1\nToPort: -1\nCidrIpv6: '::/0'"),
      findings: [
        {
          messageId: 'icmp',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/0/CidrIpv6',
          line: 10,
          column: 11,
          severity: 'note',
          message: 'allows icmpv6 from ::/0',
        },
      ],
    },
    {
      name: 'a single mapping written where the list belongs',
      template:
        'Resources:\n  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: test\n      SecurityGroupIngress:\n        IpProtocol: tcp\n        FromPort: 27017\n        ToPort: 27017\n        CidrIp: 0.0.0.0/0\n',
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/SG/Properties/SecurityGroupIngress/CidrIp',
          line: 10,
          column: 9,
          message: 'MongoDB (27017)',
        },
      ],
    },
    {
      name: 'an ingress whose group is a literal id',
      template: ingress('GroupId: sg-0123456789abcdef0\nIpProtocol: tcp\nFromPort: 1433\nToPort: 1433\nCidrIp: 0.0.0.0/0'),
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/Rdp/Properties/CidrIp',
          line: 13,
          column: 7,
          message: "Ingress 'Rdp' of security group 'sg-0123456789abcdef0' allows tcp port 1433 from 0.0.0.0/0: SQL Server (1433)",
        },
      ],
    },
    {
      name: 'an ingress in another stack names the group it imports',
      template:
        'Resources:\n  Ssh:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !ImportValue shared-sg\n      IpProtocol: tcp\n      FromPort: 22\n      ToPort: 22\n      CidrIp: 0.0.0.0/0\n',
      others: [
        {
          template:
            'Resources:\n  Shared:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: shared\nOutputs:\n  Sg:\n    Value: !GetAtt Shared.GroupId\n    Export:\n      Name: shared-sg\n',
          stack: { name: 'Network' },
        },
      ],
      findings: [
        {
          messageId: 'sensitive',
          pointer: '/Resources/Ssh/Properties/CidrIp',
          line: 9,
          column: 7,
          message: "Ingress 'Ssh' of security group 'Shared' (stack Network) allows tcp port 22",
        },
      ],
    },
  ],
});
