import type { Stack } from '@aws-sdk/client-cloudformation';
import { paginateDescribeStacks, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import terminationProtection from '../rules/cfn/termination-protection.js';
import type { AccountAudit } from './context.js';

/**
 * The stacks of one region: termination protection of every root stack (`DescribeStacks`), and which stack owns
 * each resource (`ListStackResources`), so a finding on a managed resource names its stack and logical id and can be
 * matched with the static scan. Returns the names of the region's stacks.
 */
export async function auditStacks(audit: AccountAudit, region: string): Promise<string[]> {
  const client = audit.clients.region(region).cloudformation();
  const names: string[] = [];
  const regionArn = `arn:${audit.partition}:cloudformation:${region}:${audit.account}:stack/*`;
  await audit.guarded('cloudformation:DescribeStacks', regionArn, region, async () => {
    for await (const page of paginateDescribeStacks({ client }, {})) {
      const stacks = (page.Stacks ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE');
      await Promise.all(stacks.map((stack) => auditStack(audit, region, stack)));
      names.push(...stacks.map((s) => s.StackName!));
    }
  });
  return names;
}

async function auditStack(audit: AccountAudit, region: string, stack: Stack): Promise<void> {
  const arn = stack.StackId ?? `arn:${audit.partition}:cloudformation:${region}:${audit.account}:stack/${stack.StackName}`;
  const name = stack.StackName!;
  const resource = audit.resource(arn, 'AWS::CloudFormation::Stack', region);
  audit.owners.set(`AWS::CloudFormation::Stack|${arn}`, { stack: name, logicalId: null, region });
  audit.stacks.push({ name, region, arn, nested: !!stack.ParentId });
  audit.sink.resources++;
  // Nested stacks follow their root stack's protection, as the template rule says.
  if (!stack.ParentId) {
    audit.sink.check(terminationProtection, resource);
    if (stack.EnableTerminationProtection !== true)
      audit.sink.report(terminationProtection, resource, {
        pointer: '/EnableTerminationProtection',
        messageId: 'live',
        data: { stack: name, region },
      });
  }
  await audit.guarded('cloudformation:ListStackResources', arn, region, async () => {
    const client = audit.clients.region(region).cloudformation();
    const pages = paginateListStackResources({ client }, { StackName: arn });
    // Pages are fetched through the limiter one at a time: a stack with thousands of resources holds one page.
    for (;;) {
      const next = await audit.call('cloudformation', () => pages.next());
      if (next.done) break;
      for (const r of next.value.StackResourceSummaries ?? [])
        if (r.PhysicalResourceId && r.ResourceType)
          audit.owners.set(`${r.ResourceType}|${r.PhysicalResourceId}`, { stack: name, logicalId: r.LogicalResourceId ?? null, region });
    }
  });
}
