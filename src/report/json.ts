import type { RunResult } from '../engine/run.js';
import type { ReportContext } from './context.js';
import { jsonSafe } from './plain.js';

/** The JSON output contract of PRODUCT.md (version 1). Fields may be added, never renamed. */
export function formatJson(result: RunResult, ctx: ReportContext): string {
  return jsonSafe(
    JSON.stringify(
      {
        version: 1,
        tool: ctx.tool,
        findings: result.findings,
        errors: result.errors,
        summary: result.summary,
      },
      null,
      2,
    ) + '\n',
  );
}
