/**
 * StackWarden's library API. Importing it has no side effects; `analyze()` reads files only when called.
 */
import { run, type RunOptions, type RunResult } from './engine/run.js';
import { loadInputs, type LoadOptions } from './load/discover.js';
import { rules as builtinRules } from './rules/index.js';

export type { ControlId, Finding, LoadError, Position, Severity, SourceRange, SuppressionInfo } from './model/types.js';
export { CONTROL_IDS, CONTROL_TITLES } from './model/types.js';
export type { Profile, Report, RuleContext, RuleModule, RuleOptions, PeerIds } from './rules/define.js';
export { defineRule } from './rules/define.js';
export { builtinRules as rules };
export type { Check, RunOptions, RunResult, Summary } from './engine/run.js';
export { run, reachesThreshold } from './engine/run.js';
export type { Baseline, BaselineEntry, BaselineOutcome } from './engine/baseline.js';
export { applyBaseline, createBaseline, formatBaseline, parseBaseline } from './engine/baseline.js';
export { SUPPRESSION_RULES } from './engine/suppression-rules.js';
export { loadInputs } from './load/discover.js';
export type { LoadOptions } from './load/discover.js';
export type { LoadedStack, LoadResult } from './load/stack.js';
export { Graph } from './graph/build.js';
export type { NodeRef, Resolved, Resource, Stack } from './graph/values.js';
export { formatJson } from './report/json.js';
export { formatText } from './report/text.js';
export { formatSarif } from './report/sarif.js';
export { formatJunit } from './report/junit.js';
export { formatMarkdown } from './report/markdown.js';
export { formatHtml } from './report/html.js';
export { FORMATTERS, type Formatter } from './report/index.js';
export type { ReportContext } from './report/context.js';
export { ruleAnchor, ruleHelpUri, RULES_DOC_URL } from './report/anchor.js';

export interface AnalyzeOptions extends LoadOptions, Partial<Omit<RunOptions, 'rules'>> {
  /** Rules to run; the built-in rules by default. */
  rules?: RunOptions['rules'];
}

/** Loads templates, folders and cloud assemblies and runs the rules over them. */
export function analyze(paths: readonly string[], options: AnalyzeOptions = {}): RunResult {
  const { cwd, maxBytes, readFile, ignore, rules, ...runOptions } = options;
  const loaded = loadInputs(paths, { cwd, maxBytes, readFile, ignore });
  return run(loaded, { ...runOptions, rules: rules ?? builtinRules });
}
export { RuleTester, runCase } from './testing/rule-tester.js';
export type { ExpectedFinding, InvalidCase, TestApi, TesterInput, ValidCase } from './testing/rule-tester.js';
