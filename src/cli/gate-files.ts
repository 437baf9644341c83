import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Baseline, formatBaseline } from '../engine/baseline.js';
import { display } from '../project/files.js';

/** Writes a baseline atomically (a temporary file renamed over the target). */
export function writeBaseline(cwd: string, path: string, baseline: Baseline): { file: string } | { error: string } {
  const abs = resolve(cwd, path);
  const temporary = `${abs}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, formatBaseline(baseline), 'utf8');
    renameSync(temporary, abs);
  } catch (error) {
    rmSync(temporary, { force: true });
    return { error: `${display(cwd, abs)}: cannot write the baseline: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { file: display(cwd, abs) };
}
