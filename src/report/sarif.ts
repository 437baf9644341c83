import type { Invocation, Location, Log, Notification, ReportingDescriptor, Result, Run, Suppression } from 'sarif';
import { RULE_ERROR_ID, type RunResult } from '../engine/run.js';
import type { Finding, LoadError, Severity, SuppressionInfo } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';
import type { RuleModule } from '../rules/define.js';
import { PROJECT_URL, ruleHelpUri } from './anchor.js';
import { jsonSafe } from './plain.js';
import type { ReportContext, SarifPrimary } from './context.js';
import { proseToMarkdown } from './markdown.js';
import { sarifLocations } from './sarif-source.js';

/** The OASIS location of the SARIF 2.1.0 schema (errata 01), which the log names in `$schema`. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * GitHub code scanning rejects a run with more than 25,000 results (and shows the 5,000 most severe). Past the
 * limit the most severe results are kept and a notification says how many were dropped.
 */
export const MAX_RESULTS_PER_RUN = 25_000;

/** The symbolic root that every artifact URI is relative to: the folder StackWarden ran in. */
const SRCROOT = '%SRCROOT%';

/** The key of StackWarden's fingerprint in `partialFingerprints` (versioned, as SARIF asks). */
export const FINGERPRINT_KEY = 'stackwarden/v1';

/**
 * GitHub code scanning reads `security-severity` (a CVSS-like score as a string) to rank security alerts:
 * 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '8.0', warning: '5.0', note: '2.0' };

/** What a descriptor is made of: a rule's metadata. */
type DescribedRule = Pick<RuleModule, 'id' | 'title' | 'description' | 'fix' | 'controls' | 'severity' | 'peers'>;

/** The descriptor of the synthetic rule a crashing rule turns into. */
const RULE_ERROR_RULE: DescribedRule = {
  id: RULE_ERROR_ID,
  title: 'Rules run to completion',
  description: 'A rule threw an exception on this resource. The run went on; what the rule would have checked here is unknown.',
  fix: 'Report the message as a bug in the rule it names.',
  controls: [],
  severity: 'error',
};

/**
 * SARIF 2.1.0, one run, for GitHub code scanning and other SARIF consumers. Valid against the official schema
 * (tested), within GitHub's documented limits, with `%SRCROOT%`-relative URIs and no absolute paths or times.
 */
export function formatSarif(result: RunResult, ctx: ReportContext): string {
  return jsonSafe(JSON.stringify(sarifLog(result, ctx), null, 2)) + '\n';
}

/** The SARIF log as an object, for {@link formatSarif} and for writing it in chunks. */
export function sarifLog(result: RunResult, ctx: ReportContext): Log {
  const ruleList: DescribedRule[] = [...result.rules];
  // Findings the engine makes itself (a crashed rule, a suppression without a reason …) get a descriptor too:
  // GitHub shows a result's rule from the descriptor, and SARIF consumers look rules up by ruleIndex.
  for (const f of result.findings)
    if (!ruleList.some((r) => r.id === f.ruleId)) ruleList.push(f.ruleId === RULE_ERROR_ID ? RULE_ERROR_RULE : engineRule(f));
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));

  let findings = result.findings;
  const notifications: Notification[] = result.errors.map(loadErrorNotification);
  if (findings.length > MAX_RESULTS_PER_RUN) {
    const kept = new Set(
      findings
        .map((f, i) => [SEVERITY_RANK[f.severity], i] as const)
        .sort(([a, i], [b, j]) => b - a || i - j)
        .slice(0, MAX_RESULTS_PER_RUN)
        .map(([, i]) => i),
    );
    notifications.push({
      level: 'warning',
      descriptor: { id: 'TOO_MANY_RESULTS' },
      message: {
        text: `${findings.length - MAX_RESULTS_PER_RUN} of ${findings.length} results left out: GitHub code scanning accepts at most ${MAX_RESULTS_PER_RUN} per run.`,
      },
    });
    findings = findings.filter((_, i) => kept.has(i));
  }

  const invocation: Invocation = {
    executionSuccessful: result.errors.length === 0 && !result.findings.some((f) => f.ruleId === RULE_ERROR_ID),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
  const run: Run = {
    tool: {
      driver: {
        name: ctx.tool.name,
        version: ctx.tool.version,
        semanticVersion: ctx.tool.version,
        informationUri: PROJECT_URL,
        rules: ruleList.map(descriptor),
      },
    },
    originalUriBaseIds: {
      [SRCROOT]: { description: { text: 'The folder StackWarden ran in; every path in this log is relative to it.' } },
    },
    columnKind: 'utf16CodeUnits',
    invocations: [invocation],
    results: findings.map((f) => toResult(f, ruleIndex.get(f.ruleId), ctx.sarifPrimary ?? 'source')),
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** A descriptor for a finding id that is no rule of the run, from what the finding itself says. */
function engineRule(f: Finding): DescribedRule {
  return {
    id: f.ruleId,
    title: `StackWarden check ${f.ruleId}`,
    description: `Reported by StackWarden itself rather than by a rule of the registry (${f.ruleId}).`,
    fix: f.fix,
    controls: f.controls,
    severity: f.severity,
  };
}

function descriptor(rule: DescribedRule): ReportingDescriptor {
  const helpUri = ruleHelpUri(rule.id);
  const controls = rule.controls.join(', ') || 'none';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\n\nFix: ${rule.fix}\n\nControls: ${controls}. Documentation: ${helpUri}`,
      markdown: `**${proseToMarkdown(rule.title)}**\n\n${proseToMarkdown(rule.description)}\n\n**Fix:** ${proseToMarkdown(rule.fix)}\n\n**Controls:** ${controls}\n\n[Documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: rule.severity },
    properties: {
      // GitHub keeps at most 20 tags per rule (shows 10); a rule maps to a few of the 12 controls.
      tags: ['security', ...rule.controls],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      ...peersOf(rule),
    },
  };
}

/** The rule's equivalents in other tools, empty lists left out. */
function peersOf(rule: Pick<RuleModule, 'peers'>): { peers?: Record<string, readonly string[]> } {
  const peers = Object.fromEntries(Object.entries(rule.peers ?? {}).filter(([, ids]) => ids !== undefined && ids.length > 0));
  return Object.keys(peers).length > 0 ? { peers } : {};
}

function toResult(f: Finding, ruleIndex: number | undefined, primary: SarifPrimary): Result {
  // A live resource (`stackwarden audit`) has no file: its ARN is its logical location.
  const location: Location = f.arn
    ? { logicalLocations: [{ name: f.arn, fullyQualifiedName: f.arn, kind: 'resource' }] }
    : {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file), uriBaseId: SRCROOT },
          region: {
            startLine: f.range.start.line,
            startColumn: f.range.start.column,
            endLine: f.range.end.line,
            endColumn: f.range.end.column,
          },
        },
      };
  if (f.arn) {
    // Also the stack and logical id that manage it, when a stack does: the static scan's names for it.
    if (f.stack && f.logicalId)
      location.logicalLocations!.push({ name: f.logicalId, fullyQualifiedName: `${f.stack}/${f.logicalId}`, kind: 'resource' });
  } else if (f.constructPath) {
    location.logicalLocations = [
      { name: f.logicalId ?? lastSegment(f.constructPath), fullyQualifiedName: f.constructPath, kind: 'resource' },
    ];
  } else if (f.logicalId) {
    location.logicalLocations = [{ name: f.logicalId, kind: 'resource' }];
  }
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.severity,
    message: { text: f.message },
    ...withRelated(sarifLocations(f, location, primary, artifactUri), f),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppressed ? { suppressions: [toSuppression(f.suppressed)] } : {}),
    // With --baseline: whether the finding was known before (it then does not fail the run).
    ...(f.baseline !== undefined ? { baselineState: f.baseline ? ('unchanged' as const) : ('new' as const) } : {}),
    properties: {
      controls: f.controls,
      stack: f.stack,
      logicalId: f.logicalId,
      resourceType: f.resourceType,
      pointer: f.pointer,
      fix: f.fix,
      ...(f.arn ? { arn: f.arn, account: f.account, region: f.region } : {}),
      ...(f.detail && f.detail.length > 0 ? { detail: f.detail } : {}),
      ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      ...(f.related ? { related: f.related.map((r) => ({ ruleId: r.ruleId, severity: r.severity, fingerprint: r.fingerprint })) } : {}),
    },
  };
}

