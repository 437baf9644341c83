import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseBaseline, type Baseline } from '../engine/baseline.js';
import type { SourceDocument } from '../load/document.js';
import { readDocument } from '../load/read.js';

/** Names the central suppressions file may have in the working directory, in order of preference. */
const SUPPRESSION_FILES = ['stackwarden.suppressions.json', 'stackwarden.suppressions.yaml', 'stackwarden.suppressions.yml'] as const;

/**
 * Reads the central suppressions file for the engine: `path` when given (from `--suppressions` or the config;
 * then it must exist), else the first of {@link SUPPRESSION_FILES} found in `cwd`, else none.
 */
export function readSuppressionFile(
  cwd: string,
  path: string | undefined,
): { documents: SourceDocument[]; path?: string } | { error: string } {
  const abs = path !== undefined ? resolve(cwd, path) : SUPPRESSION_FILES.map((f) => join(cwd, f)).find((f) => existsSync(f));
  if (abs === undefined) return { documents: [] };
  const outcome = readDocument(abs, display(cwd, abs));
  if ('error' in outcome) {
    const e = outcome.error;
    return { error: `${e.file}:${e.line}:${e.column}: ${e.code === 'NOT_FOUND' ? 'suppressions file not found' : e.message}` };
  }
  return { documents: [outcome.document], path: abs };
}

/** Reads and checks a baseline file. */
export function readBaseline(cwd: string, path: string): { baseline: Baseline } | { error: string } {
  const abs = resolve(cwd, path);
  const outcome = readDocument(abs, display(cwd, abs));
  if ('error' in outcome) {
    const e = outcome.error;
    return { error: `${e.file}:${e.line}:${e.column}: ${e.code === 'NOT_FOUND' ? 'baseline file not found' : e.message}` };
  }
  const parsed = parseBaseline(outcome.document.value);
  return 'error' in parsed ? { error: `${outcome.document.file}: ${parsed.error}` } : parsed;
}

export function display(cwd: string, abs: string): string {
  return relative(cwd, abs).split(sep).join('/') || abs;
}
