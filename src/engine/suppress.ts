import picomatch from 'picomatch';
import type { Resource, Stack } from '../graph/values.js';
import type { SourceDocument } from '../load/document.js';
import type { ControlId, Finding, Pointer, SuppressionInfo } from '../model/types.js';
import type { Report, RuleModule, Target } from '../rules/define.js';
import { SUPPRESSION_EXPIRED, SUPPRESSION_INVALID, SUPPRESSION_UNUSED } from './suppression-rules.js';
import { boundedTest } from '../model/regex.js';

/**
 * One model for every way of suppressing a finding. Each source (StackWarden's own metadata, cdk-nag, cfn-nag,
 * checkov, CDK acknowledgements, the central suppressions file) is read into {@link Suppression}s by
 * engine/suppression-sources.ts; this file applies them to findings and reports the invalid, unused and
 * expired ones. No file-system access: the central file arrives as a parsed document.
 */

/** Where a suppression comes from. Also the `source` of {@link SuppressionInfo}. */
export type SuppressionSource = 'stackwarden' | 'cdk-nag' | 'cfn-nag' | 'checkov' | 'cdk-acknowledgement' | 'suppressions-file';

/** How each source reads in a message. */
export const SOURCE_LABELS: Readonly<Record<SuppressionSource, string>> = {
  stackwarden: 'StackWarden suppression',
  'cdk-nag': 'cdk-nag suppression',
  'cfn-nag': 'cfn-nag suppression',
  checkov: 'checkov skip',
  'cdk-acknowledgement': 'CDK acknowledgement',
  'suppressions-file': 'Suppressions-file entry',
};

/** What a suppression's id names: StackWarden rules, and (for StackWarden's own formats) whole controls. */
export interface Names {
  rules: ReadonlySet<string>;
  controls: ReadonlySet<ControlId>;
}

/** One `appliesTo` / `applies_to` pattern: the exact text of a detail entry, or a regular expression. */
export type DetailPattern = { exact: string } | { regex: RegExp };

/** Which findings a suppression may cover, before ids and `appliesTo` are compared. */
export type Scope =
  /** Resource metadata: findings of that resource. */
  | { kind: 'resource'; stack: Stack; logicalId: string }
  /** Template-level metadata: every finding of that stack. */
  | { kind: 'stack'; stack: Stack }
  /** A CDK acknowledgement: findings whose construct path is `path` or below it, in `stack` or its nested stacks. */
  | { kind: 'construct'; stack: Stack; path: string }
  /** A central-file entry: findings whose stack, resource and file match the globs that are given. */
  | { kind: 'select'; stack?: string; resource?: string; file?: string };

export interface Suppression {
  source: SuppressionSource;
  /** The id as written. */
  id: string;
  names: Names;
  /** The justification (decoded when cdk-nag base64-encoded it). */
  reason: string;
  /** Null: the suppression covers every part of the finding. */
  appliesTo: DetailPattern[] | null;
  /**
   * False when matching no finding does not make it unused: a peer's id (cfn-nag) whose check is only related to
   * the rules it maps to (see the rules' `peerCovers`). Absent: reported when unused.
   */
  reportUnused?: false;
  /** Last day it holds, `YYYY-MM-DD`. */
  expires: string | null;
  scope: Scope;
  /** The entry itself, for locations and for findings about the suppression. */
  at: { document: SourceDocument; pointer: Pointer };
  /** The stack and resource whose metadata holds the entry, when it is in a template or assembly. */
  stack: Stack | null;
  resource: Resource | null;
  /** Why the suppression is not valid. A suppression with problems suppresses nothing. */
  problems: string[];
}

/** A finding with the stack it belongs to, which scopes are compared against. */
/** The parts of a finding that suppressions match on. */
export type Matchable = Pick<Finding, 'ruleId' | 'controls' | 'file' | 'logicalId' | 'constructPath' | 'detail'> &
  Partial<Pick<Finding, 'stack'>>;

export interface Subject {
  finding: Matchable;
  stack: Stack | null;
}

/** What the suppressions decided: which findings they hide (the first match in precedence wins), and the reports. */
export interface SuppressionOutcome<S extends Subject> {
  suppressedBy: Map<S, SuppressionInfo>;
  reports: SuppressionReport[];
}

/** A finding about a suppression, for the engine to turn into a {@link Finding}. */
export interface SuppressionReport {
  rule: RuleModule;
  report: Report;
  subject: Target;
}

export interface ApplyOptions {
  /** The run's date (`YYYY-MM-DD`): a suppression whose `expires` is earlier no longer holds. */
  asOf: string;
  /** Ids of the rules that ran: a suppression that names none of them is not reported as unused. */
  activeRules: readonly RuleModule[];
  /** The root stack of a nested stack (acknowledgements live in the root's metadata): `Graph.rootStack`. */
  rootStack: (stack: Stack) => Stack;
  /** False: suppressions that match nothing are not reported (their findings are not in this run). Default true. */
  reportUnused?: boolean;
}

/** Rule ids that belong to the engine; findings about suppressions cannot themselves be suppressed. */
export const ENGINE_RULE_PREFIX = 'stackwarden/';

/** Order of precedence when several suppressions cover one finding: the most specific, in-source one wins. */
const PRECEDENCE: Readonly<Record<Scope['kind'], number>> = { resource: 0, stack: 1, construct: 2, select: 3 };

/**
 * Marks suppressed findings (they stay in the result, with `suppressed` filled) and returns reports about
 * suppressions that are invalid, expired or unused.
 */
