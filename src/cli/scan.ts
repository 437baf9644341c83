import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { reachesThreshold, run } from '../engine/run.js';
import { loadInputs } from '../load/discover.js';
import type { Severity } from '../model/types.js';
import type { ReportContext } from '../report/context.js';
import { FORMATTERS } from '../report/index.js';
import type { Profile } from '../rules/define.js';
import { rules } from '../rules/index.js';
import { EXIT, type Io } from './io.js';

export interface ScanOptions {
  format: string;
  failOn: Severity | 'none';
  quiet?: boolean;
  profile: Profile;
  asOf?: string;
}

/** `stackwarden scan`: load, run, print, and the exit code of PRODUCT.md. */
export function scan(paths: string[], options: ScanOptions, io: Io, toolVersion: string): number {
  if (options.asOf !== undefined && !isDate(options.asOf)) {
    io.stderr(`stackwarden: --as-of must be a date like 2026-01-31, not '${options.asOf}'\n`);
    return EXIT.error;
  }
  const formatter = FORMATTERS[options.format];
  if (!formatter) {
    io.stderr(`stackwarden: unknown format '${options.format}' (known: ${Object.keys(FORMATTERS).join(', ')})\n`);
    return EXIT.error;
  }
  const inputs = paths.length > 0 ? paths : [existsSync(join(io.cwd, 'cdk.out')) ? 'cdk.out' : '.'];
  const loaded = loadInputs(inputs, { cwd: io.cwd });
  const result = run(loaded, { rules, profile: options.profile, ...(options.asOf ? { asOf: options.asOf } : {}) });
  const shown =
    options.quiet && options.failOn !== 'none' ? { ...result, findings: result.findings.filter((f) => reachesThreshold([f], options.failOn)) } : result;
  const ctx: ReportContext = {
    tool: { name: 'stackwarden', version: toolVersion },
    color: io.isTTY && !io.env['NO_COLOR'] && options.format === 'text',
  };
  io.stdout(formatter(shown, ctx));
  if (result.errors.length > 0) return EXIT.error;
  return reachesThreshold(result.findings, options.failOn) ? EXIT.findings : EXIT.ok;
}

/** `YYYY-MM-DD` and a real day: the shape alone lets 2026-02-30 through, a real date reads back the same. */
function isDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
