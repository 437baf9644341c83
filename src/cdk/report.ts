import { isAbsolute, resolve } from 'node:path';
import type { IPolicyValidationContext } from 'aws-cdk-lib';
import { reachesThreshold, RULE_ERROR_ID, type RunResult } from '../engine/run.js';
import type { Finding, Severity } from '../model/types.js';

/**
 * The plugin report, shaped to satisfy both `PolicyValidationPluginReport` and the deprecated
 * `PolicyValidationPluginReportBeta1` (which requires a logical id and a template path on every resource), so
 * the validator registers through `Validations.of(app).addPlugins` and `new App({ policyValidationBeta1 })`.
 */
export interface StackWardenPluginReport {
  success: boolean;
  violations: StackWardenViolation[];
  pluginVersion?: string;
  metadata?: Record<string, string>;
}

/** One finding in the CDK's report. */
export interface StackWardenViolation {
  ruleName: string;
  description: string;
  fix?: string;
  severity?: string;
  ruleMetadata?: Record<string, string>;
  violatingResources: { resourceLogicalId: string; templatePath: string; constructPath?: string; locations: string[] }[];
}

/**
 * CDK's violation severities. A finding keeps its own severity; whether synth fails is `success`, decided by
 * `failOn` exactly as the CLI's exit code is.
 */
const CDK_SEVERITY: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', note: 'info' };

/**
 * Turns a run into CDK's plugin report: one violation per unsuppressed finding, and one per input that could
 * not be loaded. Findings below `failOn` (and findings the baseline knows) are listed too, so they reach the
 * user in CDK's report, but they do not fail synth. `success` is false exactly when the CLI would exit non-zero.
 */
export function toPluginReport(result: RunResult, failOn: Severity | 'none', cwd: string, version: string): StackWardenPluginReport {
  const abs = (file: string) => (isAbsolute(file) ? file : resolve(cwd, file));
  const templateOf = new Map<string, string>();
  for (const check of result.checks ?? []) if (check.stack !== null) templateOf.set(check.stack, check.file);
  const violations: StackWardenViolation[] = [];
  for (const f of result.findings) {
    if (f.suppressed) continue;
    // A finding in manifest.json or <Stack>.metadata.json belongs to its stack's template for the CDK's report.
    const template = f.file.endsWith('.template.json') ? f.file : (templateOf.get(f.stack ?? '') ?? f.file);
    violations.push({
      ruleName: f.ruleId,
      description: describe(f),
      fix: f.origin ? `${f.fix} ${f.origin.fix}` : f.fix,
      severity: CDK_SEVERITY[f.severity],
      violatingResources: [
        {
          // Both the stable and the Beta1 interface: Beta1 requires the logical id and the template path.
          resourceLogicalId: f.logicalId ?? '',
          templatePath: abs(template),
          ...(f.constructPath ? { constructPath: f.constructPath } : {}),
          locations: [
            f.pointer.replace(/^\/Resources\/[^/]+\/?/, '') || f.pointer,
            `${f.file}:${f.range.start.line}:${f.range.start.column}`,
          ],
        },
      ],
      ruleMetadata: metadataOf(f),
    });
  }
  for (const e of result.errors)
    violations.push({
      ruleName: 'stackwarden/load-error',
      description: `${e.code}: ${e.message}`,
      severity: 'error',
      violatingResources: [{ resourceLogicalId: '', templatePath: abs(e.file), locations: [`${e.file}:${e.line}:${e.column}`] }],
    });
  const crashed = result.findings.some((f) => f.ruleId === RULE_ERROR_ID);
  return {
    success: result.errors.length === 0 && !crashed && !reachesThreshold(result.findings, failOn),
    violations,
    pluginVersion: version,
    metadata: {
      failOn,
      findings: String(result.findings.filter((f) => !f.suppressed).length),
      suppressed: String(result.findings.filter((f) => f.suppressed).length),
    },
  };
}

function describe(f: Finding): string {
  const parts = [f.message, `[${f.controls.join(', ')}]`];
  if (f.baseline) parts.push('(in the baseline: does not fail synth)');
  if (f.origin) parts.push(`(made by aws-cdk-lib: ${f.origin.construct})`);
  for (const r of f.related ?? [])
    parts.push(`Related, ${r.ruleId} at ${r.file}:${r.range.start.line}:${r.range.start.column}: ${r.message}`);
  return parts.join(' ');
}

function metadataOf(f: Finding): Record<string, string> {
  const out: Record<string, string> = {
    controls: f.controls.join(','),
    severity: f.severity,
    template: `${f.file}:${f.range.start.line}:${f.range.start.column}`,
    pointer: f.pointer,
    fingerprint: f.fingerprint,
  };
  if (f.source) out['source'] = `${f.source.file}:${f.source.line}${f.source.column ? `:${f.source.column}` : ''}`;
  if (f.origin) out['origin'] = `${f.origin.construct} (${f.origin.path})`;
  return out;
}

/** The cloud assembly's root folder: the App's `outdir`, else the folder of the first template. */
export function assemblyDirectory(
  context: Pick<IPolicyValidationContext, 'templatePaths'> & { appConstruct?: unknown },
): string | undefined {
  const app = context.appConstruct as { outdir?: unknown } | undefined;
  if (app && typeof app.outdir === 'string') return app.outdir;
  const first = context.templatePaths[0];
  return first === undefined ? undefined : resolve(first, '..');
}
