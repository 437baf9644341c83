import type { RuleModule } from './define.js';
import cfnTerminationProtection from './cfn/termination-protection.js';
import ec2NoOpenIngress from './ec2/no-open-ingress.js';
import elasticbeanstalkManagedUpdates from './elasticbeanstalk/managed-updates.js';
import iamNoManagedPolicies from './iam/no-managed-policies.js';
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
  iamNoManagedPolicies,
  lambdaRuntimeDeprecated,
  rdsAutoMinorVersionUpgrade,
  s3BlockPublicAccess,
  s3MfaDelete,
  s3Replication,
];
