import { analyze } from '../index.js';
import { loadConfig, type Config } from '../cli/config.js';
import { readBaseline, readSuppressionFile } from '../cli/gate-files.js';
import { applyBaseline, type Baseline } from '../engine/baseline.js';
import type { RunResult } from '../engine/run.js';
import { SUPPRESSION_RULES } from '../engine/suppression-rules.js';
import type { Severity } from '../model/types.js';
import type { Profile, RuleModule } from '../rules/define.js';
import { rules as builtinRules } from '../rules/index.js';

/** The engine's options, as `stackwarden scan` takes them. Unset ones come from the configuration, then the defaults. */
export interface EngineOptions {
  /** Working directory: configuration discovery, relative paths in findings and files. Default: `process.cwd()`. */
  cwd?: string;
  /** A configuration file, a configuration object, or `false` for none. Default: discovery, as the CLI does. */
  config?: string | Config | false;
  profile?: Profile;
  /** The day date-based rules compare against (`YYYY-MM-DD`). Default: today. */
  asOf?: string;
  /** Per-rule severity, or `off`; wins over the configuration's `rules`. */
  severity?: Readonly<Record<string, Severity | 'off'>>;
  /** The central suppressions file. Default: from the configuration, else `stackwarden.suppressions.{json,yaml,yml}`. */
  suppressions?: string;
  /** A baseline file or object: its findings are known and do not fail synth. */
  baseline?: string | Baseline;
  /** Rules to run instead of the built-in ones. */
  rules?: readonly RuleModule[];
  /** At or above this severity a finding fails synth. Default: the configuration's `failOn`, else `error`. */
  failOn?: Severity | 'none';
}

/** Thrown for invalid options or configuration; `problems` has one line per problem. */
export class StackWardenUsageError extends Error {
  constructor(readonly problems: string[]) {
    super(`StackWarden: ${problems.join('; ')}`);
    this.name = 'UsageError';
  }
}

/**
 * Runs the engine as `stackwarden scan` does and returns the result with the threshold that applies.
 *
 * Until `analyze()` applies the configuration, the suppressions file and the baseline itself (issue 10), they
 * are applied here with the CLI's own readers, in the CLI's order; then this becomes one call of `analyze()`.
 */
export function runEngine(paths: readonly string[], options: EngineOptions = {}): { result: RunResult; failOn: Severity | 'none' } {
  const cwd = options.cwd ?? process.cwd();
  const rules = options.rules ?? builtinRules;
  let config: Config = {};
  if (options.config !== false && typeof options.config === 'object') config = options.config;
  else if (options.config !== false) {
    const loaded = loadConfig(
      cwd,
      options.config,
      [...rules, ...SUPPRESSION_RULES].map((r) => r.id),
    );
    if ('errors' in loaded) throw new StackWardenUsageError(loaded.errors);
    config = loaded.config;
  }
  const suppressions = readSuppressionFile(cwd, options.suppressions ?? config.suppressions);
  if ('error' in suppressions) throw new StackWardenUsageError([suppressions.error]);
  let baseline: Baseline | undefined;
  if (typeof options.baseline === 'string') {
    const read = readBaseline(cwd, options.baseline);
    if ('error' in read) throw new StackWardenUsageError([read.error]);
    baseline = read.baseline;
  } else baseline = options.baseline;

  const severity = { ...config.rules, ...options.severity };
  let result = analyze(paths, {
    cwd,
    rules,
    profile: options.profile ?? config.profile ?? 'recommended',
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(config.ignore ? { ignore: config.ignore } : {}),
    ...(config.allowedPorts ? { allowedPorts: config.allowedPorts } : {}),
    ...(Object.keys(severity).length > 0 ? { severity } : {}),
    suppressionFiles: suppressions.documents,
  });
  if (baseline) result = applyBaseline(result, baseline).result;
  return { result, failOn: options.failOn ?? config.failOn ?? 'error' };
}
