import { Graph } from '../graph/build.js';
import type { Stack } from '../graph/values.js';
import type { SourceDocument } from '../load/document.js';
import { locateAll, prefetch } from '../load/locate-pool.js';
import type { LoadResult } from '../load/stack.js';
import type { ControlId, Finding, LoadError, Severity } from '../model/types.js';
import { CONTROL_IDS, SEVERITY_RANK } from '../model/types.js';
import type { Report, RuleContext, RuleModule, RuleOptions, Target } from '../rules/define.js';
import { cdkFieldsOf } from './cdk-fields.js';
import { fingerprint } from './fingerprint.js';
import { placeOf } from './locate.js';
import { applySuppressions, type Subject } from './suppress.js';
import { collectSuppressions } from './suppression-sources.js';
import { SUPPRESSION_RULES } from './suppression-rules.js';
import { AWS_NAMING } from '../aws/names.js';

export interface Summary {
  files: number;
  stacks: number;
  resources: number;
  /** Findings that are not suppressed. */
  findings: number;
  suppressed: number;
  /** Findings the baseline already knows (`--baseline`); present only when a baseline was applied. */
  baseline?: number;
  /** Unsuppressed findings per control. Every control of the seed is listed, with 0 where it passed. */
  byControl: Record<string, number>;
}

/**
 * One rule applied to one subject: a resource of a type the rule lists, or a stack for stack rules. A check
 * with no unsuppressed finding passed. Reports (JUnit, per-control pass counts) need what was checked, not
 * only what failed.
 */
export interface Check {
  ruleId: string;
  /** The stack name, or null for a plain template. */
  stack: string | null;
  /** The resource checked; null when a stack rule checked the whole stack. */
  logicalId: string | null;
  /** The stack's template file, relative with `/`. */
  file: string;
}

/** Everything a run produced. Formatters are pure functions of this. */
export interface RunResult {
  findings: Finding[];
  errors: LoadError[];
  summary: Summary;
  /** The rules that ran, in id order. */
  rules: readonly RuleModule[];
  /** Every rule × subject that ran, in run order (stack, then rule, then resource). */
  checks?: Check[];
  /** Source text by file, for every document a finding can point into (templates, manifests): report excerpts. */
  sources?: Record<string, string>;
}

export interface RunOptions extends Partial<RuleOptions> {
  rules: readonly RuleModule[];
  /** Per-rule severity, or `off`. */
  severity?: Readonly<Record<string, Severity | 'off'>>;
  /**
   * Central suppression files, already read and parsed by the caller (the engine never reads files). They apply
   * after the suppressions written in the templates and the assembly; see engine/suppression-sources.ts.
   */
  suppressionFiles?: readonly SourceDocument[];
}

/** The id of the finding a crashing rule turns into. The run goes on. */
export const RULE_ERROR_ID = 'stackwarden/rule-error';

/** Defaults for the rule options; `asOf` has none here: it is the day of each run (see `run`). */
export const DEFAULT_RULE_OPTIONS: Omit<RuleOptions, 'asOf'> = { profile: 'recommended', allowedPorts: [80, 443] };

/**
 * Runs rules over loaded stacks. Pure apart from the clock default for `asOf`: it never touches the file system,
 * so the CLI, the CDK plugin and tests run it the same way.
 */