export function applySuppressions<S extends Subject>(
  subjects: readonly S[],
  suppressions: readonly Suppression[],
  options: ApplyOptions,
): SuppressionOutcome<S> {
  const expired = (s: Suppression) => s.expires !== null && options.asOf > s.expires;
  const live = suppressions
    .filter((s) => s.problems.length === 0 && !expired(s))
    .sort((a, b) => PRECEDENCE[a.scope.kind] - PRECEDENCE[b.scope.kind]);
  const used = new Set<Suppression>();
  const matchers = new Map<string, (text: string) => boolean>();
  const glob = (pattern: string) => {
    let m = matchers.get(pattern);
    if (!m) matchers.set(pattern, (m = picomatch(pattern, { dot: true })));
    return m;
  };

  const suppressedBy = new Map<S, SuppressionInfo>();
  for (const subject of subjects) {
    const { finding, stack } = subject;
    if (finding.ruleId.startsWith(ENGINE_RULE_PREFIX)) continue;
    for (const s of live) {
      if (
        !namesFinding(s.names, finding) ||
        !inScope(s.scope, finding, stack, options.rootStack, glob) ||
        !coversDetail(s.appliesTo, finding)
      )
        continue;
      used.add(s);
      if (!suppressedBy.has(subject)) suppressedBy.set(subject, infoOf(s));
    }
  }

  const reports: SuppressionReport[] = [];
  for (const s of suppressions) {
    const data = { source: SOURCE_LABELS[s.source], id: s.id, where: whereOf(s) };
    const subject: Target = s.stack ?? s.at;
    const at = { document: s.at.document, pointer: s.at.pointer };
    const resource = s.resource ?? undefined;
    if (s.problems.length > 0)
      reports.push({
        rule: SUPPRESSION_INVALID,
        subject,
        report: { at, resource, messageId: 'invalid', data: { ...data, problem: s.problems.join('; ') } },
      });
    else if (expired(s))
      reports.push({
        rule: SUPPRESSION_EXPIRED,
        subject,
        report: { at, resource, messageId: 'expired', data: { ...data, expires: s.expires ?? '', asOf: options.asOf } },
      });
    else if (!used.has(s) && s.reportUnused !== false && options.reportUnused !== false && namesActiveRule(s.names, options.activeRules))
      reports.push({ rule: SUPPRESSION_UNUSED, subject, report: { at, resource, messageId: 'unused', data } });
  }
  return { suppressedBy, reports };
}

function namesFinding(names: Names, finding: Matchable): boolean {
  return names.rules.has(finding.ruleId) || finding.controls.some((c) => names.controls.has(c));
}

function namesActiveRule(names: Names, rules: readonly RuleModule[]): boolean {
  return rules.some((r) => names.rules.has(r.id) || r.controls.some((c) => names.controls.has(c)));
}

function inScope(
  scope: Scope,
  finding: Matchable,
  stack: Stack | null,
  rootStack: (stack: Stack) => Stack,
  glob: (p: string) => (t: string) => boolean,
): boolean {
  switch (scope.kind) {
    case 'resource':
      return stack === scope.stack && finding.logicalId === scope.logicalId;
    case 'stack':
      return stack === scope.stack;
    case 'construct':
      return (
        stack !== null && rootStack(stack) === scope.stack && finding.constructPath !== null && isUnder(finding.constructPath, scope.path)
      );
    case 'select': {
      if (scope.file !== undefined && !glob(scope.file)(finding.file)) return false;
      if (scope.stack !== undefined) {
        // A live finding on a resource of a stack that no loaded template is still names that stack.
        const names = (stack ? [stack.name, stack.id, stack.constructPath] : [finding.stack]).filter(
          (n): n is string => typeof n === 'string',
        );
        const matches = glob(scope.stack);
        if (!names.some((n) => matches(n))) return false;
      }
      if (scope.resource !== undefined) {
        // A construct path matches through its ancestors too: `Stack/Bucket` covers `Stack/Bucket/Resource`.
        const names = [finding.logicalId, ...ancestors(finding.constructPath)].filter((n): n is string => typeof n === 'string');
        const matches = glob(scope.resource);
        // (picomatch's matcher takes a second argument; never hand it to `some` directly.)
        if (!names.some((n) => matches(n))) return false;
      }
      return true;
    }
  }
}

/**
 * cdk-nag's rule: a suppression without `applies_to` covers the whole finding; one with it covers only a
 * granular finding. StackWarden findings may have several parts, so every part must be matched: suppressing
 * `Action::s3:*` must not also hide `Resource::*` reported in the same finding.
 */
function coversDetail(patterns: readonly DetailPattern[] | null, finding: Matchable): boolean {
  if (patterns === null) return true;
  const detail = finding.detail ?? [];
  // A regex from the input runs with a time bound; one that runs out of time matches nothing (it suppresses nothing).
  return (
    detail.length > 0 &&
    detail.every((part) => patterns.some((p) => ('exact' in p ? p.exact === part : boundedTest(p.regex, part) === true)))
  );
}

function isUnder(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`);
}

function ancestors(path: string | null): string[] {
  if (path === null) return [];
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function infoOf(s: Suppression): SuppressionInfo {
  const { start } = s.at.document.locate(s.at.pointer).range;
  return {
    kind: s.source === 'suppressions-file' ? 'external' : 'inSource',
    source: s.source,
    justification: s.reason,
    id: s.id,
    location: { file: s.at.document.file, line: start.line, column: start.column },
    ...(s.expires !== null ? { expires: s.expires } : {}),
  };
}

function whereOf(s: Suppression): string {
  switch (s.scope.kind) {
    case 'resource':
      return ` on resource '${s.scope.logicalId}'`;
    case 'stack':
      return ` on stack '${s.scope.stack.name ?? s.scope.stack.id}'`;
    case 'construct':
      return ` on construct '${s.scope.path}'`;
    case 'select':
      return '';
  }
}
