import { fileURLToPath } from 'node:url';
import type { Baseline } from '../../src/engine/baseline.js';
import { analyze } from '../../src/index.js';
import type { AnalyzeResult } from '../../src/project/analyze.js';
import type { ReportContext } from '../../src/report/context.js';
import { rules } from '../../src/rules/index.js';

/** The repository root: example paths in reports are relative to it, as when the CLI runs there. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

/** The example inputs that every format has golden files for. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  cdk: ['examples/prototype/cdk.out'],
  templates: ['examples/templates'],
};

/** A fixed date for date-based rules, so goldens do not change with the calendar. */
export const AS_OF = '2026-01-01';

/** A fixed tool identity, so goldens do not change with every release. */
export const GOLDEN_CTX: ReportContext = { tool: { name: 'stackwarden', version: '0.0.0-golden' }, color: false };

/**
 * Runs the built-in rules on one example set, or only the rules given: a test that counts findings or checks of
 * particular rules pins them, so that adding a rule does not change what it counts.
 */
export function exampleResult(name: string, only?: readonly string[], baseline?: Baseline): AnalyzeResult {
  const paths = EXAMPLES[name];
  if (!paths) throw new Error(`no example set '${name}'`);
  return analyze(paths, {
    cwd: REPO_ROOT,
    asOf: AS_OF,
    ...(only ? { rules: rules.filter((r) => only.includes(r.id)) } : {}),
    ...(baseline ? { baseline } : {}),
  });
}

/** The golden context with the run's settings, as the CLI passes them (profile, as-of date, inputs, --fail-on). */
export function goldenCtx(result: AnalyzeResult): ReportContext {
  return { ...GOLDEN_CTX, settings: result.settings };
}
