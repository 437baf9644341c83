import { paginateListFunctions } from '@aws-sdk/client-lambda';
import runtimeDeprecated from '../rules/lambda/runtime-deprecated.js';
import type { AccountAudit } from './context.js';
import { evaluateSynthetic, type SyntheticResource } from './synthetic.js';

/** The functions of one region, a page at a time, judged by the template runtime rule (its dated table, `--as-of`). */
export async function auditFunctions(audit: AccountAudit, region: string): Promise<void> {
  const client = audit.clients.region(region).lambda();
  const regionArn = `arn:${audit.partition}:lambda:${region}:${audit.account}:function:*`;
  await audit.guarded('lambda:ListFunctions', regionArn, region, async () => {
    const pages = paginateListFunctions({ client }, {});
    for (;;) {
      const next = await audit.call('lambda', () => pages.next());
      if (next.done) break;
      const synthetic: SyntheticResource[] = (next.value.Functions ?? []).map((fn) => {
        audit.sink.resources++;
        return {
          logicalId: fn.FunctionName!,
          type: 'AWS::Lambda::Function',
          // Container-image functions have no runtime: the rule skips them, as it does for PackageType Image.
          properties: {
            FunctionName: fn.FunctionName,
            ...(fn.Runtime ? { Runtime: fn.Runtime } : {}),
            ...(fn.PackageType ? { PackageType: fn.PackageType } : {}),
          },
          live: audit.resource(
            fn.FunctionArn ?? `arn:${audit.partition}:lambda:${region}:${audit.account}:function:${fn.FunctionName}`,
            'AWS::Lambda::Function',
            region,
            fn.FunctionName!,
          ),
        };
      });
      evaluateSynthetic(synthetic, [runtimeDeprecated], audit.options, { account: audit.account, region }, audit.sink);
    }
  });
}
