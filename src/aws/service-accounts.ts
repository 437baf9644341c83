/**
 * AWS-owned accounts that AWS's documentation tells customers to trust in their resource policies. A grant to
 * one of them is AWS delivering a service to the customer (access logs, say), not access by a foreign account,
 * so findings name the service instead of asking the user to confirm the account is theirs.
 *
 * Source: Elastic Load Balancing User Guide for Application Load Balancers, "Enable access logs for your
 * Application Load Balancer", section "Step 2: Attach a policy to your S3 bucket", table "Elastic Load Balancing
 * account ID per Region" (the same table is in the Classic Load Balancer guide). It covers the regions available
 * before August 2022; regions opened later use the service principal `logdelivery.elasticloadbalancing.amazonaws.com`
 * instead of an account. Copied 2026-12-01 from the stored copies of that page's table as quoted by several public
 * projects, which agree on every entry. Re-check against the AWS page before each release.
 */

/** One AWS-owned account, and what it does for the customer. */
export interface AwsServiceAccount {
  /** How messages name it, e.g. `AWS's Elastic Load Balancing log delivery account for region us-east-1`. */
  label: string;
  /** The region whose service uses it. */
  region: string;
  /** Where the AWS documentation prescribes it. */
  source: string;
}

const ELB_SOURCE = 'Elastic Load Balancing User Guide, "Enable access logs": Elastic Load Balancing account ID per Region';

/** Elastic Load Balancing's log-delivery account per region (source above). */
const ELB_LOG_DELIVERY: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
  'us-gov-west-1': '048591011584',
  'us-gov-east-1': '190560391635',
  'cn-north-1': '638102146993',
  'cn-northwest-1': '037604701340',
};

const BY_ACCOUNT: ReadonlyMap<string, AwsServiceAccount> = new Map(
  Object.entries(ELB_LOG_DELIVERY).map(([region, account]) => [
    account,
    { label: `AWS's Elastic Load Balancing log delivery account for region ${region}`, region, source: ELB_SOURCE },
  ]),
);

/** The AWS-owned account with this 12-digit id, or undefined when it is not one AWS documents. */
export function awsServiceAccount(account: string): AwsServiceAccount | undefined {
  return BY_ACCOUNT.get(account);
}
