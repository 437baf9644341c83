import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Baseline } from '../engine/baseline.js';
import type { Locator } from '../engine/locator.js';
import { type RunOptions, run, type RunResult } from '../engine/run.js';
import { SUPPRESSION_RULES } from '../engine/suppression-rules.js';
import { type LoadOptions, loadInputs } from '../load/discover.js';
import type { LoadResult } from '../load/stack.js';
import type { Severity } from '../model/types.js';
import type { Profile, RuleModule } from '../rules/define.js';
import { rules as builtinRules } from '../rules/index.js';
import { type Config, loadConfig, unknownRuleIds, validateConfig } from './config.js';
import { readBaseline, readSuppressionFile } from './files.js';
import { loadPlugins } from './plugins.js';

/**
 * Everything that decides a run. The CLI passes what its command line says; a library user, the CDK plugin and
 * tests pass the same names. Options win over the configuration, which wins over the defaults.
 */
export interface AnalyzeOptions extends LoadOptions {
  /**
   * The configuration: a file to read, an object (checked like a file), or `false` for none. Default: discovered in
   * `cwd` as the CLI does (`stackwarden.config.json`, else the `stackwarden` key of package.json).
   */
  config?: string | Config | false;
  profile?: Profile;
  /** The threshold surfaces gate on (exit code, CDK synth); returned in `settings`, it does not change findings. */
  failOn?: Severity | 'none';
  /** `YYYY-MM-DD`: the day date-based rules compare against. Default: today. */
  asOf?: string;
  allowedPorts?: readonly number[];
  /** Per-rule severity or `off`, over the configuration's `rules`. */
  severity?: Readonly<Record<string, Severity | 'off'>>;
  /** The central suppressions file. Default: the configuration's, else `stackwarden.suppressions.{json,yaml,yml}` in `cwd`. */
  suppressions?: string;
  /** A baseline file or object: findings it knows are marked `baseline: true` and no longer fail the run. */
  baseline?: string | Baseline;
  /**
   * Judge the run against the baseline of its own findings (what `--write-baseline` writes; the result's
   * `baseline.applied` is that baseline). Wins over `baseline`.
   */
  newBaseline?: boolean;
  /** Custom rule plugins, besides the configuration's (paths relative to `cwd`, or package names). */
  plugins?: readonly string[];
  /** The rules to run instead of the built-in ones (plugins still add theirs). */
  rules?: readonly RuleModule[];
  locator?: Locator;
  /**
   * Findings of the live account (`stackwarden audit`), judged with the templates' by the same suppressions,
   * baseline and severities. With `live` and no path, nothing is loaded: the run is the account's alone.
   */
  live?: RunOptions['live'];
  /** False: suppressions that match no finding of this run are not reported (see `RunOptions`). */
  reportUnusedSuppressions?: boolean;
}

/** How the run was decided, for the surfaces that gate on it and the reports that name it. */
export interface Settings {
  profile: Profile;
  asOf: string;
  failOn: Severity | 'none';
  /** The configuration file that applied, relative to `cwd`; null when none did. */
  config: string | null;
  /** The paths scanned, as given (or the default). */
  inputs: string[];
}

export interface AnalyzeResult extends RunResult {
  settings: Settings;
  /**
   * Absolute paths of every file this run read as an input: templates, manifests and metadata (files skipped as
   * not templates excepted), the configuration, the suppressions file and the baseline read. The CLI refuses to
   * write an output over any of them.
   */
  inputFiles: string[];
}

/** A configuration, suppressions file, baseline, plugin or option that is not valid: nothing ran. */
export class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'UsageError';
  }
}

/**
 * Loads templates, folders and cloud assemblies and runs the rules over them, exactly as `stackwarden scan` does:
 * the same configuration discovery, suppressions file, baseline, plugins, profile and severities. With no path it
 * scans `./cdk.out` if it exists, else the current folder. Throws {@link UsageError} when the settings are invalid;
 * problems with the inputs are `errors` in the result.
 */
