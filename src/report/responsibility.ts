import type { ControlId } from '../model/types.js';

/**
 * The seed's shared-responsibility model, as the HTML report shows it: what AWS operates ("security of the
 * cloud", which no template can change and StackWarden does not check) and what the customer must do
 * ("security in the cloud"), each with the controls that check it.
 */
export interface Responsibility {
  /** What the duty is, in the seed's words. */
  duty: string;
  controls: readonly ControlId[];
}

/** AWS operates, manages and controls these (seed, "Shared Responsibility Model"). */
export const AWS_RESPONSIBILITIES: readonly string[] = [
  'Physical security of the facilities in which the service operates',
  'The virtualization layer',
  'The host operating system',
];

/** The customer assumes these (seed: responsibility model, then the IAM, S3 and CDK/CloudFormation sections). */
export const CUSTOMER_RESPONSIBILITIES: readonly Responsibility[] = [
  { duty: 'Configuration of the AWS-provided security group firewall', controls: ['SRM-1'] },
  { duty: 'Guest operating system (updates and security patches) and associated application software', controls: ['SRM-2'] },
  { duty: 'IAM: custom least-privilege policies instead of AWS managed policies and wildcards', controls: ['IAM-1', 'IAM-2'] },
  { duty: 'S3: no public access, least privilege, encryption at rest and in transit', controls: ['S3-1', 'S3-2', 'S3-3', 'S3-4'] },
  { duty: 'S3: versioning, cross-region replication and MFA delete where the data warrants it', controls: ['S3-5', 'S3-6', 'S3-7'] },
  { duty: 'CDK/CloudFormation: termination protection on stacks', controls: ['CFN-1'] },
];
