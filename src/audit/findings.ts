import { fingerprint } from '../engine/fingerprint.js';
import type { Check } from '../engine/run.js';
import { formatMessage } from '../engine/run.js';
import type { Finding, LoadError, Severity } from '../model/types.js';
import type { Report, RuleModule } from '../rules/define.js';
import { LIVE_MESSAGES } from './messages.js';

/** A resource of the live account, as findings name it. */
export interface LiveResource {
  arn: string;
  /** The CloudFormation type of the resource (`AWS::S3::Bucket`), so live and static findings line up. */
  type: string;
  account: string;
  /** The region, or `global` (IAM). */
  region: string;
  /** What CloudFormation calls the resource's physical id (a bucket's or role's name, a group id, a stack's ARN). */
  physicalId: string;
  /** False for what AWS makes and no template could declare (a VPC's default security group). */
  declarable?: false;
}

/** The live resources `audit --against` looks for in the templates (the others are not listed). */
export const INVENTORY_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::IAM::Role',
  'AWS::EC2::SecurityGroup',
  'AWS::Lambda::Function',
]);

/** The stack that manages a resource (from `ListStackResources`), so a live finding matches its static twin. */
export interface Owner {
  stack: string;
  /** Null for the stack itself. */
  logicalId: string | null;
  /** The stack's region (stack names are unique per account and region). */
  region?: string;
}

/** The range every live finding carries: a live resource has no lines; `file` is its ARN. */
const LIVE_RANGE = Object.freeze({ start: Object.freeze({ line: 1, column: 1 }), end: Object.freeze({ line: 1, column: 1 }) });

/** One observation about a live resource: which rule's message, with what data, where in its configuration. */
export interface LiveReport extends Pick<Report, 'messageId' | 'data' | 'severity' | 'detail' | 'suggestion'> {
  /** A JSON pointer into the live configuration as the audit read it (`/VersioningConfiguration/MFADelete`). */
  pointer: string;
  /** The finding's controls, when they are not the rule's (a drift finding has the controls of the rule that drifted). */
  controls?: readonly string[];
}

/**
 * Collects the findings, checks and errors of an audit. Findings use the rules' own ids, controls, fixes and
 * message templates, and the same fingerprint helper as the static scan; their `file` is the resource's ARN.
 */
export class AuditSink {
  readonly findings: Finding[] = [];
  readonly checks: Check[] = [];
  readonly errors: LoadError[] = [];
  readonly #seen = new Set<string>();
  readonly #checked = new Set<string>();
  /** Rules that produced or checked something, for the report's rule descriptors. */
  readonly rulesUsed = new Set<RuleModule>();
  /** Live resources audited, by ARN (counted, not kept). */
  resources = 0;
  /** The live buckets, roles, security groups and functions by ARN (INVENTORY_TYPES), for `audit --against`. */
  readonly inventory = new Map<string, LiveResource>();

  constructor(
    readonly owners: (resource: LiveResource) => Owner | undefined,
    readonly severityOf: (rule: RuleModule) => Severity | 'off' | undefined = () => undefined,
  ) {}

  /** Whether a rule is switched off in the configuration. */
  active(rule: RuleModule): boolean {
    return this.severityOf(rule) !== 'off';
  }

  /** Records that a rule looked at a resource (a check with no finding passed). */
  check(rule: RuleModule, resource: LiveResource): void {
    if (!this.active(rule)) return;
    const key = `${rule.id}\u0000${resource.arn}`;
    if (this.#checked.has(key)) return;
    this.#checked.add(key);
    this.rulesUsed.add(rule);
    if (INVENTORY_TYPES.has(resource.type) && resource.declarable !== false) this.inventory.set(resource.arn, resource);
    const owner = this.owners(resource);
    this.checks.push({ ruleId: rule.id, stack: owner?.stack ?? null, logicalId: owner?.logicalId ?? null, file: resource.arn });
  }

  /** Adds a finding of `rule` on a live resource. */
  report(rule: RuleModule, resource: LiveResource, report: LiveReport): void {
    if (!this.active(rule)) return;
    this.check(rule, resource);
    const configured = this.severityOf(rule);
    const owner = this.owners(resource);
    const detail = report.detail && report.detail.length > 0 ? [...report.detail] : undefined;
    const print = fingerprint([
      'audit',
      rule.id,
      resource.arn,
      report.pointer,
      report.messageId,
      JSON.stringify(report.data ?? {}),
      ...(detail ?? []),
    ]);
    if (this.#seen.has(print)) return;
    this.#seen.add(print);
    const finding: Finding = {
      ruleId: rule.id,
      messageId: report.messageId,
      controls: [...(report.controls ?? rule.controls)] as Finding['controls'],
      severity: (configured as Severity | undefined) ?? report.severity ?? rule.severity,
      message: formatMessage(
        rule.messages[report.messageId] ?? LIVE_MESSAGES[rule.id]?.[report.messageId] ?? report.messageId,
        report.data,
      ),
      file: resource.arn,
      stack: owner?.stack ?? null,
      logicalId: owner?.logicalId ?? null,
      resourceType: resource.type,
      constructPath: null,
      pointer: report.pointer,
      range: LIVE_RANGE,
      fingerprint: print,
      suppressed: null,
      fix: rule.fix,
      suggestion: report.suggestion ?? null,
      arn: resource.arn,
      account: resource.account,
      region: resource.region,
    };
    if (detail) finding.detail = detail;
    this.findings.push(finding);
  }

  error(error: LoadError): void {
    this.errors.push(error);
  }
}
