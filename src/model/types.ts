/**
 * The shared vocabulary of StackWarden. Types only: every layer imports from here and nothing here imports
 * from another layer.
 */
import type { FixPlan } from './fix.js';

/** The guidance's controls, numbered in the order of its headings and lists (docs/controls.md). A finding traces back to the sentence it enforces. */
export type ControlId = 'SRM-1' | 'SRM-2' | 'IAM-1' | 'IAM-2' | 'S3-1' | 'S3-2' | 'S3-3' | 'S3-4' | 'S3-5' | 'S3-6' | 'S3-7' | 'CFN-1';

export const CONTROL_IDS: readonly ControlId[] = [
  'SRM-1',
  'SRM-2',
  'IAM-1',
  'IAM-2',
  'S3-1',
  'S3-2',
  'S3-3',
  'S3-4',
  'S3-5',
  'S3-6',
  'S3-7',
  'CFN-1',
];

/** Short titles of the controls, taken from the guidance's headings and numbered list. */
export const CONTROL_TITLES: Readonly<Record<ControlId, string>> = {
  'SRM-1': 'Customer configures the security-group firewall',
  'SRM-2': 'Customer owns guest OS and application updates and patches',
  'IAM-1': 'No AWS managed policies: write least-privilege custom policies',
  'IAM-2': 'No wildcard policies: grant least privilege',
  'S3-1': 'Buckets use correct policies and are not publicly accessible',
  'S3-2': 'Least-privilege access to buckets',
  'S3-3': 'Encryption at rest',
  'S3-4': 'Encryption in transit (TLS only)',
  'S3-5': 'Object versioning',
  'S3-6': 'Cross-region replication for disaster recovery',
  'S3-7': 'Consider MFA delete',
  'CFN-1': 'Stack termination protection',
};

export type Severity = 'error' | 'warning' | 'note';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 1, warning: 2, error: 3 };

/** 1-based line and column (columns count UTF-16 code units, as editors and SARIF do). */
export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

/** An RFC 6901 JSON pointer into a document, e.g. `/Resources/Bucket/Properties`. */
export type Pointer = string;

export type LoadErrorCode =
  | 'PARSE'
  | 'NOT_A_TEMPLATE'
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'ALIAS_LIMIT'
  | 'UNREADABLE'
  | 'NOT_FOUND'
  | 'SYMLINK_LOOP'
  | 'ASSEMBLY'
  | 'ENCODING'
  | 'NOTHING_SCANNED'
  | 'AWS_ACCESS_DENIED'
  | 'AWS_ERROR';

/** A problem with the input. Errors are data: loading never throws. */
export interface LoadError {
  file: string;
  code: LoadErrorCode;
  message: string;
  line: number;
  column: number;
  /**
   * `stackwarden audit` only: the AWS API call that failed (`s3:GetBucketPolicy`). The error's `file` is then the
   * ARN of the resource (or region) it was about, and `line`/`column` are 1.
   */
  operation?: string;
  /** `stackwarden audit` only: the account and region of the failed call (`global` for IAM and S3's bucket list). */
  account?: string;
  region?: string;
}

/** Whether a suppression hides a finding, and why. Filled by the engine's suppression step (engine/suppress.ts). */
export interface SuppressionInfo {
  /** `inSource`: written in the template or the CDK app; `external`: the central suppressions file. */
  kind: 'inSource' | 'external';
  /** Which format: `stackwarden`, `cdk-nag`, `cfn-nag`, `checkov`, `cdk-acknowledgement` or `suppressions-file`. */
  source: string;
  justification: string;
  /** The id as the suppression wrote it (`AwsSolutions-IAM4`, `CKV_AWS_21`, `s3/versioning`, `S3-5`). */
  id?: string;
  /** Where the suppression is written. */
  location?: { file: string; line: number; column: number };
  /** Last day the suppression holds (`YYYY-MM-DD`), when it has one. */
  expires?: string;
}

