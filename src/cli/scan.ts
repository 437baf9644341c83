import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applyBaseline } from '../engine/baseline.js';
import { reachesThreshold, RULE_ERROR_ID, run, type RunResult } from '../engine/run.js';
import { SUPPRESSION_RULES } from '../engine/suppression-rules.js';
import { loadInputs } from '../load/discover.js';
import type { Severity } from '../model/types.js';
import type { ReportContext } from '../report/context.js';
import { FORMATTERS } from '../report/index.js';
import { summaryLine } from '../report/text.js';
import type { Profile } from '../rules/define.js';
import { rules } from '../rules/index.js';
import { loadConfig } from './config.js';
import { readBaseline, readSuppressionFile, writeBaseline } from './gate-files.js';
import { EXIT, type Io } from './io.js';
import { planOutputs } from './outputs.js';

/** Options of `scan` as given on the command line; unset ones come from the configuration, then the defaults. */
export interface ScanOptions {
  /** One format or a comma-separated list (`text,sarif`). */
  format: string;
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
  /** SARIF: the CDK source line first (default) or the template. */
  sarifPrimary?: 'source' | 'template';
}

/** `stackwarden scan`: load, run, write every requested format, and the exit code of PRODUCT.md. */
export function scan(paths: string[], options: ScanOptions, io: Io, toolVersion: string): number {
  if (options.asOf !== undefined && !isDate(options.asOf)) {
    io.stderr(`stackwarden: --as-of must be a date like 2026-01-31, not '${options.asOf}'\n`);
    return EXIT.error;
  }
  const plan = planOutputs({
    format: options.format,
    ...(options.output ? { output: options.output } : {}),
    ...(options.outputDir ? { outputDir: options.outputDir } : {}),
  });
  if ('error' in plan) {
    io.stderr(`stackwarden: ${plan.error}\n`);
    return EXIT.error;
  }
  const loadedConfig = loadConfig(
    io.cwd,
    options.config,
    [...rules, ...SUPPRESSION_RULES].map((r) => r.id),
  );
  if ('errors' in loadedConfig) {
    for (const e of loadedConfig.errors) io.stderr(`stackwarden: ${e}\n`);
    return EXIT.error;
  }
  const { config } = loadedConfig;
  // Command-line flags win over the configuration, which wins over the defaults.
  const failOn = options.failOn ?? config.failOn ?? 'error';
  const profile = options.profile ?? config.profile ?? 'recommended';
  const suppressionFile = readSuppressionFile(io.cwd, options.suppressions ?? config.suppressions);
  if ('error' in suppressionFile) {
    io.stderr(`stackwarden: ${suppressionFile.error}\n`);
    return EXIT.error;
  }
  const baseline = options.baseline !== undefined ? readBaseline(io.cwd, options.baseline) : undefined;
  if (baseline && 'error' in baseline) {
    io.stderr(`stackwarden: ${baseline.error}\n`);
    return EXIT.error;
  }

  const inputs = paths.length > 0 ? paths : [existsSync(join(io.cwd, 'cdk.out')) ? 'cdk.out' : '.'];
  const loaded = loadInputs(inputs, { cwd: io.cwd, ...(config.ignore ? { ignore: config.ignore } : {}) });
  let result = run(loaded, {
    rules,
    profile,
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(config.allowedPorts ? { allowedPorts: config.allowedPorts } : {}),
    ...(config.rules ? { severity: config.rules } : {}),
    suppressionFiles: suppressionFile.documents,
  });

  if (options.writeBaseline !== undefined) {
    // A new baseline accepts every current finding: the run is then judged against it, so it passes.
    const written = writeBaseline(io.cwd, options.writeBaseline, result.findings);
    if ('error' in written) {
      io.stderr(`stackwarden: ${written.error}\n`);
      return EXIT.error;
    }
    io.stderr(`stackwarden: wrote ${written.baseline.findings.length} finding(s) to the baseline ${written.file}\n`);
    result = applyBaseline(result, written.baseline).result;
  } else if (baseline) {
    const applied = applyBaseline(result, baseline.baseline);
    result = applied.result;
    if (applied.stale.length > 0)
      io.stderr(
        `stackwarden: ${applied.stale.length} baseline entr${applied.stale.length === 1 ? 'y matches' : 'ies match'} no finding any more (fixed?); refresh it with --write-baseline\n`,
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
    };
    const text = FORMATTERS[target.format]!(shown, ctx);
    if (target.to.kind === 'stdout') {
      io.stdout(text);
      continue;
    }
    try {
      writeAtomically(resolve(io.cwd, target.to.path), text);
    } catch (error) {
      io.stderr(`stackwarden: cannot write ${target.to.path}: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT.error;
    }
    io.stderr(`stackwarden: wrote ${target.format} to ${target.to.path}\n`);
  }
  // With every format in a file, the log still gets the one-line summary.
  if (!plan.targets.some((t) => t.to.kind === 'stdout')) io.stderr(`${summaryLine(shown)}\n`);

  return exitCodeOf(result, failOn);
}

/**
 * The exit code of PRODUCT.md: 2 when an input could not be loaded or a rule crashed (the results are then
 * incomplete, whatever they say), else 1 when a finding reaches `failOn`, else 0.
 */
export function exitCodeOf(result: Pick<RunResult, 'errors' | 'findings'>, failOn: Severity | 'none'): number {
  if (result.errors.length > 0 || result.findings.some((f) => f.ruleId === RULE_ERROR_ID)) return EXIT.error;
  return reachesThreshold(result.findings, failOn) ? EXIT.findings : EXIT.ok;
}

/** Writes next to the target and renames, so a reader (a CI upload step) never sees half a report. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, path);
}

/** `YYYY-MM-DD` and a real day: the shape alone lets 2026-02-30 through, a real date reads back the same. */
function isDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
