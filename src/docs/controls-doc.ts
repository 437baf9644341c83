import { CONTROL_IDS, CONTROL_TITLES, type ControlId } from '../model/types.js';
import { ruleAnchor } from '../report/anchor.js';
import type { RuleModule } from '../rules/define.js';

/** One control of the guidance, explained for a reader of docs/controls.md. */
interface ControlDoc {
  /** What the control asks, in StackWarden's words. */
  means: string;
  /** What it comes down to in AWS resources and properties. */
  aws: string;
  /** Where AWS documents it. */
  links: readonly { title: string; url: string }[];
}

const SHARED_RESPONSIBILITY = {
  title: 'AWS Shared Responsibility Model',
  url: 'https://aws.amazon.com/compliance/shared-responsibility-model/',
};
const S3_BEST_PRACTICES = {
  title: 'Security best practices for Amazon S3',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
};

/** The controls in StackWarden's own words. The rules that enforce each are taken from the rules' metadata. */
export const CONTROL_DOCS: Readonly<Record<ControlId, ControlDoc>> = {
  'SRM-1': {
    means:
      'AWS runs the network, but which traffic reaches your resources is yours to decide. A security group that ' +
      'lets the whole internet in (or lets everything out) is a decision nobody made on purpose.',
    aws:
      'Ingress and egress rules of `AWS::EC2::SecurityGroup`, `AWS::EC2::SecurityGroupIngress` and ' +
      '`AWS::EC2::SecurityGroupEgress`: a source or destination of `0.0.0.0/0` or `::/0`, all protocols (`-1`), ' +
      "and port ranges. Ports you mean to publish go in the configuration's port allow-list. Open egress is a " +
      'finding under the strict profile only.',
    links: [
      {
        title: 'Control traffic to resources using security groups (Amazon VPC)',
        url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      },
      SHARED_RESPONSIBILITY,
    ],
  },
  'SRM-2': {
    means:
      'Whatever runs on top of AWS (the guest operating system, the language runtime, the database engine) is ' +
      'yours to keep patched. A resource that cannot receive updates, or that is set to refuse them, breaks it.',
    aws:
      'Lambda functions on a runtime that AWS has deprecated (judged against `--as-of`); database, cache and ' +
      'broker engines (RDS, Neptune, ElastiCache, MemoryDB, DMS, Amazon MQ) that do not apply minor version ' +
      'upgrades automatically; Elastic Beanstalk environments without managed platform updates.',
    links: [
      { title: 'Lambda runtime deprecation policy', url: 'https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html' },
      SHARED_RESPONSIBILITY,
    ],
  },
  'IAM-1': {
    means:
      'AWS managed policies are written for everyone, so they grant more than any one task needs. Write a policy ' +
      'with only the permissions the task uses (StackWarden suggests one where it can, e.g. for ' +
      'AWSLambdaBasicExecutionRole: logs only on the function’s own log group).',
    aws:
      '`ManagedPolicyArns` of `AWS::IAM::Role`, `AWS::IAM::User` and `AWS::IAM::Group` naming an ' +
      '`arn:aws:iam::aws:policy/…` policy, and the managed policies of SAM functions.',
    links: [
      {
        title: 'IAM best practices: AWS managed policies',
        url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-use-aws-defined-policies',
      },
    ],
  },
  'IAM-2': {
    means:
      'Grant each principal only the actions it needs on only the resources it needs. Wildcards written to get ' +
      'something working are the usual way a policy grows past that.',
    aws:
      'Policy statements in `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`, inline role policies and resource ' +
      'policies: `Action: "*"` or `service:*`, `Resource: "*"` on actions that take a resource, `NotAction` in an ' +
      'Allow, a `*` principal, service principals without a source condition, and the union of everything one ' +
      'principal is granted.',
    links: [
      {
        title: 'IAM best practices: grant least privilege',
        url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      },
    ],
  },
  'S3-1': {
    means: 'A bucket is private unless someone decided, on purpose, that it is not. No policy, ACL or website setting makes it public.',
    aws:
      '`PublicAccessBlockConfiguration` of `AWS::S3::Bucket` (all four settings), public canned ACLs ' +
      '(`AccessControl: PublicRead`…), bucket policies that allow a public principal, and `WebsiteConfiguration`.',
    links: [
      {
        title: 'Blocking public access to your Amazon S3 storage',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/dev/access-control-block-public-access.html',
      },
      {
        title: 'Configuring block public access settings for your S3 buckets',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html',
      },
      S3_BEST_PRACTICES,
    ],
  },
  'S3-2': {
    means:
      'Access to a bucket is granted per principal and per action, and one place decides it. Bucket policies that ' +
      'grant every S3 action, and ACLs that grant access outside the policy, break it.',
    aws: '`AWS::S3::BucketPolicy` statements that allow `s3:*` (or a wide wildcard), and `OwnershipControls` other than `BucketOwnerEnforced`.',
    links: [S3_BEST_PRACTICES],
  },
  'S3-3': {
    means: 'Objects are encrypted on disk with a key you chose, and the choice is written down in the template.',
    aws:
      '`BucketEncryption.ServerSideEncryptionConfiguration` of `AWS::S3::Bucket` (SSE-S3 `AES256`, or `aws:kms`; the ' +
      'strict profile asks for SSE-KMS with a bucket key). S3 encrypts new objects with SSE-S3 even without it, so ' +
      'a bucket that states nothing is a note under the recommended profile and an error under the strict one.',
    links: [
      {
        title: 'Setting default server-side encryption behavior for Amazon S3 buckets',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/dev/bucket-encryption.html',
      },
    ],
  },
  'S3-4': {
    means: 'Nobody reads or writes the bucket over plain HTTP. S3 accepts HTTP unless the bucket policy refuses it.',
    aws: 'A bucket policy statement that denies `s3:*` on the bucket and its objects when `aws:SecureTransport` is `false` (CDK: `enforceSSL: true`).',
    links: [
      {
        title: 'Protecting data in transit with encryption (Amazon S3)',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingEncryptionInTransit.html',
      },
    ],
  },
  'S3-5': {
    means: 'An overwrite or a delete can be undone: the previous version of an object is kept.',
    aws: '`VersioningConfiguration: { Status: Enabled }` of `AWS::S3::Bucket` (CDK: `versioned: true`).',
    links: [{ title: 'Using versioning in S3 buckets', url: 'https://docs.aws.amazon.com/AmazonS3/latest/dev/Versioning.html' }],
  },
  'S3-6': {
    means: 'The data survives the loss of a Region: a copy is kept in another one, as a disaster recovery strategy.',
    aws: '`ReplicationConfiguration` of `AWS::S3::Bucket` with an enabled rule to a bucket in another Region (replication needs versioning on both buckets).',
    links: [
      {
        title: 'Replication and other bucket configurations (Amazon S3)',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-and-other-bucket-configs.html',
      },
    ],
  },
  'S3-7': {
    means:
      'Consider whether the data warrants MFA delete: permanently deleting a version, or turning versioning off, ' +
      'then needs the root user and an MFA code. It is advice (a note), and only the account owner can settle it.',
    aws:
      '`MFADelete` in the versioning configuration. CloudFormation cannot set it, so a template scan reports it as a note; ' +
      '`stackwarden audit` reads it from the deployed bucket.',
    links: [
      {
        title: 'Deleting an object from an MFA delete-enabled bucket',
        url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMFADelete.html',
      },
    ],
  },
  'CFN-1': {
    means: 'A stack cannot be deleted by accident: deleting it fails until someone turns the protection off.',
    aws:
      'Termination protection of the stack. It is not a template property: the CDK records `terminationProtection` in ' +
      'the cloud assembly (`manifest.json`), which StackWarden reads; `stackwarden audit` reads it from deployed stacks. ' +
      'A plain template cannot say, so it gets a finding that tells you to enable it on deployment.',
    links: [
      {
        title: 'Protect CloudFormation stacks from being deleted',
        url: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-protect-stacks.html',
      },
      {
        title: 'aws-cdk-lib: termination protection',
        url: 'https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib-readme.html#termination-protection',
      },
    ],
  },
};

