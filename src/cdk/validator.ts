import { isAbsolute, resolve } from 'node:path';
import type { IPolicyValidationContext, IPolicyValidationPlugin } from 'aws-cdk-lib';
import type { RunResult } from '../engine/run.js';
import type { Severity } from '../model/types.js';
import { type EngineOptions, runEngine } from './engine.js';
import { assemblyDirectory, type StackWardenPluginReport, toPluginReport } from './report.js';
import { packageVersion } from './version.js';

/** Options of {@link StackWardenValidator}: the engine's, as `stackwarden scan` takes them. */
export interface StackWardenValidatorOptions extends EngineOptions {}

/**
 * StackWarden as a CDK policy-validation plugin: `Validations.of(app).addPlugins(new StackWardenValidator())`.
 *
 * At the end of synth the CDK calls `validate` with the templates it wrote. The validator runs the same engine
 * as `stackwarden scan` on the whole cloud assembly (manifest, termination protection, environments, nested
 * stacks, acknowledgements, StackWarden metadata) and reports every unsuppressed finding to the CDK's report.
 * Synth fails when a finding reaches `failOn` (default `error`); findings below it are in the report and do
 * not fail. It imports nothing from aws-cdk-lib at run time.
 */
export class StackWardenValidator implements IPolicyValidationPlugin {
  /** The name in the CDK's report, and the namespace of acknowledgements: `StackWarden::<rule id>`. */
  readonly name = 'StackWarden';
  /** This package's version (read from its package.json when first asked). */
  get version(): string {
    return packageVersion();
  }
  /** The result of the last `validate` (for tests and tooling), restricted to the stacks the CDK validated. */
  lastResult: RunResult | undefined;
  lastFailOn: Severity | 'none' = 'error';

  constructor(private readonly options: StackWardenValidatorOptions = {}) {}

  /** Called by the CDK (synchronously) once the cloud assembly is written. */
  validate(
    context: Pick<IPolicyValidationContext, 'templatePaths'> & Partial<Pick<IPolicyValidationContext, 'appConstruct'>>,
  ): StackWardenPluginReport {
    const cwd = this.options.cwd ?? process.cwd();
    const outdir = assemblyDirectory(context);
    if (outdir === undefined) return { success: true, violations: [] };
    const { result, failOn } = runEngine([outdir], { ...this.options, cwd });
    const own = onlyStacksOf(result, context.templatePaths, cwd);
    this.lastResult = own;
    this.lastFailOn = failOn;
    return toPluginReport(own, failOn, cwd, packageVersion());
  }
}

/**
 * A plugin registered on a Stage validates that stage's stacks only; the assembly is loaded whole (the manifest
 * is needed for environments and termination protection) and the other stacks' findings are dropped here.
 */
function onlyStacksOf(result: RunResult, templatePaths: readonly string[], cwd: string): RunResult {
  const wanted = new Set(templatePaths.map((p) => resolve(p)));
  const abs = (file: string) => (isAbsolute(file) ? file : resolve(cwd, file));
  const stacks = new Set<string>();
  for (const check of result.checks ?? []) if (check.stack !== null && wanted.has(abs(check.file))) stacks.add(check.stack);
  // Nested stacks are named `<root>/<logical id>`: they belong to their root stack.
  const keep = (stack: string | null) => stack !== null && (stacks.has(stack) || stacks.has(stack.split('/')[0]!));
  if ((result.checks ?? []).every((c) => keep(c.stack))) return result;
  return {
    ...result,
    findings: result.findings.filter((f) => keep(f.stack)),
    ...(result.checks ? { checks: result.checks.filter((c) => keep(c.stack)) } : {}),
  };
}
