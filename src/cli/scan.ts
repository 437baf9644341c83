import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { reachesThreshold, run } from '../engine/run.js';
import { loadInputs } from '../load/discover.js';
import type { Severity } from '../model/types.js';
import type { ReportContext } from '../report/context.js';
import { FORMATTERS } from '../report/index.js';
import { summaryLine } from '../report/text.js';
import type { Profile } from '../rules/define.js';
import { rules } from '../rules/index.js';
import { EXIT, type Io } from './io.js';
import { planOutputs } from './outputs.js';

export interface ScanOptions {
  /** One format or a comma-separated list (`text,sarif`). */
  format: string;
  /** `FILE`, or `FORMAT=FILE` (repeatable); `-` is standard output. */
  output?: string[];
  outputDir?: string;
  failOn: Severity | 'none';
  quiet?: boolean;
  profile: Profile;
  asOf?: string;
}

/** `stackwarden scan`: load, run, write every requested format, and the exit code of PRODUCT.md. */
export function scan(paths: string[], options: ScanOptions, io: Io, toolVersion: string): number {
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
    io.stderr(`stackwarden: --as-of must be a date like 2026-01-31, not '${options.asOf}'\n`);
    return EXIT.error;
  }
  const plan = planOutputs({ format: options.format, ...(options.output ? { output: options.output } : {}), ...(options.outputDir ? { outputDir: options.outputDir } : {}) });
  if ('error' in plan) {
    io.stderr(`stackwarden: ${plan.error}\n`);
    return EXIT.error;
  }
  const inputs = paths.length > 0 ? paths : [existsSync(join(io.cwd, 'cdk.out')) ? 'cdk.out' : '.'];
  const loaded = loadInputs(inputs, { cwd: io.cwd });
  const result = run(loaded, { rules, profile: options.profile, ...(options.asOf ? { asOf: options.asOf } : {}) });
  const shown =
    options.quiet && options.failOn !== 'none' ? { ...result, findings: result.findings.filter((f) => reachesThreshold([f], options.failOn)) } : result;

  for (const target of plan.targets) {
    const toStdout = target.to.kind === 'stdout';
    const ctx: ReportContext = {
      tool: { name: 'stackwarden', version: toolVersion },
      // Colour only for people: text, on a terminal, unless NO_COLOR is set (https://no-color.org: any value).
      color: toStdout && target.format === 'text' && io.isTTY && !io.env['NO_COLOR'],
    };
    const text = FORMATTERS[target.format]!(shown, ctx);
    if (target.to.kind === 'stdout') {
      io.stdout(text);
      continue;
    }
    try {
      writeAtomically(resolve(io.cwd, target.to.path), text);
    } catch (error) {
      io.stderr(`stackwarden: cannot write ${target.to.path}: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT.error;
    }
    io.stderr(`stackwarden: wrote ${target.format} to ${target.to.path}\n`);
  }
  // With every format in a file, the log still gets the one-line summary.
  if (!plan.targets.some((t) => t.to.kind === 'stdout')) io.stderr(`${summaryLine(shown)}\n`);

  if (result.errors.length > 0) return EXIT.error;
  return reachesThreshold(result.findings, options.failOn) ? EXIT.findings : EXIT.ok;
}

/** Writes next to the target and renames, so a reader (a CI upload step) never sees half a report. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, path);
}
