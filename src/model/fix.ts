/**
 * Fixes as data. A rule that can fix attaches one of these to its report; two appliers consume the same
 * operations: the template applier (src/fix/, edits YAML or JSON text) and the CDK applier (src/cdk/remediation.ts,
 * edits constructs during synth). Types only.
 */
import type { Pointer } from './types.js';

/**
 * One edit of the template model, addressed by JSON pointer (RFC 6901) into the template's plain value (short-form
 * tags in long form). Parents that do not exist are created as mappings.
 */
export type FixOperation =
  /** Sets the value at `pointer`, replacing what is there. */
  | { op: 'set'; pointer: Pointer; value: unknown }
  /** Appends `value` to the list at `pointer` (the list is created when absent). */
  | { op: 'append'; pointer: Pointer; value: unknown }
  /** Removes a list item or a mapping entry; with `expect`, only when that is the value there (list indexes shift). */
  | { op: 'remove'; pointer: Pointer; expect?: unknown }
  /** Adds a resource under `/Resources`; refused when the logical id is taken. */
  | { op: 'addResource'; logicalId: string; resource: Readonly<Record<string, unknown>> }
  /**
   * A stack setting no template can hold (termination protection). The CDK applier sets it on the `Stack`; the
   * template applier changes nothing and prints `command` instead.
   */
  | { op: 'stackSetting'; setting: 'terminationProtection'; value: true; command: string };

/** A fix a rule offers for one finding. */
export interface AutoFix {
  kind: 'fix';
  /** What the fix does, for the summary ("sets the four Block Public Access flags to true"). */
  description: string;
  operations: readonly FixOperation[];
  /** The same change at the CDK source, for users of a cloud assembly (`blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL`). */
  cdk: string;
}

/** A finding the rule knows how to fix in principle, but not safely here; `reason` says why and what to decide. */
export interface FixRefusal {
  kind: 'refused';
  reason: string;
  /** The CDK property to set instead, where one exists. */
  cdk?: string;
}

/** What a finding carries about fixing it. */
export type FixPlan = AutoFix | FixRefusal;

/** Settings of the fixes that need a choice; the defaults are the safe ones. Read by rules through their options. */
export interface FixSettings {
  /** Change values the author wrote explicitly (a flag set to false). Default: false, such findings are refused. */
  overrideExplicit?: boolean;
  /** Default encryption to add: SSE-S3 (AES256) under `recommended`, SSE-KMS with a bucket key under `strict`. */
  encryption?: 'sse-s3' | 'sse-kms';
  /** The KMS key (ARN, id or alias) for SSE-KMS; without one S3 uses the AWS managed key `aws/s3`. */
  kmsKeyId?: string;
}
