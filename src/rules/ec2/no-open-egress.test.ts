import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-open-egress.js';

const strict = { profile: 'strict' as const };
const group = (egress: string) =>
  `Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: app\n${egress ? `      SecurityGroupEgress:\n${egress}` : ''}`;
/** The rule the CDK writes for allowAllOutbound (its default). */
const allOut = "        - CidrIp: 0.0.0.0/0\n          Description: Allow all outbound traffic by default\n          IpProtocol: '-1'\n";
const https = '        - CidrIp: 0.0.0.0/0\n          IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n';

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'the recommended profile reports nothing about egress', template: group(allOut) },
    { name: 'nor about the default egress rule', template: group('') },
    { name: 'egress to the world on tcp 443 only, under strict', template: group(https), options: strict },
    {
      name: 'all traffic to a private range, under strict',
      template: group("        - CidrIp: 10.0.0.0/8\n          IpProtocol: '-1'\n"),
      options: strict,
    },
    {
      name: 'a group whose egress is a separate resource does not keep the default rule',
      template: `${group('')}  Out:\n    Type: AWS::EC2::SecurityGroupEgress\n    Properties:\n      GroupId: !GetAtt Sg.GroupId\n      IpProtocol: tcp\n      FromPort: 443\n      ToPort: 443\n      CidrIp: 0.0.0.0/0\n`,
      options: strict,
    },
  ],
  invalid: [
    {
      name: "the CDK's allowAllOutbound rule, under strict",
      template: group(allOut),
      options: strict,
      findings: [
        {
          messageId: 'allTraffic',
          pointer: '/Resources/Sg/Properties/SecurityGroupEgress/0/CidrIp',
          line: 7,
          column: 11,
          severity: 'warning',
          message: "Security group 'Sg' allows all traffic out to 0.0.0.0/0",
        },
      ],
    },
    {
      name: 'the default egress rule kept, under strict: a note on the group',
      template: group(''),
      options: strict,
      findings: [{ messageId: 'defaultEgress', pointer: '/Resources/Sg', line: 2, column: 3, severity: 'note' }],
    },
    {
      name: 'a standalone egress of every tcp port to ::/0, under strict',
      template: `${group(https)}  Out:\n    Type: AWS::EC2::SecurityGroupEgress\n    Properties:\n      GroupId: !GetAtt Sg.GroupId\n      IpProtocol: tcp\n      FromPort: 0\n      ToPort: 65535\n      CidrIpv6: ::/0\n`,
      options: strict,
      findings: [
        {
          messageId: 'allTraffic',
          pointer: '/Resources/Out/Properties/CidrIpv6',
          line: 18,
          column: 7,
          message: "Egress 'Out' allows all traffic out to ::/0",
        },
      ],
    },
  ],
});
