import type { IngressRule, PortScope } from '../../aws/network.js';
import { ingressRulesOf, judgeSource, onlyAllowedPorts, portScope, sensitivePortsIn } from '../../aws/network.js';
import type { Branch, Resource } from '../../graph/query.js';
import { alternatives, describeBranches, describeOrigin, nodeWithin, renderText } from '../../graph/query.js';
import { defineRule } from '../define.js';
import type { RuleContext } from '../define.js';

export default defineRule({
  id: 'ec2/no-open-ingress',
  title: 'Security groups admit the whole internet only on allowed ports',
  description:
    'The guidance makes the customer responsible for "the configuration of the AWS provided security group firewall". An ' +
    'ingress rule from 0.0.0.0/0 or ::/0 (in any spelling: any CIDR with prefix length 0, also through a parameter ' +
    'default, Fn::If or Fn::FindInMap) exposes its ports to the whole internet. Ports on the allow-list (option ' +
    'allowedPorts, default 80 and 443, applied to tcp and udp) may be open to the world and pass. IpProtocol -1, and any ' +
    'protocol number other than tcp, udp, icmp and icmpv6, opens every port whatever FromPort/ToPort say; a tcp/udp ' +
    'rule without ports or with -1 opens every port. Remote administration, database, cache and file-sharing ports ' +
    'on tcp get their own message. ICMP open to the world is a note. Prefix-list and security-group sources are not open. ' +
    'A source or port not known before deployment is a warning when it could open a port outside the allow-list.',
  fix:
    'Restrict the source to the networks that need access (a corporate CIDR, a prefix list, or another security group via ' +
    'SourceSecurityGroupId), or reach instances through SSM Session Manager instead of opening SSH/RDP. CDK: ' +
    '`securityGroup.addIngressRule(ec2.Peer.ipv4("10.0.0.0/16"), ec2.Port.tcp(22))` instead of `ec2.Peer.anyIpv4()`.',
  controls: ['SRM-1'],
  severity: 'error',
  appliesTo: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  peers: {
    cdkNag: [
      'AwsSolutions-EC23',
      'HIPAA.Security-EC2RestrictedSSH',
      'HIPAA.Security-EC2RestrictedCommonPorts',
      'NIST.800.53.R5-EC2RestrictedSSH',
      'PCI.DSS.321-EC2RestrictedSSH',
    ],
    checkov: ['CKV_AWS_24', 'CKV_AWS_25', 'CKV_AWS_260'],
    cfnNag: ['W2'],
    securityHub: ['EC2.13', 'EC2.14', 'EC2.18', 'EC2.19', 'EC2.53', 'EC2.54'],
  },
  messages: {
    sensitive: '{{subject}} allows {{ports}} from {{cidr}}{{origin}}{{when}}: {{services}} reachable from the whole internet.',
    allTraffic:
      '{{subject}} allows all traffic (IpProtocol -1) from {{cidr}}{{origin}}{{when}}: every port, SSH (22) and RDP (3389) included, is open to the internet.',
    openPorts: '{{subject}} allows {{ports}} from {{cidr}}{{origin}}{{when}}, outside the ports allowed from anywhere ({{allowed}}).',
    icmp: '{{subject}} allows {{protocol}} from {{cidr}}{{origin}}{{when}}; the port allow-list does not apply to ICMP.',
    unknownSource:
      '{{subject}} allows {{ports}} from a source not known before deployment{{when}} ({{reason}}): if it is 0.0.0.0/0 or ::/0, {{ports}} is open to the internet.',
    unknownPorts: '{{subject}} is open to {{cidr}}{{origin}}{{when}} on ports not known before deployment ({{reason}}).',
  },
  *check(resource, ctx) {
    const subject = subjectOf(resource, ctx);
    const allowed = ctx.options.allowedPorts.length > 0 ? ctx.options.allowedPorts.join(', ') : 'none';
    for (const rule of ingressRulesOf(ctx.graph, resource))
      for (const property of ['CidrIp', 'CidrIpv6'] as const) {
        const source = rule.get(property);
        for (const src of alternatives(source)) {
          if (src.value.kind === 'absent') continue;
          const verdict = judgeSource(ctx.graph, src.value);
          if (verdict.kind === 'restricted') continue;
          const at = nodeWithin(resource, [src.value, source, rule.at]);
          for (const { when, scope } of scopes(rule)) {
            const origin =
              verdict.kind === 'open' && verdict.allowedBy
                ? ` (a value parameter '${verdict.allowedBy}' allows)`
                : describeOrigin(src.value);
            const base = { subject, origin, when: describeBranches([...rule.when, ...src.when, ...when]) };
            if (scope.kind === 'icmp' || (scope.kind === 'ports' && onlyAllowedPorts(scope.from, scope.to, ctx.options.allowedPorts))) {
              if (scope.kind === 'icmp' && verdict.kind === 'open')
                yield { at, messageId: 'icmp', data: { ...base, cidr: verdict.text, protocol: scope.protocol }, severity: 'note' };
              continue;
            }
            if (verdict.kind === 'unknown') {
              yield {
                at,
                messageId: 'unknownSource',
                data: { ...base, ports: describePorts(scope), reason: verdict.reason },
                severity: 'warning',
              };
              continue;
            }
            const data = { ...base, cidr: verdict.text };
            if (scope.kind === 'unknown')
              yield { at, messageId: 'unknownPorts', data: { ...data, reason: scope.reason }, severity: 'warning' };
            else if (scope.kind === 'all') yield { at, messageId: 'allTraffic', data };
            else {
              // The services listen on tcp: for udp and other protocols the ports are just outside the allow-list.
              const services =
                scope.protocol === 'tcp' ? sensitivePortsIn(scope.from, scope.to).map((s) => `${s.service} (${s.port})`) : [];
              if (services.length === 0) yield { at, messageId: 'openPorts', data: { ...data, ports: describePorts(scope), allowed } };
              else yield { at, messageId: 'sensitive', data: { ...data, ports: describePorts(scope), services: listOf(services) } };
            }
          }
        }
      }
  },
});