export function run(loaded: LoadResult, options: RunOptions): RunResult {
  const graph = new Graph(loaded.stacks, AWS_NAMING);
  const ruleOptions: RuleOptions = {
    profile: options.profile ?? DEFAULT_RULE_OPTIONS.profile,
    // Read the clock per run: a long-lived process (the CDK plugin, a watch loop) must not keep its import day.
    asOf: options.asOf ?? today(),
    allowedPorts: options.allowedPorts ?? DEFAULT_RULE_OPTIONS.allowedPorts,
  };
  const active = (r: RuleModule) => options.severity?.[r.id] !== 'off';
  const rules = options.rules.filter(active).sort((a, b) => compare(a.id, b.id));
  const byDocument = new Map<SourceDocument, Stack>();
  for (const stack of graph.stacks) byDocument.set(stack.template, stack);
  const stackOfDocument = (document: SourceDocument) => byDocument.get(document) ?? null;

  const findings: Finding[] = [];
  /** Each finding with its document and stack: located in one batch once every rule ran, and matched against suppressions. */
  const records: FindingRecord[] = [];
  const checks: Check[] = [];
  const sources: Record<string, string> = {};
  const seen = new Set<string>();
  // A severity the user configured for a rule wins over the rule's own, and over the per-finding severities a
  // rule chooses (notes for unknown values, profile-dependent levels): the configuration is the user's decision.
  const configured = (rule: RuleModule) => options.severity?.[rule.id] as Severity | undefined;
  const emitFor = (rule: RuleModule) => (report: Report, subject: Target) => {
    const override = configured(rule);
    const { finding, stack, document } = toFinding(
      rule,
      override ?? rule.severity,
      override ? { ...report, severity: override } : report,
      subject,
      stackOfDocument,
    );
    const key = finding.fingerprint;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
      records.push({ finding, document, stack });
      // Findings can point outside templates (metadata.json acknowledgements, suppression files).
      sources[document.file] ??= document.text;
    }
  };
  for (const stack of graph.stacks) {
    sources[stack.template.file] = stack.template.text;
    if (stack.declaredAt) sources[stack.declaredAt.document.file] = stack.declaredAt.document.text;
    const check = (ruleId: string, logicalId: string | null) =>
      checks.push({ ruleId, stack: stack.name, logicalId, file: stack.template.file });
    const ctx: RuleContext = { graph, stack, options: ruleOptions };
    const first = records.length;
    for (const rule of rules) {
      const emit = emitFor(rule);
      if (rule.appliesTo === 'stack') {
        check(rule.id, null);
        guard(rule, stack, () => rule.check(stack, ctx), emit, stackOfDocument, findings, records);
        continue;
      }
      for (const resource of stack.resources)
        if (rule.appliesTo.includes(resource.type)) {
          check(rule.id, resource.logicalId);
          guard(rule, resource, () => rule.check(resource, ctx), emit, stackOfDocument, findings, records);
        }
    }
    // This stack's findings in its template are known now: the locating worker can place them while the next
    // stacks run (placeAll collects the answers).
    const pointers: string[] = [];
    for (let i = first; i < records.length; i++) if (records[i]!.document === stack.template) pointers.push(records[i]!.finding.pointer);
    prefetch(stack.template, pointers);
  }

  // Suppressions apply after every rule ran: they mark findings (kept, with `suppressed` filled) and report
  // suppressions that are invalid, expired or unused as findings of the engine's own rules. Findings of the
  // engine's own rules (a rule that crashed, a suppression report) cannot be suppressed: `applySuppressions` skips them.
  const suppressions = collectSuppressions(graph.stacks, options.rules, options.suppressionFiles ?? []);
  const rootStack = (stack: Stack) => graph.rootStack(stack);
  for (const { rule, report, subject } of applySuppressions(records, suppressions, {
    asOf: ruleOptions.asOf,
    activeRules: rules,
    rootStack,
  }))
    if (active(rule)) emitFor(rule)(report, subject);

  placeAll(records);
  findings.sort(compareFindings);
  const byControl: Record<string, number> = Object.fromEntries(CONTROL_IDS.map((c) => [c, 0]));
  for (const f of findings) if (!f.suppressed) for (const c of f.controls) byControl[c] = (byControl[c] ?? 0) + 1;
  const suppressed = findings.filter((f) => f.suppressed).length;
  return {
    findings,
    errors: loaded.errors,
    rules: [...rules, ...SUPPRESSION_RULES.filter(active)].sort((a, b) => compare(a.id, b.id)),
    checks,
    sources,
    summary: {
      files: loaded.files,
      stacks: graph.stacks.length,
      resources: graph.stacks.reduce((n, s) => n + s.resources.length, 0),
      findings: findings.length - suppressed,
      suppressed,
      byControl,
    },
  };
}

/** A finding, the document its pointer is in, and its stack (a suppression's scope is matched on it). */
interface FindingRecord extends Subject {
  document: SourceDocument;
}

/** The range of a finding not placed yet; `placeAll` replaces it before the run returns. */
const UNPLACED = Object.freeze({ start: Object.freeze({ line: 0, column: 0 }), end: Object.freeze({ line: 0, column: 0 }) });

/**
 * Gives each finding its source range, and the pointer that exists when the one asked for does not (its nearest
 * ancestor). All pointers of a document go in one request, and all documents in one batch: on large inputs a
 * worker thread has indexed the documents while the rules ran (load/locate-pool.ts).
 */
function placeAll(records: readonly FindingRecord[]): void {
  const byDocument = new Map<SourceDocument, Finding[]>();
  for (const { finding, document } of records) {
    const list = byDocument.get(document);
    if (list) list.push(finding);
    else byDocument.set(document, [finding]);
  }
  const groups = [...byDocument];
  const located = locateAll(groups.map(([document, list]) => ({ document, pointers: list.map((f) => f.pointer) })));
  groups.forEach(([, list], i) =>
    list.forEach((finding, j) => {
      const { pointer, range } = located[i]![j]!;
      finding.pointer = pointer;
      finding.range = range;
    }),
  );
}