/** One deviation from the guidance, located precisely. This is the JSON output contract's finding. */
export interface Finding {
  ruleId: string;
  /** Which of the rule's messages this is; with the rule id it names the kind of finding. */
  messageId: string;
  controls: ControlId[];
  severity: Severity;
  message: string;
  file: string;
  stack: string | null;
  logicalId: string | null;
  resourceType: string | null;
  constructPath: string | null;
  pointer: Pointer;
  range: SourceRange;
  fingerprint: string;
  suppressed: SuppressionInfo | null;
  /** How to fix it, from the rule's metadata. */
  fix: string;
  /**
   * What exactly the finding is about, one entry per part, in cdk-nag's granular format (`Action::s3:*`,
   * `Resource::<Bucket83908E77.Arn>/*`, `Policy::arn:<AWS::Partition>:iam::aws:policy/…`). Suppressions with
   * `appliesTo` / `applies_to` match these. Absent when the rule gives none.
   */
  detail?: string[];
  /** Set on every finding when a baseline is applied: true when the baseline already knows this finding. */
  baseline?: boolean;
  /** A replacement computed for this finding (IAM-1: the least-privilege policy document, as JSON), or null. */
  suggestion: string | null;
  /**
   * `stackwarden audit` only (a live resource): its ARN. `file` is then the ARN too, `range` is 1:1, and `pointer`
   * points into the resource's live configuration as the audit read it (`/VersioningConfiguration/MFADelete`).
   * `stack` and `logicalId` name the CloudFormation stack that manages the resource, when one does.
   */
  arn?: string;
  /** `stackwarden audit` only: the 12-digit account id of the live resource. */
  account?: string;
  /** `stackwarden audit` only: the region of the live resource (`global` for IAM). */
  region?: string;
  /** The fix the rule offers as data (operations by pointer), or why it cannot fix; absent when the rule offers none. */
  autofix?: FixPlan;
  /**
   * Where the user's CDK code created the resource's construct: the first frame of its `aws:cdk:creationStack`
   * outside `node_modules` and aws-cdk-lib. Absent when there is none (plain templates, stack traces disabled,
   * a construct made inside a library or by the framework).
   */
  source?: SourceLocation;
  /** Set when aws-cdk-lib itself made the resource (a custom-resource provider, a singleton handler …). */
  origin?: FrameworkOrigin;
  /**
   * Other rules' findings about the same problem (one IAM statement: its wildcard action, its wildcard resource,
   * and what it lets the principal do), complete, with the same standing (`suppressed`, `baseline`). The finding
   * is the one written where the fix goes, of the highest severity; these never reach a control it lacks and
   * carry no `autofix`. Absent when there are none. Reports list them with the finding; checks they failed still
   * fail (JUnit, control status).
   */
  related?: Finding[];
}

/** A place in the user's source code, relative to the working directory (`lib/data-stack.ts`, line 42, column 5). */
export interface SourceLocation {
  file: string;
  line: number;
  /** Absent when the frame names none (plain `.mjs` apps record `file:///…/app.mjs:5`). */
  column?: number;
}

/**
 * A resource that aws-cdk-lib created on the user's behalf. The finding is true, but editing that construct
 * cannot fix it: `fix` says what does.
 */
export interface FrameworkOrigin {
  kind: 'cdk-framework';
  /** The construct or feature that made it (`BucketDeployment`, `Bucket autoDeleteObjects`, `LogRetention`). */
  construct: string;
  /** The construct path of the framework construct (`App/Stack/Custom::S3AutoDeleteObjectsCustomResourceProvider`). */
  path: string;
  /** What works instead of editing the resource. */
  fix: string;
}

/** The findings with the related findings each carries, in order: every rule × place that failed. */
export function everyFinding(findings: readonly Finding[]): Finding[] {
  return findings.flatMap((f) => (f.related ? [f, ...f.related] : [f]));
}
