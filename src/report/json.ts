import type { RunResult } from '../engine/run.js';
import { jsonChunks } from './chunks.js';
import type { ReportContext } from './context.js';

/** The JSON output contract of PRODUCT.md (version 1). Fields may be added, never renamed. */
export function formatJson(result: RunResult, ctx: ReportContext): string {
  return [...formatJsonChunks(result, ctx)].join('');
}

/** {@link formatJson} in chunks, one finding at a time for a long run: their concatenation is the same text. */
export function formatJsonChunks(result: RunResult, ctx: ReportContext): Iterable<string> {
  return jsonChunks({
    version: 1,
    tool: ctx.tool,
    findings: result.findings,
    errors: result.errors,
    summary: result.summary,
  });
}
