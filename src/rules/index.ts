import type { RuleModule } from './define.js';
import cfnTerminationProtection from './cfn/termination-protection.js';
import iamNoAllowNotAction from './iam/no-allow-not-action.js';
import iamNoManagedPolicies from './iam/no-managed-policies.js';
import iamNoPublicPrincipal from './iam/no-public-principal.js';
import iamNoWildcardActions from './iam/no-wildcard-actions.js';
import iamNoWildcardResources from './iam/no-wildcard-resources.js';
import iamPrincipalLeastPrivilege from './iam/principal-least-privilege.js';
import s3BlockPublicAccess from './s3/block-public-access.js';

/** Every built-in rule. A meta-test keeps this list equal to the rule files on disk. */
export const rules: readonly RuleModule[] = [
  cfnTerminationProtection,
  iamNoAllowNotAction,
  iamNoManagedPolicies,
  iamNoPublicPrincipal,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamPrincipalLeastPrivilege,
  s3BlockPublicAccess,
];