/** The anchor of a control's section in docs/controls.md (`S3-1` → `s3-1`). */
export function controlAnchor(id: ControlId): string {
  return id.toLowerCase();
}

/** docs/controls.md, generated from CONTROL_DOCS and the rules' metadata. A test fails when the committed file is stale. */
export function controlsMarkdown(rules: readonly RuleModule[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const out = [
    '# The controls StackWarden checks',
    '',
    "<!-- Generated by `npm run docs` from src/docs/controls-doc.ts and the rules' metadata. Do not edit by hand. -->",
    '',
    'StackWarden audits infrastructure against a security guidance for AWS CDK and CloudFormation projects. The',
    'guidance has four parts: the shared responsibility model, IAM governance, S3 and CDK/CloudFormation. Each',
    'thing it asks for is a control with a stable id (`SRM-1` … `CFN-1`), numbered in the order the guidance states',
    'them; every finding names the controls it enforces. Below, each control in our words, what it means in AWS',
    'terms, the rules that enforce it ([rules.md](rules.md) has each rule in full) and where AWS documents it.',
    '',
    '| control | the guidance asks | rules |',
    '|---|---|---|',
    ...CONTROL_IDS.map((c) => `| [${c}](#${controlAnchor(c)}) | ${CONTROL_TITLES[c]} | ${enforcing(sorted, c).length} |`),
    '',
  ];
  for (const c of CONTROL_IDS) {
    const doc = CONTROL_DOCS[c];
    const ids = enforcing(sorted, c).map((r) => `[\`${r.id}\`](rules.md#${ruleAnchor(r.id)}) (${r.severity}): ${r.title}`);
    out.push(
      `<a id="${controlAnchor(c)}"></a>`,
      '',
      `## ${c}: ${CONTROL_TITLES[c]}`,
      '',
      doc.means,
      '',
      `**In AWS terms.** ${doc.aws}`,
      '',
      '**Rules.**',
      '',
      ...(ids.length > 0 ? ids.map((l) => `- ${l}`) : ['- none yet']),
      '',
      '**AWS documentation.**',
      '',
      ...doc.links.map((l) => `- [${l.title}](${l.url})`),
      '',
    );
  }
  return out.join('\n');
}

function enforcing(rules: readonly RuleModule[], c: ControlId): RuleModule[] {
  return rules.filter((r) => r.controls.includes(c));
}