export function analyze(paths: readonly string[], options: AnalyzeOptions = {}): AnalyzeResult {
  const prepared = prepareRun(paths, options);
  return { ...run(prepared.loaded, prepared.runOptions), settings: prepared.settings, inputFiles: prepared.inputFiles };
}

/** A run as analyze() decides it, before the rules run: what was loaded, and the engine's options. */
export interface PreparedRun {
  loaded: LoadResult;
  runOptions: RunOptions;
  settings: Settings;
  inputFiles: string[];
}

/**
 * Reads the configuration, plugins, suppressions file and baseline, and loads the inputs, exactly as analyze()
 * does, without running the rules. For surfaces that run the engine more than once over the same inputs
 * (`stackwarden fix` rescans each patched template with the same options). Throws {@link UsageError} as analyze() does.
 */
export function prepareRun(paths: readonly string[], options: AnalyzeOptions & Pick<RunOptions, 'fix'> = {}): PreparedRun {
  const cwd = options.cwd ?? process.cwd();
  const { config, file, rules } = projectRules(options);
  const problems: string[] = [];
  if (options.asOf !== undefined && !isDate(options.asOf)) problems.push(`asOf must be a date like 2026-01-31, not '${options.asOf}'`);
  const suppressionFile = readSuppressionFile(cwd, options.suppressions ?? config.suppressions);
  if ('error' in suppressionFile) problems.push(suppressionFile.error);
  let baseline: Baseline | 'accept' | undefined = options.newBaseline ? 'accept' : undefined;
  if (!baseline && typeof options.baseline === 'string') {
    const read = readBaseline(cwd, options.baseline);
    if ('error' in read) problems.push(read.error);
    else baseline = read.baseline;
  } else if (!baseline && options.baseline !== undefined && typeof options.baseline !== 'string') baseline = options.baseline;
  if (options.ignore !== undefined) validateConfig({ ignore: options.ignore }, '', null, problems);
  if (problems.length > 0) throw new UsageError(problems);

  const liveOnly = options.live !== undefined && paths.length === 0;
  const inputs = paths.length > 0 || liveOnly ? [...paths] : [existsSync(join(cwd, 'cdk.out')) ? 'cdk.out' : '.'];
  const ignore = options.ignore ?? config.ignore;
  const allowEmpty = options.allowEmpty ?? config.allowEmpty;
  const followSymlinks = options.followSymlinks ?? config.followSymlinks;
  const loaded: LoadResult = liveOnly
    ? { stacks: [], errors: [], files: 0 }
    : loadInputs(inputs, {
        cwd,
        ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
        ...(options.readFile ? { readFile: options.readFile } : {}),
        ...(options.onRead ? { onRead: options.onRead } : {}),
        ...(ignore ? { ignore } : {}),
        ...(allowEmpty !== undefined ? { allowEmpty } : {}),
        ...(followSymlinks !== undefined ? { followSymlinks } : {}),
      });
  // What was read and then skipped as not a template is not an input (a report of an earlier run, package data).
  const notTemplates = new Set((loaded.skipped ?? []).filter((s) => s.kind === 'not-template').map((s) => resolve(cwd, s.file)));
  const inputFiles = new Set((loaded.inputFiles ?? []).filter((f) => !notTemplates.has(f)));
  if (file !== null) inputFiles.add(resolve(cwd, file));
  if ('path' in suppressionFile && suppressionFile.path !== undefined) inputFiles.add(suppressionFile.path);
  if (typeof options.baseline === 'string' && !options.newBaseline) inputFiles.add(resolve(cwd, options.baseline));
  const severity = { ...config.rules, ...options.severity };
  const profile = options.profile ?? config.profile ?? 'recommended';
  const allowedPorts = options.allowedPorts ?? config.allowedPorts;
  const runOptions: RunOptions = {
    rules,
    profile,
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(allowedPorts ? { allowedPorts } : {}),
    ...(Object.keys(severity).length > 0 ? { severity } : {}),
    suppressionFiles: 'documents' in suppressionFile ? suppressionFile.documents : [],
    ...(baseline ? { baseline } : {}),
    ...(options.locator ? { locator: options.locator } : {}),
    ...(options.live ? { live: options.live } : {}),
    ...(options.reportUnusedSuppressions !== undefined ? { reportUnusedSuppressions: options.reportUnusedSuppressions } : {}),
    ...(options.fix ? { fix: options.fix } : {}),
  };
  return {
    loaded,
    runOptions,
    settings: { profile, asOf: options.asOf ?? today(), failOn: options.failOn ?? config.failOn ?? 'error', config: file, inputs },
    inputFiles: [...inputFiles].sort(),
  };
}

