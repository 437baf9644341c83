import type { RuleModule } from './define.js';
import cfnTerminationProtection from './cfn/termination-protection.js';
import ec2NoOpenIngress from './ec2/no-open-ingress.js';
import elasticbeanstalkManagedUpdates from './elasticbeanstalk/managed-updates.js';
import iamNoAllowNotAction from './iam/no-allow-not-action.js';
import iamNoManagedPolicies from './iam/no-managed-policies.js';
import iamNoPublicPrincipal from './iam/no-public-principal.js';
import iamNoWildcardActions from './iam/no-wildcard-actions.js';
import iamNoWildcardResources from './iam/no-wildcard-resources.js';
import iamPrincipalLeastPrivilege from './iam/principal-least-privilege.js';
import lambdaRuntimeDeprecated from './lambda/runtime-deprecated.js';
import rdsAutoMinorVersionUpgrade from './rds/auto-minor-version-upgrade.js';
import s3BlockPublicAccess from './s3/block-public-access.js';
import s3MfaDelete from './s3/mfa-delete.js';
import s3Replication from './s3/replication.js';

/** Every built-in rule. A meta-test keeps this list equal to the rule files on disk. */
export const rules: readonly RuleModule[] = [
  cfnTerminationProtection,
  ec2NoOpenIngress,
  elasticbeanstalkManagedUpdates,
  iamNoAllowNotAction,
  iamNoManagedPolicies,
  iamNoPublicPrincipal,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamPrincipalLeastPrivilege,
  lambdaRuntimeDeprecated,
  rdsAutoMinorVersionUpgrade,
  s3BlockPublicAccess,
  s3MfaDelete,
  s3Replication,
];