/** Runs one check; a throw becomes a finding of its own, and what the rule yielded before it is kept. */
function guard(
  rule: RuleModule,
  subject: Target,
  check: () => Iterable<Report>,
  emit: (report: Report, subject: Target) => void,
  stackOfDocument: (d: SourceDocument) => Stack | null,
  findings: Finding[],
  records: FindingRecord[],
): void {
  try {
    for (const report of check()) emit(report, subject);
  } catch (error) {
    const place = placeOf(subject, stackOfDocument);
    const reason = error instanceof Error ? error.message : String(error);
    const crash: RuleModule = {
      ...rule,
      id: RULE_ERROR_ID,
      fix: `Report this as a bug in rule '${rule.id}'.`,
      messages: { crashed: `Rule '${rule.id}' failed here: ${reason}` },
    };
    const { finding, document, stack } = toFinding(
      crash,
      'error',
      { at: subject, messageId: 'crashed' },
      subject,
      stackOfDocument,
      place.pointer,
    );
    findings.push(finding);
    records.push({ finding, document, stack });
  }
}

function toFinding(
  rule: RuleModule,
  severity: Severity,
  report: Report,
  subject: Target,
  stackOfDocument: (d: SourceDocument) => Stack | null,
  detail = '',
): { finding: Finding; stack: Stack | null; document: SourceDocument } {
  const place = placeOf(report.at, stackOfDocument);
  const resource = report.resource ?? place.resource ?? ('logicalId' in subject ? subject : null);
  // A finding in manifest.json or <Stack>.metadata.json (termination protection, acknowledgements) is in no
  // template, so its stack comes from what was checked.
  const stack = place.stack ?? resource?.stack ?? ('resources' in subject ? subject : null);
  const message = formatMessage(rule.messages[report.messageId] ?? report.messageId, report.data);
  const parts = [
    rule.id,
    place.document.file,
    stack?.id ?? null,
    resource?.logicalId ?? null,
    place.pointer,
    report.messageId,
    JSON.stringify(report.data ?? {}),
    detail,
  ];
  // Detail joins the hash only when given, so findings without it keep the fingerprints they always had.
  if (report.detail && report.detail.length > 0) parts.push(...report.detail);
  const finding: Finding = {
    ruleId: rule.id,
    messageId: report.messageId,
    controls: [...rule.controls],
    severity: report.severity ?? severity,
    message,
    file: place.document.file,
    stack: stack?.name ?? null,
    logicalId: resource?.logicalId ?? null,
    resourceType: resource?.type ?? null,
    constructPath: resource?.constructPath ?? (resource ? null : (stack?.constructPath ?? null)),
    // The pointer and range are placed at the end of the run, all at once (see `placeAll`).
    pointer: place.pointer,
    range: UNPLACED,
    fingerprint: fingerprint(parts),
    suppressed: null,
    fix: rule.fix,
    suggestion: report.suggestion ?? null,
  };
  if (report.detail && report.detail.length > 0) finding.detail = [...report.detail];
  Object.assign(finding, cdkFieldsOf(resource, stack));
  return { finding, stack, document: place.document };
}

/** A message template split at its `{{name}}` placeholders: even slots are text, odd slots are data keys. */
const compiledMessages = new Map<string, string[]>();

/** Fills a message template's `{{name}}` placeholders from the report's data; a missing key stays as written. */
export function formatMessage(template: string, data: Report['data']): string {
  if (!template.includes('{{')) return template;
  let parts = compiledMessages.get(template);
  if (!parts) {
    parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
    // Rules have a few templates each; a bound keeps a long-lived process safe from any dynamic ones.
    if (compiledMessages.size >= 4096) compiledMessages.clear();
    compiledMessages.set(template, parts);
  }
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    const value = data?.[key];
    out += (value === undefined || value === null ? `{{${key}}}` : String(value)) + parts[i + 1]!;
  }
  return out;
}

/** Findings sort by file, position, rule and pointer: the same input always prints the same output. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compare(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.pointer, b.pointer) ||
    compare(a.message, b.message)
  );
}

/** Whether any finding that is neither suppressed nor in the baseline reaches the threshold. */
export function reachesThreshold(findings: readonly Finding[], failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => !f.suppressed && !f.baseline && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}

export function controlsOf(findings: readonly Finding[]): ControlId[] {
  return CONTROL_IDS.filter((c) => findings.some((f) => f.controls.includes(c)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
