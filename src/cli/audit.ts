import { AUDIT_RULES, liveInput } from '../audit/against.js';
import type { ProgressListener } from '../audit/context.js';
import { type AccountResult, type AuditOptions, auditAccount, auditOrganization } from '../audit/run.js';
import { exitCodeOf, reachesThreshold, type RunResult } from '../engine/run.js';
import type { Severity } from '../model/types.js';
import { type AnalyzeOptions, type AnalyzeResult, analyze, projectRules } from '../project/analyze.js';
import { readBaseline, readSuppressionFile } from '../project/files.js';
import type { ReportContext } from '../report/context.js';
import { formatChunks } from '../report/index.js';
import { summaryLine } from '../report/text.js';
import { textWidth } from './scan.js';
import type { Profile } from '../rules/define.js';
import { rules as builtinRules } from '../rules/index.js';
import { writeBaseline } from './gate-files.js';
import { EXIT, type Io, unlessUsageError } from './io.js';
import { type OutputTarget, planOutputs } from './outputs.js';
import { BASELINE_WRITE, performWrite, plannedWrites, prepareWrites, reportWhat } from './write-output.js';

/** Options of `stackwarden audit` as given on the command line. */
export interface AuditCliOptions {
  format: string;
  output?: string[];
  outputDir?: string;
  failOn?: Severity | 'none';
  quiet?: boolean;
  profile?: Profile;
  asOf?: string;
  config?: string;
  /** `--region`, repeatable; `all` is every enabled region of the account. */
  region?: string[];
  awsProfile?: string;
  roleArn?: string;
  externalId?: string;
  org?: boolean;
  orgRole?: string;
  endpointUrl?: string;
  /** `--against`, repeatable: templates, folders or cdk.out assemblies to link the deployed stacks to. */
  against?: string[];
  /** Central suppressions file, as scan reads it. */
  suppressions?: string;
  /** Fail only on findings whose fingerprints are not in this baseline. */
  baseline?: string;
  /** Write the baseline of this run's findings here. */
  writeBaseline?: string;
}

/** The rules an audit knows: the built-in ones and the audit's own (drift, undeclared), so suppressions may name them. */
const AUDIT_KNOWN_RULES = [...builtinRules, ...AUDIT_RULES];

