/**
 * Actions the IAM catalog files under Permissions management whose policies AWS enforces only for AWS service
 * principals: they cannot give an IAM user, a role or another account any access, so holding them on every
 * resource is no privilege escalation.
 *
 * - CloudWatch Logs resource policies (logs:PutResourcePolicy, and logs:DeleteResourcePolicy, which only removes
 *   one). Source: CloudWatch Logs API Reference, PutResourcePolicy: the policy "only supports logs:PutLogEvents and
 *   logs:CreateLogStream actions" and "only applies when operations are invoked by AWS service principals (not IAM
 *   users, roles, or cross-account principals)"; statements for other principals are not enforced. AWS's vended
 *   logs (Step Functions, EventBridge, OpenSearch, Route 53 query logs) need these actions on `*`, so the CDK
 *   writes them there (a state machine's `logs`, `targets.CloudWatchLogGroup`, an OpenSearch domain's `logging`).
 *
 * Lower case: IAM action names are case-insensitive.
 */
const SERVICE_ONLY: ReadonlySet<string> = new Set(['logs:putresourcepolicy', 'logs:deleteresourcepolicy']);

/** Whether an action's policy can only grant AWS services (see above), so that it cannot grant a principal more access. */
export function grantsOnlyToServices(action: string): boolean {
  return SERVICE_ONLY.has(action.toLowerCase());
}
