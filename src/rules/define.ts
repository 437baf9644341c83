import type { Graph } from '../graph/build.js';
import type { NodeRef, Resolved, Resource, Stack } from '../graph/values.js';
import type { SourceDocument } from '../load/document.js';
import type { FixPlan, FixSettings } from '../model/fix.js';
import type { ControlId, Pointer, Severity } from '../model/types.js';

/** How strictly the guidance is read. `recommended` is the guidance as written; `strict` also demands the optional hardening. */
export type Profile = 'recommended' | 'strict';

/** Run-wide settings that rules read. */
export interface RuleOptions {
  profile: Profile;
  /** The date rules compare against (runtime deprecations), as `YYYY-MM-DD`, so results are reproducible. */
  asOf: string;
  /** Ports that may be open to the world (SRM-1). */
  allowedPorts: readonly number[];
  /** Choices for the fixes rules offer (`stackwarden fix`, the remediation Aspect); absent: the safe defaults. */
  fix?: FixSettings;
}

/** What a rule sees: the whole graph (for cross-resource and cross-stack links), its stack and the options. */
export interface RuleContext {
  readonly graph: Graph;
  readonly stack: Stack;
  readonly options: RuleOptions;
}

/** What a finding can point at. The engine turns it into a file, a pointer and a range. */
export type Target = Resource | Stack | NodeRef | Resolved | { document: SourceDocument; pointer: Pointer };

/** One observation a rule yields. */
export interface Report<M extends string = string> {
  at: Target;
  messageId: M;
  data?: Readonly<Record<string, string | number | undefined>>;
  /**
   * More message data that does not identify the finding, so it stays out of the fingerprint: facts from data
   * that changes between releases without the problem changing (what an AWS managed policy grants today, say).
   * A baseline must still match the finding when that data is updated.
   */
  context?: Readonly<Record<string, string | number | undefined>>;
  /** Overrides the rule's severity for this report (a `note` where the value cannot be known, say). */
  severity?: Severity;
  /** The resource the finding belongs to, when `at` alone does not say (defaults to the checked resource). */
  resource?: Resource;
  /**
   * The parts the finding is about, in cdk-nag's granular format (`Action::s3:*`, `Resource::*`,
   * `Policy::arn:<AWS::Partition>:iam::aws:policy/…`; render values with `nagText` from graph/detail.ts). A
   * suppression's `appliesTo` covers the finding only when it matches every entry. Rules that report several
   * actions, resources or policies in one finding should fill it, so users can suppress one part and not the rest.
   */
  detail?: readonly string[];
  /** A replacement computed for this finding, e.g. a least-privilege policy document as JSON. Deterministic. */
  suggestion?: string;
  /**
   * How to fix this finding, when the rule's `fix` would not fit it (the successor of the runtime this finding
   * is about, say). Built from the finding's own data; the rule's `fix` applies when absent.
   */
  fixText?: string;
  /** The fix for this finding, as operations on the template model, or why it cannot be fixed safely. Only from `fixable` rules. */
  fix?: FixPlan;
  /**
   * What problem the finding is about, when other rules can report the same one (an IAM statement: `problemOf`
   * in iam/policy.ts). Findings with the same problem and standing become one finding, the others its `related`
   * information: see `fold` in engine/run.ts. Not part of the fingerprint.
   */
  problem?: string;
}

/** Equivalent rules in other tools, so users can map their existing suppressions and reports. */
export interface PeerIds {
  cdkNag?: readonly string[];
  checkov?: readonly string[];
  cfnNag?: readonly string[];
  securityHub?: readonly string[];
}

interface RuleBase<M extends string> {
  /** `area/name`, equal to the file's path under `src/rules`, and stable forever. */
  id: string;
  /** The desired state, e.g. "S3 buckets block public access". */
  title: string;
  /** Why it matters, in the guidance's terms. Rendered in `rules explain` and docs/rules.md. */
  description: string;
  /** How to fix it, in CloudFormation and CDK terms. */
  fix: string;
  controls: readonly ControlId[];
  severity: Severity;
  messages: Readonly<Record<M, string>>;
  peers?: PeerIds;
  /**
   * Ids of `peers` (of any format) whose every finding this rule raises too, on the same resource: the same
   * check, or a narrower one. Only for those may a cfn-nag suppression that matches no finding be reported as
   * unused. A peer check that is only related (cfn-nag's W11 flags every `Resource: "*"`, where StackWarden exempts
   * actions that take no resource) may fire where StackWarden rightly does not, and removing its suppression as
   * "unused" would break the user's cfn-nag run.
   */
  peerCovers?: readonly string[];
  /** The rule's reports can carry a fix (`Report.fix`), as in ESLint. */
  fixable?: true;
}

/** A rule that checks each resource of the listed types. */
export interface ResourceRule<M extends string = string> extends RuleBase<M> {
  appliesTo: readonly string[];
  check(resource: Resource, ctx: RuleContext): Iterable<Report<M>>;
}

/** A rule that checks each stack once (termination protection, cross-resource views). */
export interface StackRule<M extends string = string> extends RuleBase<M> {
  appliesTo: 'stack';
  check(stack: Stack, ctx: RuleContext): Iterable<Report<M>>;
}

export type RuleModule<M extends string = string> = ResourceRule<M> | StackRule<M>;

/** Declares a rule. An identity function that gives the rule its types. */
export function defineRule<M extends string>(rule: ResourceRule<M>): ResourceRule<M>;
export function defineRule<M extends string>(rule: StackRule<M>): StackRule<M>;
export function defineRule<M extends string>(rule: RuleModule<M>): RuleModule<M> {
  return rule;
}
