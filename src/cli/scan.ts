import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { applyBaseline } from '../engine/baseline.js';
import { reachesThreshold, run } from '../engine/run.js';
import { SUPPRESSION_RULES } from '../engine/suppression-rules.js';
import { loadInputs } from '../load/discover.js';
import type { Severity } from '../model/types.js';
import type { ReportContext } from '../report/context.js';
import { FORMATTERS } from '../report/index.js';
import type { Profile } from '../rules/define.js';
import { rules } from '../rules/index.js';
import { loadConfig } from './config.js';
import { readBaseline, readSuppressionFile, writeBaseline } from './gate-files.js';
import { EXIT, type Io } from './io.js';

/** Options of `scan` as given on the command line; unset ones come from the configuration, then the defaults. */
export interface ScanOptions {
  format: string;
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
}

/** `stackwarden scan`: load, run, print, and the exit code of PRODUCT.md. */
export function scan(paths: string[], options: ScanOptions, io: Io, toolVersion: string): number {
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
    io.stderr(`stackwarden: --as-of must be a date like 2026-01-31, not '${options.asOf}'\n`);
    return EXIT.error;
  }
  const loadedConfig = loadConfig(io.cwd, options.config, [...rules, ...SUPPRESSION_RULES].map((r) => r.id));
  if ('errors' in loadedConfig) {
    for (const e of loadedConfig.errors) io.stderr(`stackwarden: ${e}\n`);
    return EXIT.error;
  }
  const { config } = loadedConfig;
  // Command-line flags win over the configuration, which wins over the defaults.
  const failOn = options.failOn ?? config.failOn ?? 'error';
  const profile = options.profile ?? config.profile ?? 'recommended';
  const formatter = FORMATTERS[options.format];
  if (!formatter) {
    io.stderr(`stackwarden: unknown format '${options.format}' (known: ${Object.keys(FORMATTERS).join(', ')})\n`);
    return EXIT.error;
  }
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
      io.stderr(`stackwarden: ${applied.stale.length} baseline entr${applied.stale.length === 1 ? 'y matches' : 'ies match'} no finding any more (fixed?); refresh it with --write-baseline\n`);
  }

  const shown = options.quiet && failOn !== 'none' ? { ...result, findings: result.findings.filter((f) => reachesThreshold([f], failOn)) } : result;
  const ctx: ReportContext = {
    tool: { name: 'stackwarden', version: toolVersion },
    color: io.isTTY && !io.env['NO_COLOR'] && options.format === 'text',
  };
  io.stdout(formatter(shown, ctx));
  if (result.errors.length > 0) return EXIT.error;
  return reachesThreshold(result.findings, failOn) ? EXIT.findings : EXIT.ok;
}