/**
 * Other rules' findings about the same problem, as related locations after the source/template pair (ids from 2),
 * each with its rule and message: code scanning shows one alert for the problem and links to the others.
 */
function withRelated(
  places: { locations: Location[]; relatedLocations?: Location[] },
  f: Finding,
): { locations: Location[]; relatedLocations?: Location[] } {
  if (!f.related) return places;
  const extra = f.related.map(
    (r, i): Location => ({
      id: i + 2,
      physicalLocation: {
        artifactLocation: { uri: artifactUri(r.file), uriBaseId: SRCROOT },
        region: {
          startLine: r.range.start.line,
          startColumn: r.range.start.column,
          endLine: r.range.end.line,
          endColumn: r.range.end.column,
        },
      },
      message: { text: `${r.ruleId}: ${r.message}` },
    }),
  );
  return { ...places, relatedLocations: [...(places.relatedLocations ?? []), ...extra] };
}

/**
 * A suppression: where it is written and who suppressed the finding why. No `status`: the 2.1.0 schema named
 * that property `state` until Errata 01 renamed it; absent, a suppression is in effect.
 */
function toSuppression(s: SuppressionInfo): Suppression {
  return {
    kind: s.kind,
    justification: s.justification,
    ...(s.location
      ? {
          location: {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(s.location.file), uriBaseId: SRCROOT },
              region: { startLine: s.location.line, startColumn: s.location.column },
            },
          },
        }
      : {}),
    properties: {
      source: s.source,
      ...(s.id !== undefined ? { id: s.id } : {}),
      ...(s.expires !== undefined ? { expires: s.expires } : {}),
    },
  };
}

function loadErrorNotification(e: LoadError): Notification {
  // A failed AWS call of `stackwarden audit` is about a live resource: its ARN is a logical location.
  if (e.operation)
    return {
      level: 'error',
      descriptor: { id: e.code },
      message: { text: e.message },
      locations: [{ logicalLocations: [{ name: e.file, fullyQualifiedName: e.file, kind: 'resource' }] }],
      properties: { operation: e.operation, account: e.account, region: e.region },
    };
  return {
    level: 'error',
    descriptor: { id: e.code },
    message: { text: e.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(e.file), uriBaseId: SRCROOT },
          region: { startLine: e.line, startColumn: e.column },
        },
      },
    ],
  };
}

/**
 * A relative URI reference for a display path: forward slashes, each segment percent-encoded (spaces, `#`, `%`
 * in file names), so consumers resolve it against `%SRCROOT%` and never read a fragment or query out of it.
 */
export function artifactUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** `s3/block-public-access` → `S3BlockPublicAccess`: SARIF's readable rule name. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function lastSegment(path: string): string {
  return path.split('/').pop() ?? path;
}
