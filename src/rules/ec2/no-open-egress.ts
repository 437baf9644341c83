import { egressRulesOf, hasDefaultEgress, judgeSource, portScope } from '../../aws/network.js';
import { alternatives, describeBranches, describeOrigin, nodeWithin } from '../../graph/query.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'ec2/no-open-egress',
  title: 'Under the strict profile, security groups do not allow all traffic out to the whole internet',
  description:
    'The guidance makes the customer responsible for "the configuration of the AWS provided security group firewall", ' +
    'in both directions. AWS gives every new VPC security group an egress rule for all traffic to 0.0.0.0/0, and the ' +
    'CDK writes that rule explicitly (allowAllOutbound, the default). Most workloads need some outbound access (AWS ' +
    'APIs, package mirrors over HTTPS), so the recommended profile reports nothing about egress: ingress is where the ' +
    "guidance's exposure is. The strict profile asks for egress to be stated and limited, since unrestricted egress " +
    'is how a compromised instance exfiltrates data or reaches a command server: an explicit rule for all traffic ' +
    '(IpProtocol -1, or every port) to 0.0.0.0/0 or ::/0 is a warning, and a group that keeps the default rule (no ' +
    'SecurityGroupEgress and no AWS::EC2::SecurityGroupEgress for it) is a note. Egress to the world on chosen ports ' +
    '(tcp 443) passes.',
  fix:
    'Replace the all-traffic rule with the destinations and ports the workload calls: tcp 443 to a prefix list or VPC ' +
    'endpoints for AWS APIs, the database security group on its port. CDK: `allowAllOutbound: false`, then ' +
    '`securityGroup.addEgressRule(ec2.Peer.prefixList(id), ec2.Port.tcp(443))`.',
  controls: ['SRM-1'],
  severity: 'warning',
  appliesTo: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress'],
  peers: {},
  messages: {
    allTraffic:
      '{{subject}} allows all traffic out to {{cidr}}{{origin}}{{when}}: a compromised workload can reach any host on the internet on any port.',
    defaultEgress: "Security group '{{group}}' declares no egress rules, so it keeps AWS's default rule: all traffic out to 0.0.0.0/0.",
  },
  *check(resource, ctx) {
    if (ctx.options.profile !== 'strict') return;
    const subject =
      resource.type === 'AWS::EC2::SecurityGroup' ? `Security group '${resource.logicalId}'` : `Egress '${resource.logicalId}'`;
    if (resource.type === 'AWS::EC2::SecurityGroup' && hasDefaultEgress(ctx.graph, resource))
      yield { at: resource, messageId: 'defaultEgress', data: { group: resource.logicalId }, severity: 'note' };
    for (const rule of egressRulesOf(ctx.graph, resource))
      for (const property of ['CidrIp', 'CidrIpv6'] as const) {
        const destination = rule.get(property);
        for (const dst of alternatives(destination)) {
          if (dst.value.kind === 'absent') continue;
          const verdict = judgeSource(ctx.graph, dst.value);
          // An egress destination not known before deployment is left alone: egress is a strict-profile concern only.
          if (verdict.kind !== 'open') continue;
          for (const p of alternatives(rule.get('IpProtocol')))
            for (const f of alternatives(rule.get('FromPort')))
              for (const t of alternatives(rule.get('ToPort'))) {
                const scope = portScope(p.value, f.value, t.value);
                const everyPort = scope.kind === 'all' || (scope.kind === 'ports' && scope.from === 0 && scope.to === 65535);
                if (!everyPort) continue;
                const when = describeBranches([...rule.when, ...dst.when, ...p.when, ...f.when, ...t.when]);
                yield {
                  at: nodeWithin(resource, [dst.value, destination, rule.at]),
                  messageId: 'allTraffic',
                  data: { subject, cidr: verdict.text, origin: describeOrigin(dst.value), when },
                };
              }
        }
      }
  },
});
