import { AWS_NAMING } from '../aws/names.js';
import { Graph } from '../graph/build.js';
import type { Stack } from '../graph/values.js';
import type { Located, SourceDocument } from '../load/document.js';
import type { LoadResult } from '../load/stack.js';
import type { Finding, LoadError, Severity, SuppressionInfo } from '../model/types.js';
import { CONTROL_IDS, SEVERITY_RANK } from '../model/types.js';
import type { Report, RuleContext, RuleModule, RuleOptions, Target } from '../rules/define.js';
import { AUDIT_RULES } from '../rules/live-only.js';
import { type Baseline, type BaselineEntry, createBaseline } from './baseline.js';
import { type Draft, draftOf, type StackOfDocument } from './draft.js';
import { placeOf } from './locate.js';
import { batchLocator, type Locator } from './locator.js';
import { applySuppressions } from './suppress.js';
import { collectSuppressions } from './suppression-sources.js';
import { SUPPRESSION_RULES } from './suppression-rules.js';

export { formatMessage } from './draft.js';

export interface Summary {
  files: number;
  stacks: number;
  resources: number;
  /** Findings that are not suppressed. */
  findings: number;
  suppressed: number;
  /** Findings the baseline already knows (`--baseline`); present only when a baseline was applied. */
  baseline?: number;
  /** Unsuppressed findings per control. Every control of the guidance is listed, with 0 where it passed. */
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

/** What applying a baseline found. */
export interface BaselineOutcome {
  /** The baseline the run was judged against (with `baseline: 'accept'`, the one made from this run). */
  applied: Baseline;
  /** Baseline entries no finding has any more: fixed, or changed enough to be new. */
  stale: BaselineEntry[];
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
  /** Present when a baseline was applied. */
  baseline?: BaselineOutcome;
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
  /**
   * Findings whose fingerprints the baseline holds are marked `baseline: true` and no longer fail the run.
   * `'accept'` judges the run against the baseline of its own findings (what `--write-baseline` writes).
   */
  baseline?: Baseline | 'accept';
  /** How findings get their source ranges; the single-threaded {@link batchLocator} by default. */
  locator?: Locator;
  /**
   * Findings made outside the rules stage (`stackwarden audit`: `file` is a live resource's ARN), or a function of
   * the static findings that makes them (`audit --against`, which compares the two). They join the static findings
   * before the suppression stage, so the same suppressions, baseline and exit code judge both.
   */
  live?: LiveInput | ((ruled: StaticView) => LiveInput);
  /**
   * False: a suppression that matches no finding is not reported as unused (a live-only audit: the suppressions
   * file is shared with `scan`, whose findings are not in this run). Default true.
   */
  reportUnusedSuppressions?: boolean;
}

/** What the live audit adds to a run. */
export interface LiveInput {
  /** Complete findings (range 1:1, `arn`, `account`, `region`); the stages fill `suppressed` and `baseline`. */
  findings: readonly Finding[];
  /** Calls that failed: the run is incomplete (exit code 2). */
  errors: readonly LoadError[];
  checks: readonly Check[];
  /** The rules that judged the live resources, for the report's descriptors. */
  rules: readonly RuleModule[];
  stacks: number;
  resources: number;
  /** Static findings that the live state settles (the MFA delete note of a deployed bucket): dropped. */
  settles?: (finding: StaticFinding) => boolean;
}

/** A static finding as the rules reported it, before suppressions. */
export type StaticFinding = Draft['finding'];

/** The static side of a run, for a live input that compares the template with the account. */
export interface StaticView {
  findings: readonly StaticFinding[];
  checks: readonly Check[];
  stacks: readonly Stack[];
}

/** The id of the finding a crashing rule turns into. The run goes on. */
export const RULE_ERROR_ID = 'stackwarden/rule-error';

/** Defaults for the rule options; `asOf` has none here: it is the day of each run (see `run`). */
const DEFAULT_RULE_OPTIONS: Omit<RuleOptions, 'asOf'> = { profile: 'recommended', allowedPorts: [80, 443] };

/**
 * Runs rules over loaded stacks, in named stages: graph → rules → suppressions → baseline → locate → result.
 * Pure apart from the clock default for `asOf`: it never touches the file system, so the CLI, the library, the
 * CDK plugin and tests run it the same way.
 */
export function run(loaded: LoadResult, options: RunOptions): RunResult {
  const settings = settle(options);
  const graph = new Graph(loaded.stacks, AWS_NAMING);
  const ruled = applyRules(graph, settings);
  const live = applyLiveStage(graph, ruled, options.live);
  const suppressed = applySuppressionStage(graph, ruled, settings);
  const judged = applyBaselineStage(suppressed, settings.baseline);
  const located = locate(suppressed.drafts, settings.locator, live);
  return assemble(loaded, graph, settings, { ...judged, checks: ruled.checks, located, live });
}

/** The options with their defaults, and the rules that run (those not configured `off`, in id order). */
interface Settings {
  ruleOptions: RuleOptions;
  rules: readonly RuleModule[];
  /**
   * Every rule the caller gave, `off` ones included (a suppression naming one of them is not "unused"), and the audit's
   * own rules: a suppression naming them is valid everywhere, and unused only where they run.
   */
  allRules: readonly RuleModule[];
  active: (rule: RuleModule) => boolean;
  /** The severity the user configured for a rule, which wins over the rule's own and over per-report ones. */
  configured: (rule: RuleModule) => Severity | undefined;
  suppressionFiles: readonly SourceDocument[];
  baseline: Baseline | 'accept' | undefined;
  locator: Locator;
  reportUnusedSuppressions: boolean;
}

function settle(options: RunOptions): Settings {
  const active = (r: RuleModule) => options.severity?.[r.id] !== 'off';
  return {
    ruleOptions: {
      profile: options.profile ?? DEFAULT_RULE_OPTIONS.profile,
      // Read the clock per run: a long-lived process (the CDK plugin, a watch loop) must not keep its import day.
      asOf: options.asOf ?? today(),
      allowedPorts: options.allowedPorts ?? DEFAULT_RULE_OPTIONS.allowedPorts,
      ...(options.fix ? { fix: options.fix } : {}),
    },
    rules: options.rules.filter(active).sort((a, b) => compare(a.id, b.id)),
    // The audit's own rules check no template, but a suppressions file shared with `audit` may name them.
    allRules: [...options.rules, ...AUDIT_RULES.filter((r) => !options.rules.some((o) => o.id === r.id))],
    active,
    // A severity the user configured is the user's decision: it wins over the rule's own, and over the
    // per-finding severities a rule chooses (notes for unknown values, profile-dependent levels).
    configured: (rule) => options.severity?.[rule.id] as Severity | undefined,
    suppressionFiles: options.suppressionFiles ?? [],
    baseline: options.baseline,
    locator: options.locator ?? batchLocator,
    reportUnusedSuppressions: options.reportUnusedSuppressions ?? true,
  };
}

/** Drafts in report order, each fingerprint once: a rule that reports the same thing twice gives one finding. */
class Drafts {
  readonly list: Draft[] = [];
  readonly #seen = new Set<string>();

