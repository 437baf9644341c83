/**
 * StackWarden's library API. Importing it has no side effects; `analyze()` reads files only when called.
 */
import { rules as builtinRules } from './rules/index.js';

export type { ControlId, Finding, LoadError, Position, Severity, SourceRange, SuppressionInfo } from './model/types.js';
export { CONTROL_IDS, CONTROL_TITLES, everyFinding } from './model/types.js';
export type { Profile, Report, RuleContext, RuleModule, RuleOptions, PeerIds } from './rules/define.js';
export { defineRule } from './rules/define.js';
export { builtinRules as rules };
export type { BaselineOutcome as RunBaseline, Check, RunOptions, RunResult, Summary } from './engine/run.js';
export { EXIT, exitCodeOf, reachesThreshold, run } from './engine/run.js';
export type { Locator, LocateRequest } from './engine/locator.js';
export { batchLocator } from './engine/locator.js';
export type { AnalyzeOptions, AnalyzeResult, Settings } from './project/analyze.js';
export { analyze, UsageError } from './project/analyze.js';
export type { Config } from './project/config.js';
export type { Baseline, BaselineEntry } from './engine/baseline.js';
export { createBaseline, formatBaseline, parseBaseline } from './engine/baseline.js';
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

export { RuleTester, runCase } from './testing/rule-tester.js';
export type { ExpectedFinding, InvalidCase, TestApi, TesterInput, ValidCase } from './testing/rule-tester.js';