/** `stackwarden audit`: the live account (or organization), read-only, reported in every format of `scan`. */
export async function audit(options: AuditCliOptions, io: Io, toolVersion: string): Promise<number> {
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
    io.stderr(`stackwarden: --as-of must be a date like 2026-01-31, not '${options.asOf}'\n`);
    return EXIT.error;
  }
  if (options.org && !options.orgRole) {
    io.stderr('stackwarden: --org needs --org-role NAME: the read-only role to assume in each member account\n');
    return EXIT.error;
  }
  if (options.org && options.roleArn) {
    io.stderr('stackwarden: --org and --role-arn do not go together: --org assumes --org-role in each account\n');
    return EXIT.error;
  }
  // The configuration as scan reads it (and its plugins' rule ids, so severities for them are valid).
  const project = unlessUsageError(io, () =>
    projectRules({ cwd: io.cwd, rules: AUDIT_KNOWN_RULES, ...(options.config !== undefined ? { config: options.config } : {}) }),
  );
  if (!project) return EXIT.error;
  const { config } = project;
  // The files the judgement needs are read before any AWS call: a typo must not cost a whole audit.
  const unreadable = [
    readSuppressionFile(io.cwd, options.suppressions ?? config.suppressions),
    ...(options.baseline !== undefined && options.writeBaseline === undefined ? [readBaseline(io.cwd, options.baseline)] : []),
  ].flatMap((r) => ('error' in r ? [r.error] : []));
  if (unreadable.length > 0) {
    for (const problem of unreadable) io.stderr(`stackwarden: ${problem}\n`);
    return EXIT.error;
  }
  const failOn = options.failOn ?? config.failOn ?? 'error';
  const regions = options.region ?? [];
  const all = regions.includes('all');
  const baseRegion = io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'] ?? (all ? 'us-east-1' : regions[0]) ?? 'us-east-1';
  const auditOptions: AuditOptions = {
    regions: all ? 'all' : regions.length > 0 ? regions : [baseRegion],
    baseRegion,
    ruleOptions: {
      profile: options.profile ?? config.profile ?? 'recommended',
      asOf: options.asOf ?? new Date().toISOString().slice(0, 10),
      allowedPorts: config.allowedPorts ?? [80, 443],
    },
    ...(config.rules ? { severity: config.rules } : {}),
    ...(options.awsProfile ? { awsProfile: options.awsProfile } : {}),
    ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    ...(options.externalId ? { externalId: options.externalId } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(showProgress(options, io) ? { progress: progressLine(io) } : {}),
  };

  let perAccount: AccountResult[];
  if (options.org)
    perAccount = await auditOrganization(auditOptions, {
      role: options.orgRole!,
      ...(options.externalId ? { externalId: options.externalId } : {}),
    });
  else perAccount = [await auditAccount(auditOptions)];
  if (auditOptions.progress) io.stderr('\r\u001b[2K');

  // Every result goes through the engine as scan's do (analyze(): suppressions, baseline, severities, exit code),
  // with the templates of --against loaded by scan's own loader. Without --against, nothing is loaded, and a
  // suppression that matches no live finding is not reported: the suppressions file also serves scan.
  const against = options.against ?? [];
  const judge = (accounts: readonly AccountResult[]) =>
    analyze(against, {
      cwd: io.cwd,
      rules: AUDIT_KNOWN_RULES,
      live: liveInput(accounts, against.length > 0),
      reportUnusedSuppressions: against.length > 0,
      ...(options.config !== undefined ? { config: options.config } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      asOf: auditOptions.ruleOptions.asOf,
      ...(options.suppressions !== undefined ? { suppressions: options.suppressions } : {}),
      ...(options.writeBaseline !== undefined
        ? { newBaseline: true }
        : options.baseline !== undefined
          ? { baseline: options.baseline }
          : {}),
    } satisfies AnalyzeOptions);
  const merged = unlessUsageError(io, () => judge(perAccount));
  if (!merged) return EXIT.error;

  // With --org and --output-dir, each account gets its own files (DIR/<account>.<ext>), and the merged report goes
  // wherever --output and standard output say.
  const reports: Report[] = [];
  if (options.org && options.outputDir) {
    for (const one of perAccount) {
      const result = unlessUsageError(io, () => judge([one]));
      if (!result) return EXIT.error;
      reports.push({ result, options: { ...options, output: [] }, baseName: one.account });
    }
    reports.push({
      result: merged,
      options: { ...options, outputDir: undefined, format: options.output?.length ? options.format : 'text' },
    });
  } else reports.push({ result: merged, options });
  // The inputs no output may replace: the templates of --against, the configuration, the suppressions file and
  // the baseline read.
  const code = writeReports(reports, io, toolVersion, failOn, merged.inputFiles ?? [], options.writeBaseline, merged);
  if (code !== EXIT.ok) return code;
  return exitCodeOf(merged, failOn);
}

/** One result and where its formats go; `baseName`: the per-account files of --org --output-dir. */
interface Report {
  result: RunResult;
  options: Pick<AuditCliOptions, 'format' | 'output' | 'outputDir' | 'quiet'>;
  baseName?: string;
}

/**
 * Writes the baseline (--write-baseline) and every requested format of every report; returns EXIT.ok or
 * EXIT.error. Every file is checked first (none over an input, no two to one file, none read-only), so a refusal
 * writes nothing.
 */
function writeReports(
  reports: readonly Report[],
  io: Io,
  toolVersion: string,
  failOn: Severity | 'none',
  inputs: readonly string[],
  baselineFile: string | undefined,
  judged: AnalyzeResult,
): number {
  const plans: { report: Report; targets: OutputTarget[] }[] = [];
  for (const report of reports) {
    const { options, baseName } = report;
    const plan = planOutputs({
      ...(options.format !== undefined ? { format: options.format } : {}),
      ...(options.output ? { output: options.output } : {}),
      ...(options.outputDir ? { outputDir: options.outputDir } : {}),
      ...(baseName ? { baseName } : {}),
    });
    if ('error' in plan) {
      io.stderr(`stackwarden: ${plan.error}\n`);
      return EXIT.error;
    }
    plans.push({ report, targets: plan.targets });
  }
  const prepared = prepareWrites(
    io.cwd,
    [...plannedWrites([], baselineFile), ...plans.flatMap(({ report, targets }) => plannedWrites(targets, undefined, report.baseName))],
    inputs,
    plans.some(({ report, targets }) => !report.baseName && targets.some((t) => t.to.kind === 'stdout')),
  );
  if ('errors' in prepared) {
    for (const error of prepared.errors) io.stderr(`stackwarden: ${error}\n`);
    return EXIT.error;
  }
  const planned = new Map(prepared.plans.map((p) => [p.what, p]));
  if (baselineFile !== undefined && judged.baseline) {
    const written = writeBaseline(io.cwd, planned.get(BASELINE_WRITE)!, judged.baseline.applied);
    if ('error' in written) {
      io.stderr(`stackwarden: ${written.error}\n`);
      return EXIT.error;
    }
    io.stderr(`stackwarden: wrote ${judged.baseline.applied.findings.length} finding(s) to the baseline ${written.file}\n`);
  } else if (judged.baseline && judged.baseline.stale.length > 0) {
    const n = judged.baseline.stale.length;
    io.stderr(
      `stackwarden: ${n} baseline entr${n === 1 ? 'y matches' : 'ies match'} no finding any more (fixed?); refresh it with --write-baseline\n`,
    );
  }
  for (const { report, targets } of plans) {
    const { result, options, baseName } = report;
    const shown =
      options.quiet && failOn !== 'none' ? { ...result, findings: result.findings.filter((f) => reachesThreshold([f], failOn)) } : result;
    for (const target of targets) {
      // Per-account files skip standard output: the merged report has it.
      if (baseName && target.to.kind === 'stdout') continue;
      const ctx: ReportContext = {
        tool: { name: 'stackwarden', version: toolVersion },
        color: target.to.kind === 'stdout' && target.format === 'text' && io.isTTY && !io.env['NO_COLOR'],
        width: textWidth(io),
        settings: { failOn },
      };
      const chunks = formatChunks(target.format, shown, ctx);
      if (target.to.kind === 'stdout') {
        for (const chunk of chunks) io.stdout(chunk);
        continue;
      }
      try {
        performWrite(planned.get(reportWhat(target.format, baseName))!, chunks);
      } catch (error) {
        io.stderr(`stackwarden: cannot write ${target.to.path}: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT.error;
      }
      io.stderr(`stackwarden: wrote ${target.format} to ${target.to.path}\n`);
    }
    if (!targets.some((t) => t.to.kind === 'stdout') && !baseName) io.stderr(`${summaryLine(shown, { settings: { failOn } })}\n`);
  }
  return EXIT.ok;
}

/** Progress only for a person watching: standard error on a terminal, not in CI, not with --quiet. */
function showProgress(options: AuditCliOptions, io: Io): boolean {
  return (io.stderrIsTTY ?? false) && !options.quiet && !io.env['CI'];
}

/** One line on standard error, rewritten in place at most ten times a second. */
function progressLine(io: Io): ProgressListener {
  let last = 0;
  return ({ account, region, service, done, total }) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    const count = Number.isFinite(total) ? `${done}/${total}` : `${done}`;
    io.stderr(`\r\u001b[2Kstackwarden: auditing ${account} ${region} ${service} (${count} done)`);
  };
}
