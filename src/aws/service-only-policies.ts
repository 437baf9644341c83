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

/**
 * Other actions the catalog files under Permissions management that give no principal access to anything:
 * - cloudformation:SetStackPolicy: a stack policy only restricts which resources a stack update may change, for
 *   every caller; setting one can lift that protection but grants nothing beyond the caller's IAM permissions;
 * - ec2:CreateNetworkInterfacePermission / ec2:DeleteNetworkInterfacePermission: grant (or revoke) an
 *   AWS-authorized account, such as the EKS or Lambda service, the right to attach an interface to its instances;
 *   no identity of any account gets an API permission from it.
 */
const NO_ACCESS: ReadonlySet<string> = new Set([
  'cloudformation:setstackpolicy',
  'ec2:createnetworkinterfacepermission',
  'ec2:deletenetworkinterfacepermission',
]);

/**
 * Whether an action, though filed under Permissions management, cannot give an IAM principal more access (see
 * above), so holding it on every resource is no privilege escalation. iam/no-wildcard-actions still names these
 * actions when a wildcard reaches them: they stay Permissions management.
 */
export function grantsNoPrincipalAccess(action: string): boolean {
  const key = action.toLowerCase();
  return SERVICE_ONLY.has(key) || NO_ACCESS.has(key);
}
