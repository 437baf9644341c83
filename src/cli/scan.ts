import { exitCodeOf, reachesThreshold } from '../engine/run.js';
import type { Severity } from '../model/types.js';
import { analyze, isDate } from '../project/analyze.js';
import { DEFAULT_WIDTH, type ReportContext } from '../report/context.js';
import { formatChunks } from '../report/index.js';
import { summaryLine } from '../report/text.js';
import type { Profile } from '../rules/define.js';
import { writeBaseline } from './gate-files.js';
import { EXIT, type Io, unlessUsageError } from './io.js';
import { planOutputs } from './outputs.js';
import { BASELINE_WRITE, performWrite, plannedWrites, prepareWrites, reportWhat } from './write-output.js';

export { exitCodeOf } from '../engine/run.js';

/** Options of `scan` as given on the command line; unset ones come from the configuration, then the defaults. */
export interface ScanOptions {
  /** One format or a comma-separated list (`text,sarif`); when not given, from the --output files' extensions, else text. */
  format?: string;
  /** `FILE`, or `FORMAT=FILE` (repeatable); `-` is standard output. */
  output?: string[];
  outputDir?: string;
  failOn?: Severity | 'none';
  quiet?: boolean;
  profile?: Profile;
  asOf?: string;
  /** Configuration file; default `stackwarden.config.json`, else the `stackwarden` key of package.json. */
  config?: string;
  /** Central suppressions file; default from the configuration, else `stackwarden.suppressions.{json,yaml,yml}`. */
  suppressions?: string;
  /** Fail only on findings whose fingerprints are not in this baseline. */
  baseline?: string;
  /** Write the baseline of this run's findings here. */
  writeBaseline?: string;
  /** Accept a run that finds nothing to scan (otherwise NOTHING_SCANNED, exit code 2). */
  allowEmpty?: boolean;
  /** Follow symbolic links that lead out of the scanned folders. */
  followSymlinks?: boolean;
  /** SARIF: the CDK source line first (default) or the template. */
  sarifPrimary?: 'source' | 'template';
  /** Text: list suppressed findings too (dimmed, with their reason). */
  showSuppressed?: boolean;
}

/**
 * `stackwarden scan`: the library's `analyze()` with the command line's options, then every requested format
 * written, and the exit code of the product definition. The run itself is decided by `analyze()` alone, so a
 * library call with the same options gives the same result.
 */
export function scan(paths: string[], options: ScanOptions, io: Io, toolVersion: string): number {
  if (options.asOf !== undefined && !isDate(options.asOf)) {
    io.stderr(`stackwarden: --as-of must be a date like 2026-01-31, not '${options.asOf}'\n`);
    return EXIT.error;
  }
  const plan = planOutputs({
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.output ? { output: options.output } : {}),
    ...(options.outputDir ? { outputDir: options.outputDir } : {}),
  });
  if ('error' in plan) {
    io.stderr(`stackwarden: ${plan.error}\n`);
    return EXIT.error;
  }
  const result = unlessUsageError(io, () =>
    analyze(paths, {
      cwd: io.cwd,
      ...(options.config !== undefined ? { config: options.config } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.failOn ? { failOn: options.failOn } : {}),
      ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
      ...(options.suppressions !== undefined ? { suppressions: options.suppressions } : {}),
      ...(options.allowEmpty ? { allowEmpty: true } : {}),
      ...(options.followSymlinks ? { followSymlinks: true } : {}),
      // A new baseline accepts every current finding: the run is judged against it, so it passes.
      ...(options.writeBaseline !== undefined
        ? { newBaseline: true }
        : options.baseline !== undefined
          ? { baseline: options.baseline }
          : {}),
    }),
  );
  if (!result) return EXIT.error;
  const { failOn } = result.settings;

  // Every output is checked before anything is written: none over an input, no two to one file, none read-only.
  const prepared = prepareWrites(
    io.cwd,
    plannedWrites(plan.targets, options.writeBaseline),
    result.inputFiles,
    plan.targets.some((t) => t.to.kind === 'stdout'),
  );
  if ('errors' in prepared) {
    for (const error of prepared.errors) io.stderr(`stackwarden: ${error}\n`);
    return EXIT.error;
  }
  const planned = new Map(prepared.plans.map((p) => [p.what, p]));

  if (options.writeBaseline !== undefined && result.baseline) {
    const written = writeBaseline(io.cwd, planned.get(BASELINE_WRITE)!, result.baseline.applied);
    if ('error' in written) {
      io.stderr(`stackwarden: ${written.error}\n`);
      return EXIT.error;
    }
    io.stderr(`stackwarden: wrote ${result.baseline.applied.findings.length} finding(s) to the baseline ${written.file}\n`);
  } else if (result.baseline && result.baseline.stale.length > 0) {
    const n = result.baseline.stale.length;
    io.stderr(
      `stackwarden: ${n} baseline entr${n === 1 ? 'y matches' : 'ies match'} no finding any more (fixed?); refresh it with --write-baseline\n`,
    );
  }

  const shown =
    options.quiet && failOn !== 'none' ? { ...result, findings: result.findings.filter((f) => reachesThreshold([f], failOn)) } : result;
  for (const target of plan.targets) {
    const toStdout = target.to.kind === 'stdout';
    const ctx: ReportContext = {
      tool: { name: 'stackwarden', version: toolVersion },
      // Colour only for people: text, on a terminal, unless NO_COLOR is set (https://no-color.org).
      color: toStdout && target.format === 'text' && io.isTTY && !io.env['NO_COLOR'],
      ...(options.sarifPrimary ? { sarifPrimary: options.sarifPrimary } : {}),
      width: textWidth(io),
      ...(options.showSuppressed ? { showSuppressed: true } : {}),
      settings: result.settings,
    };
    // Chunk by chunk: a report of 100,000 findings is never one string (JSON, SARIF and JUnit stream their items).
    const chunks = formatChunks(target.format, shown, ctx);
    if (target.to.kind === 'stdout') {
      for (const chunk of chunks) io.stdout(chunk);
      continue;
    }
    try {
      performWrite(planned.get(reportWhat(target.format))!, chunks);
    } catch (error) {
      io.stderr(`stackwarden: cannot write ${target.to.path}: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT.error;
    }
    io.stderr(`stackwarden: wrote ${target.format} to ${target.to.path}\n`);
  }
  // With every format in a file, the log still gets the one-line summary.
  if (!plan.targets.some((t) => t.to.kind === 'stdout'))
    io.stderr(`${summaryLine(shown, { settings: result.settings, ...(options.showSuppressed ? { showSuppressed: true } : {}) })}\n`);

  return exitCodeOf(result, failOn);
}

/** The width text wraps to: `COLUMNS` when set, else the terminal's, else 100 (a CI log, a file, a pipe). */
export function textWidth(io: Pick<Io, 'env' | 'isTTY' | 'columns'>): number {
  const fromEnv = Number(io.env['COLUMNS']);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return io.isTTY && io.columns ? io.columns : DEFAULT_WIDTH;
}