  constructor(
    private readonly settings: Settings,
    readonly stackOfDocument: StackOfDocument,
  ) {}

  /** Adds a rule's report; the configured severity wins over the rule's and the report's. */
  report(rule: RuleModule, report: Report, subject: Target): void {
    const override = this.settings.configured(rule);
    this.add(
      draftOf(rule, override ?? rule.severity, override ? { ...report, severity: override } : report, subject, this.stackOfDocument),
    );
  }

  add(draft: Draft): boolean {
    if (this.#seen.has(draft.finding.fingerprint)) return false;
    this.#seen.add(draft.finding.fingerprint);
    this.list.push(draft);
    return true;
  }

  /** Drops the drafts `drop` selects (static findings the live state settles). */
  remove(drop: (draft: Draft) => boolean): void {
    const kept = this.list.filter((d) => !drop(d));
    this.list.length = 0;
    this.list.push(...kept);
  }
}

interface Ruled {
  drafts: Drafts;
  checks: Check[];
}

/** Stage: every active rule on every subject it applies to. A rule that throws becomes a finding of its own. */
function applyRules(graph: Graph, settings: Settings): Ruled {
  const byDocument = new Map<SourceDocument, Stack>();
  for (const stack of graph.stacks) byDocument.set(stack.template, stack);
  const drafts = new Drafts(settings, (document) => byDocument.get(document) ?? null);
  const checks: Check[] = [];
  for (const stack of graph.stacks) {
    const ctx: RuleContext = { graph, stack, options: settings.ruleOptions };
    for (const rule of settings.rules) {
      if (rule.appliesTo === 'stack') {
        checks.push({ ruleId: rule.id, stack: stack.name, logicalId: null, file: stack.template.file });
        guard(rule, stack, () => rule.check(stack, ctx), drafts);
        continue;
      }
      for (const resource of stack.resources)
        if (rule.appliesTo.includes(resource.type)) {
          checks.push({ ruleId: rule.id, stack: stack.name, logicalId: resource.logicalId, file: stack.template.file });
          guard(rule, resource, () => rule.check(resource, ctx), drafts);
        }
    }
  }
  return { drafts, checks };
}

/** Runs one check; a throw becomes a finding of its own, and what the rule yielded before it is kept. */
function guard(rule: RuleModule, subject: Target, check: () => Iterable<Report>, drafts: Drafts): void {
  try {
    for (const report of check()) drafts.report(rule, report, subject);
  } catch (error) {
    const place = placeOf(subject, drafts.stackOfDocument);
    const reason = error instanceof Error ? error.message : String(error);
    const crash: RuleModule = {
      ...rule,
      id: RULE_ERROR_ID,
      fix: `Report this as a bug in rule '${rule.id}'.`,
      messages: { crashed: `Rule '${rule.id}' failed here: ${reason}` },
    };
    drafts.add(draftOf(crash, 'error', { at: subject, messageId: 'crashed' }, subject, drafts.stackOfDocument, place.pointer));
  }
}

/** The live findings of a run, by their drafts, and the rest of what the live audit added. */
interface Live {
  input: LiveInput | undefined;
  /** Live drafts → the finding as the audit made it (its range is 1:1, its `file` an ARN: nothing to locate). */
  findings: ReadonlyMap<Draft, Finding>;
}

/** A live finding points into no document; drafts need one, and this one is never located or quoted. */
const LIVE_DOCUMENT: SourceDocument = {
  file: '',
  format: 'json',
  text: '',
  value: null,
  locate: (pointer) => ({ pointer, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } }),
};

/**
 * Stage: the live findings join the static ones (and the static findings the live state settles leave), so the
 * suppression and baseline stages judge both. A live finding on a resource of a loaded stack (same stack name, and
 * the stack's region when it has one) belongs to that stack: the template's own suppressions cover it.
 */
function applyLiveStage(graph: Graph, { drafts, checks }: Ruled, live: RunOptions['live']): Live {
  if (live === undefined) return { input: undefined, findings: new Map() };
  const input = typeof live === 'function' ? live({ findings: drafts.list.map((d) => d.finding), checks, stacks: graph.stacks }) : live;
  if (input.settles) {
    const settles = input.settles;
    drafts.remove((d) => settles(d.finding));
  }
  const byName = new Map<string, Stack[]>();
  for (const stack of graph.stacks) if (stack.name !== null) byName.set(stack.name, [...(byName.get(stack.name) ?? []), stack]);
  const findings = new Map<Draft, Finding>();
  for (const finding of input.findings) {
    const stack =
      finding.stack === null
        ? null
        : (byName.get(finding.stack)?.find((s) => !s.env.region || finding.region === 'global' || s.env.region === finding.region) ?? null);
    const { pointer, range: _range, suppressed: _suppressed, baseline: _baseline, ...fields } = finding;
    const draft: Draft = { finding: fields, pointer, document: LIVE_DOCUMENT, stack, legacyFingerprints: () => [] };
    if (drafts.add(draft)) findings.set(draft, finding);
  }
  return { input, findings };
}

interface Suppressed {
  /** The rules' drafts, then the findings about suppressions (invalid, expired, unused). */
  drafts: readonly Draft[];
  suppressedBy: ReadonlyMap<Draft, SuppressionInfo>;
}

/**
 * Stage: suppressions, after every rule ran. They mark findings (kept, with `suppressed` filled) and report
 * suppressions that are invalid, expired or unused as findings of the engine's own rules, which cannot be
 * suppressed themselves.
 */
function applySuppressionStage(graph: Graph, { drafts }: Ruled, settings: Settings): Suppressed {
  const suppressions = collectSuppressions(graph.stacks, settings.allRules, settings.suppressionFiles);
  const ruleDrafts = [...drafts.list];
  const { suppressedBy, reports } = applySuppressions(ruleDrafts, suppressions, {
    asOf: settings.ruleOptions.asOf,
    activeRules: settings.rules,
    rootStack: (stack) => graph.rootStack(stack),
    reportUnused: settings.reportUnusedSuppressions,
  });
  for (const { rule, report, subject } of reports) if (settings.active(rule)) drafts.report(rule, report, subject);
  return { drafts: drafts.list, suppressedBy: suppressedBy as ReadonlyMap<Draft, SuppressionInfo> };
}

interface Judged extends Suppressed {
  /** Drafts the baseline knows; empty without a baseline. */
  known: ReadonlySet<Draft>;
  baseline?: BaselineOutcome;
}

/** Stage: the baseline. A finding it knows stays in the output, marked, but no longer fails the run. */
function applyBaselineStage(suppressed: Suppressed, baseline: Baseline | 'accept' | undefined): Judged {
  if (baseline === undefined) return { ...suppressed, known: new Set() };
  const { drafts, suppressedBy } = suppressed;
  const applied =
    baseline === 'accept' ? createBaseline(drafts.map((d) => ({ ...d.finding, suppressed: suppressedBy.get(d) ?? null }))) : baseline;
  const fingerprints = new Set(applied.findings.map((e) => e.fingerprint));
  // A baseline written before content identity holds positional fingerprints: they still match (and count as
  // present) until the baseline is written again.
  const legacy = new Map(drafts.map((d) => [d, d.legacyFingerprints()]));
  const isKnown = (d: Draft) => fingerprints.has(d.finding.fingerprint) || legacy.get(d)!.some((f) => fingerprints.has(f));
  const known = new Set(drafts.filter((d) => !suppressedBy.has(d) && isKnown(d)));
  const present = new Set(drafts.flatMap((d) => [d.finding.fingerprint, ...legacy.get(d)!]));
  return { ...suppressed, known, baseline: { applied, stale: applied.findings.filter((e) => !present.has(e.fingerprint)) } };
}

/**
 * Stage: source ranges, and the pointer that exists when the one asked for does not (its nearest ancestor). All
 * pointers of a document go in one request, and all documents in one call to the locator.
 */
function locate(drafts: readonly Draft[], locator: Locator, live: Live): Located[] {
  const byDocument = new Map<SourceDocument, number[]>();
  const located: Located[] = new Array(drafts.length);
  drafts.forEach((draft, i) => {
    const finding = live.findings.get(draft);
    if (finding) {
      located[i] = { pointer: finding.pointer, range: finding.range };
      return;
    }
    const list = byDocument.get(draft.document);
    if (list) list.push(i);
    else byDocument.set(draft.document, [i]);
  });
  const groups = [...byDocument];
  const answers = locator.locateAll(groups.map(([document, indices]) => ({ document, pointers: indices.map((i) => drafts[i]!.pointer) })));
  groups.forEach(([, indices], g) => indices.forEach((i, j) => (located[i] = answers[g]![j]!)));
  return located;
}

/** Stage: the result. Each finding is built once, complete, from its draft and what the stages decided. */
function assemble(
  loaded: LoadResult,
  graph: Graph,
  settings: Settings,
  stages: Judged & { checks: Check[]; located: readonly Located[]; live: Live },
): RunResult {
  const { drafts, suppressedBy, known, located, live } = stages;
  const withBaseline = settings.baseline !== undefined;
  const built = drafts.map((draft, i): Finding => {
    const made = live.findings.get(draft);
    if (made) {
      // The audit built it complete, in the contract's key order; the stages decide its standing.
      const finding: Finding = { ...made, suppressed: suppressedBy.get(draft) ?? null };
      delete finding.baseline;
      if (withBaseline) finding.baseline = known.has(draft);
      return finding;
    }
    const f = draft.finding;
    const { pointer, range } = located[i]!;
    // Key order is the JSON contract's, as it always was: detail and baseline come last. Written out key by key:
    // a rest-and-spread copy cost more per finding than the rest of the stage.
    const finding: Finding = {
      ruleId: f.ruleId,
      messageId: f.messageId,
      controls: f.controls,
      severity: f.severity,
      message: f.message,
      file: f.file,
      stack: f.stack,
      logicalId: f.logicalId,
      resourceType: f.resourceType,
      constructPath: f.constructPath,
      pointer,
      range,
      fingerprint: f.fingerprint,
      suppressed: suppressedBy.get(draft) ?? null,
      fix: f.fix,
      suggestion: f.suggestion,
    };
    if (f.detail) finding.detail = f.detail;
    if (f.arn !== undefined) finding.arn = f.arn;
    if (f.account !== undefined) finding.account = f.account;
    if (f.region !== undefined) finding.region = f.region;
    if (f.autofix) finding.autofix = f.autofix;
    // CDK assemblies only: where user code made the construct, and whether aws-cdk-lib made the resource.
    if (f.source) finding.source = f.source;
    if (f.origin) finding.origin = f.origin;
    if (withBaseline) finding.baseline = known.has(draft);
    return finding;
  });
  const findings = fold(drafts, built);
  findings.sort(compareFindings);

  const sources: Record<string, string> = {};
  for (const stack of graph.stacks) {
    sources[stack.template.file] = stack.template.text;
    if (stack.declaredAt) sources[stack.declaredAt.document.file] = stack.declaredAt.document.text;
  }
  // Findings can point outside templates (metadata.json acknowledgements, suppression files).
  for (const draft of drafts) if (!live.findings.has(draft)) sources[draft.document.file] ??= draft.document.text;

  const byControl: Record<string, number> = Object.fromEntries(CONTROL_IDS.map((c) => [c, 0]));
  for (const f of findings) if (!f.suppressed) for (const c of f.controls) byControl[c] = (byControl[c] ?? 0) + 1;
  const suppressed = findings.filter((f) => f.suppressed).length;
  const input = live.input;
  const summary: Summary = {
    files: loaded.files,
    stacks: graph.stacks.length + (input?.stacks ?? 0),
    resources: graph.stacks.reduce((n, s) => n + s.resources.length, 0) + (input?.resources ?? 0),
    findings: findings.length - suppressed,
    suppressed,
    byControl,
  };
  // Counted as findings are: a problem the baseline knows is one, whatever it carries.
  if (withBaseline) summary.baseline = findings.filter((f) => f.baseline === true).length;
  // A live-only run names the rules that judged the account; with templates, every rule ran on them as well.
  const ran = input && graph.stacks.length === 0 ? [] : settings.rules;
  const rules = new Set([...ran, ...(input?.rules ?? []), ...SUPPRESSION_RULES.filter(settings.active)]);
  const result: RunResult = {
    findings,
    errors: input ? [...loaded.errors, ...input.errors] : loaded.errors,
    rules: [...rules].sort((a, b) => compare(a.id, b.id)),
    checks: input ? [...stages.checks, ...input.checks] : stages.checks,
    sources,
    summary,
  };
  if (stages.baseline) result.baseline = stages.baseline;
  return result;
}

/**
 * Stage: one problem, one finding. Findings whose rules named the same problem (one IAM statement: its wildcard
 * action, its wildcard resource, and what it alone lets a principal do) and that stand the same (suppressed by
 * the same suppression or not, in the baseline or not) become one: the most severe, then the one written
 * deepest (where the fix goes), carries the others in `related`. A finding with an autofix, or with a control
 * the carrier lacks, stays on its own, so `fix`, the Aspect and the per-control counts see what they always saw.
 * Suppressions and the baseline judged every finding before this stage, so granular suppressions still work.
 */
function fold(drafts: readonly Draft[], findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, number[]>();
  drafts.forEach((draft, i) => {
    if (draft.problem === undefined) return;
    const f = findings[i]!;
    const key = `${draft.problem}\u0000${f.suppressed ? JSON.stringify(f.suppressed) : ''}\u0000${f.baseline === true}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const carried = new Set<number>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const ordered = group.map((i) => findings[i]!).sort(carrierFirst);
    const carrier = ordered[0]!;
    const related = ordered.slice(1).filter((f) => f.autofix === undefined && f.controls.every((c) => carrier.controls.includes(c)));
    if (related.length === 0) continue;
    carrier.related = related.sort(compareFindings);
    for (const i of group) if (related.includes(findings[i]!)) carried.add(i);
  }
  return carried.size === 0 ? [...findings] : findings.filter((_, i) => !carried.has(i));
}

/** The finding that carries a problem: the most severe, then the deepest pointer, then by rule and place. */
function carrierFirst(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    depth(b.pointer) - depth(a.pointer) ||
    compare(a.ruleId, b.ruleId) ||
    compareFindings(a, b)
  );
}

function depth(pointer: string): number {
  let n = 0;
  for (let i = 0; i < pointer.length; i++) if (pointer.charCodeAt(i) === 47) n++;
  return n;
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

/** Exit codes of the CLI, and of every surface that gates a build: 0 clean, 1 findings, 2 error. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/**
 * The exit code: 2 when an input could not be loaded or a rule crashed (the results are then incomplete,
 * whatever they say), else 1 when a finding reaches `failOn`, else 0.
 */
export function exitCodeOf(result: Pick<RunResult, 'errors' | 'findings'>, failOn: Severity | 'none'): number {
  if (result.errors.length > 0 || result.findings.some((f) => f.ruleId === RULE_ERROR_ID)) return EXIT.error;
  return reachesThreshold(result.findings, failOn) ? EXIT.findings : EXIT.ok;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
