import type { IpPermission } from '@aws-sdk/client-ec2';
import { paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import noOpenIngress from '../rules/ec2/no-open-ingress.js';
import type { AccountAudit } from './context.js';
import { evaluateSynthetic, type SyntheticResource } from './synthetic.js';

/**
 * The security groups of one region, a page at a time, judged by the template rule: each live permission is
 * written as one `SecurityGroupIngress` entry per address range, the shape the rule reads.
 */
export async function auditSecurityGroups(audit: AccountAudit, region: string): Promise<void> {
  const client = audit.clients.region(region).ec2();
  const regionArn = `arn:${audit.partition}:ec2:${region}:${audit.account}:security-group/*`;
  await audit.guarded('ec2:DescribeSecurityGroups', regionArn, region, async () => {
    const pages = paginateDescribeSecurityGroups({ client }, { MaxResults: 1000 });
    for (;;) {
      const next = await audit.call('ec2', () => pages.next());
      if (next.done) break;
      const synthetic: SyntheticResource[] = (next.value.SecurityGroups ?? []).map((group) => {
        audit.sink.resources++;
        const live = audit.resource(
          `arn:${audit.partition}:ec2:${region}:${audit.account}:security-group/${group.GroupId}`,
          'AWS::EC2::SecurityGroup',
          region,
          group.GroupId!,
        );
        // Every VPC comes with a security group named `default` that cannot be deleted: no template declares it.
        if (group.GroupName === 'default') live.declarable = false;
        return {
          logicalId: group.GroupId!,
          type: 'AWS::EC2::SecurityGroup',
          properties: {
            GroupDescription: group.Description ?? '',
            ...(group.VpcId ? { VpcId: group.VpcId } : {}),
            SecurityGroupIngress: (group.IpPermissions ?? []).flatMap(ingressEntries),
          },
          live,
          rename: { from: 'SecurityGroupIngress', to: '/IpPermissions' },
        };
      });
      evaluateSynthetic(synthetic, [noOpenIngress], audit.options, { account: audit.account, region }, audit.sink);
    }
  });
}

/** One template ingress entry per IPv4 and IPv6 range of a live permission (other sources are not the world). */
function ingressEntries(permission: IpPermission): Record<string, unknown>[] {
  const base = {
    IpProtocol: permission.IpProtocol,
    ...(permission.FromPort !== undefined ? { FromPort: permission.FromPort } : {}),
    ...(permission.ToPort !== undefined ? { ToPort: permission.ToPort } : {}),
  };
  return [
    ...(permission.IpRanges ?? []).map((r) => ({ ...base, CidrIp: r.CidrIp })),
    ...(permission.Ipv6Ranges ?? []).map((r) => ({ ...base, CidrIpv6: r.CidrIpv6 })),
  ];
}
