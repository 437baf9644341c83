import { type AnalyzeOptions, analyze } from '../index.js';
import type { RunResult } from '../engine/run.js';
import type { Severity } from '../model/types.js';

/**
 * The engine's options, exactly as the library's `analyze()` takes them (profile, failOn, per-rule severity,
 * configuration file or object, suppressions file, baseline, asOf, plugins, rules). Unset ones come from the
 * configuration, then the defaults, as for `stackwarden scan`.
 */
export type EngineOptions = Omit<AnalyzeOptions, 'newBaseline' | 'readFile' | 'maxBytes' | 'locator'>;

/**
 * Runs the engine as `stackwarden scan` does (one call of `analyze()`) and returns the result with the threshold
 * that applies. Throws the library's `UsageError` (with `problems`) on invalid settings.
 */
export function runEngine(paths: readonly string[], options: EngineOptions = {}): { result: RunResult; failOn: Severity | 'none' } {
  const result = analyze(paths, options);
  return { result, failOn: result.settings.failOn };
}
