import { fix, freeLogicalId, propertyPointer, refuse } from '../aws/fixes.js';
import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource } from '../graph/query.js';
import type { AutoFix, FixOperation, FixRefusal } from '../model/fix.js';
import type { Replacement } from './replacement.js';

const CDK =
  'drop the managed policy (`role.withoutPolicyUpdates()` / no `AWSLambdaBasicExecutionRole`) and add the statements of the suggestion with `new iam.Policy(this, "Logs", { roles: [role], statements })`';

/**
 * Replaces a Lambda execution managed policy with its least-privilege replacement: the ARN leaves ManagedPolicyArns,
 * and the replacement goes into a new AWS::IAM::Policy attached to the role. It must be a separate resource: it names
 * the functions' log groups (`${Function}`), and the functions need the role first; inside the role, or in a policy
 * the functions depend on, CloudFormation would reject the circular dependency. The replacement grants a subset of
 * what the managed policy granted (logs actions on `*`, and for the VPC variant the network-interface actions).
 */
export function replacementFix(
  graph: Graph,
  role: Resource,
  arn: Resolved,
  when: readonly Branch[],
  replacement: Replacement,
  managedPolicy: string,
): AutoFix | FixRefusal {
  if (when.length > 0) return refuse('the policy is attached only in some deployments (Fn::If): replace it in that branch by hand', CDK);
  if (replacement.functions.length === 0)
    return refuse('no function of the input uses the role, so the log groups to allow are not known: name them by hand', CDK);
  const listPointer = propertyPointer(role, 'ManagedPolicyArns');
  const list = graph.get(role, 'Properties', 'ManagedPolicyArns');
  const index = arn.at.pointer.startsWith(`${listPointer}/`) ? arn.at.pointer.slice(listPointer.length + 1) : '';
  if (list.kind !== 'list' || list.at.pointer !== listPointer || arn.at.stack !== role.stack || !/^\d+$/.test(index))
    return refuse(
      'the ARN is not written as an item of the role’s ManagedPolicyArns (a parameter or an intrinsic): replace it by hand',
      CDK,
    );
  const raw = Array.isArray(list.at.value) ? list.at.value : [];
  const removal: FixOperation =
    raw.length === 1
      ? { op: 'remove', pointer: listPointer, expect: raw }
      : { op: 'remove', pointer: arn.at.pointer, expect: raw[Number(index)] };
  const resource: Record<string, unknown> = {
    Type: 'AWS::IAM::Policy',
    ...(role.condition ? { Condition: role.condition } : {}),
    Properties: {
      PolicyName: 'lambda-execution',
      PolicyDocument: JSON.parse(replacement.document) as unknown,
      Roles: [{ Ref: role.logicalId }],
    },
  };
  return fix(`replaces ${managedPolicy} with a least-privilege policy on the functions' log groups`, CDK, removal, {
    op: 'addResource',
    logicalId: freeLogicalId(role, `${role.logicalId}LambdaLogs`),
    resource,
  });
}
