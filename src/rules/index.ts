import type { RuleModule } from './define.js';
import cfnTerminationProtection from './cfn/termination-protection.js';
import ec2NoOpenEgress from './ec2/no-open-egress.js';
import ec2NoOpenIngress from './ec2/no-open-ingress.js';
import elasticbeanstalkManagedUpdates from './elasticbeanstalk/managed-updates.js';
import iamNoAllowNotAction from './iam/no-allow-not-action.js';
import iamNoManagedPolicies from './iam/no-managed-policies.js';
import iamNoPublicPrincipal from './iam/no-public-principal.js';
import iamNoWildcardActions from './iam/no-wildcard-actions.js';
import iamNoWildcardResources from './iam/no-wildcard-resources.js';
import iamPrincipalLeastPrivilege from './iam/principal-least-privilege.js';
import iamServiceSourceCondition from './iam/service-source-condition.js';
import lambdaRuntimeDeprecated from './lambda/runtime-deprecated.js';
import rdsAutoMinorVersionUpgrade from './rds/auto-minor-version-upgrade.js';
import s3BlockPublicAccess from './s3/block-public-access.js';
import s3EncryptionAtRest from './s3/encryption-at-rest.js';
import s3LeastPrivilegePolicy from './s3/least-privilege-policy.js';
import s3MfaDelete from './s3/mfa-delete.js';
import s3NoPublicAcl from './s3/no-public-acl.js';
import s3NoPublicBucketPolicy from './s3/no-public-bucket-policy.js';
import s3NoWebsiteHosting from './s3/no-website-hosting.js';
import s3ObjectOwnership from './s3/object-ownership.js';
import s3Replication from './s3/replication.js';
import s3TlsOnly from './s3/tls-only.js';
import s3Versioning from './s3/versioning.js';

/** Every built-in rule. A meta-test keeps this list equal to the rule files on disk. */
export const rules: readonly RuleModule[] = [
  cfnTerminationProtection,
  ec2NoOpenEgress,
  ec2NoOpenIngress,
  elasticbeanstalkManagedUpdates,
  iamNoAllowNotAction,
  iamNoManagedPolicies,
  iamNoPublicPrincipal,
  iamNoWildcardActions,
  iamNoWildcardResources,
  iamPrincipalLeastPrivilege,
  iamServiceSourceCondition,
  lambdaRuntimeDeprecated,
  rdsAutoMinorVersionUpgrade,
  s3BlockPublicAccess,
  s3EncryptionAtRest,
  s3LeastPrivilegePolicy,
  s3MfaDelete,
  s3NoPublicAcl,
  s3NoPublicBucketPolicy,
  s3NoWebsiteHosting,
  s3ObjectOwnership,
  s3Replication,
  s3TlsOnly,
  s3Versioning,
];