/** Every combination of the protocol and port alternatives. */
function scopes(rule: IngressRule): { when: Branch[]; scope: PortScope }[] {
  const out: { when: Branch[]; scope: PortScope }[] = [];
  for (const p of alternatives(rule.get('IpProtocol')))
    for (const f of alternatives(rule.get('FromPort')))
      for (const t of alternatives(rule.get('ToPort')))
        out.push({ when: [...p.when, ...f.when, ...t.when], scope: portScope(p.value, f.value, t.value) });
  return out;
}

function describePorts(scope: PortScope): string {
  if (scope.kind === 'all') return 'all traffic';
  if (scope.kind === 'unknown') return 'ports not known before deployment';
  if (scope.kind === 'icmp') return scope.protocol;
  if (scope.protocol.startsWith('protocol ')) return `every port of ${scope.protocol}`;
  return scope.from === scope.to ? `${scope.protocol} port ${scope.from}` : `${scope.protocol} ports ${scope.from}-${scope.to}`;
}

function listOf(items: string[]): string {
  const shown = items.length > 4 ? [...items.slice(0, 3), `${items.length - 3} more sensitive ports`] : items;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
}

/** "Security group 'SG'", or "Ingress 'X' of security group 'SG'" with the group found through the graph. */
function subjectOf(resource: Resource, ctx: RuleContext): string {
  if (resource.type === 'AWS::EC2::SecurityGroup') return `Security group '${resource.logicalId}'`;
  const groups = [
    ...ctx.graph.referencedBy(resource, 'GroupId', 'AWS::EC2::SecurityGroup'),
    ...ctx.graph.referencedBy(resource, 'GroupName', 'AWS::EC2::SecurityGroup'),
  ];
  const group = groups[0];
  if (group)
    return `Ingress '${resource.logicalId}' of security group '${group.logicalId}'${group.stack === resource.stack ? '' : ` (stack ${group.stack.name ?? group.stack.id})`}`;
  const written =
    renderText(ctx.graph.get(resource, 'Properties', 'GroupId')) ?? renderText(ctx.graph.get(resource, 'Properties', 'GroupName'));
  return `Ingress '${resource.logicalId}' of security group ${written ? `'${written}'` : 'not known before deployment'}`;
}