/**
 * The configuration that applies. Rule ids are checked once plugins have added theirs; a configuration that is
 * invalid anyway is checked again against the given rules, so that every problem is reported at once.
 */
/** The configuration that applies, and the rules a run would use: the built-in (or given) rules and the plugins'. */
export interface ProjectRules {
  config: Config;
  /** The configuration file, relative to `cwd`; null when none applied. */
  file: string | null;
  rules: readonly RuleModule[];
}

/**
 * Reads the configuration and loads its plugins: what `stackwarden rules` lists and what `analyze()` runs. Throws
 * {@link UsageError} for an invalid configuration, a plugin that does not load or a rule that fails the checks.
 */
export function projectRules(options: Pick<AnalyzeOptions, 'cwd' | 'config' | 'plugins' | 'rules' | 'severity'> = {}): ProjectRules {
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const base = options.rules ?? builtinRules;
  const { config, file, key } = configOf(
    cwd,
    options.config,
    [...base, ...SUPPRESSION_RULES].map((r) => r.id),
    problems,
  );
  if (problems.length > 0) throw new UsageError(problems);
  const pluginSpecs = [...(config.plugins ?? []), ...(options.plugins ?? [])];
  let rules = base;
  if (pluginSpecs.length > 0) {
    const loaded = loadPlugins(
      pluginSpecs,
      config.pluginBase ?? cwd,
      [...base, ...SUPPRESSION_RULES].map((r) => r.id),
    );
    if ('errors' in loaded) throw new UsageError(loaded.errors);
    rules = [...base, ...loaded.rules.map((p) => p.rule)];
  }
  const known = [...rules, ...SUPPRESSION_RULES].map((r) => r.id);
  problems.push(...unknownRuleIds(config, known, key).map((e) => (file ? `${file}: ${e}` : e)));
  if (options.severity)
    problems.push(...unknownRuleIds({ rules: { ...options.severity } }, known).map((e) => e.replace(/^rules/, 'severity')));
  if (problems.length > 0) throw new UsageError(problems);
  return { config, file, rules };
}

function configOf(
  cwd: string,
  given: AnalyzeOptions['config'],
  ruleIds: readonly string[],
  problems: string[],
): { config: Config; file: string | null; key: string } {
  if (given === false) return { config: {}, file: null, key: '' };
  if (given !== undefined && typeof given !== 'string') {
    const errors: string[] = [];
    const config = validateConfig(given, 'config', null, errors);
    const all: string[] = [];
    if (errors.length > 0) validateConfig(given, 'config', ruleIds, all);
    problems.push(...all);
    return { config, file: null, key: 'config' };
  }
  const loaded = loadConfig(cwd, given, null);
  if ('errors' in loaded) {
    const again = loadConfig(cwd, given, ruleIds);
    problems.push(...('errors' in again ? again.errors : loaded.errors));
    return { config: {}, file: null, key: '' };
  }
  return loaded;
}

/** `YYYY-MM-DD` and a real day: the shape alone lets 2026-02-30 through, a real date reads back the same. */
export function isDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
