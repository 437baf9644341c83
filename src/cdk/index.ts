/**
 * `stackwarden/cdk`: StackWarden inside `cdk synth`, and in CDK unit tests. aws-cdk-lib and constructs are
 * peer dependencies: this entry only uses their types, and duck-types the objects it is given, so it never
 * loads a second copy of aws-cdk-lib.
 */
export { StackWardenValidator, type StackWardenValidatorOptions } from './validator.js';
export { expectNoFindings, findingsOf, StackWardenFindingsError, type ExpectNoFindingsOptions } from './testing.js';
export type { EngineOptions } from './engine.js';
export { UsageError } from '../project/analyze.js';
export { toPluginReport, type StackWardenPluginReport, type StackWardenViolation } from './report.js';
export type { Finding, FrameworkOrigin, Severity, SourceLocation } from '../model/types.js';
export { StackWardenRemediation, type RemediationOptions } from './remediation.js';
