import { resolve } from 'node:path';
import { type Baseline, formatBaseline } from '../engine/baseline.js';
import { display } from '../project/files.js';
import { performWrite, type WritePlan } from './write-output.js';

/** Writes a baseline as planned by prepareWrites (atomically for a regular file; a temporary file never stays). */
export function writeBaseline(cwd: string, plan: WritePlan, baseline: Baseline): { file: string } | { error: string } {
  const shown = display(cwd, resolve(cwd, plan.path));
  try {
    performWrite(plan, formatBaseline(baseline));
  } catch (error) {
    return { error: `${shown}: cannot write the baseline: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { file: shown };
}
