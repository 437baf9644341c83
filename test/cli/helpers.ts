import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main, type Io } from '../../src/cli/program.js';
import { compareFindings } from '../../src/engine/run.js';
import { CONTROL_IDS, type Finding } from '../../src/model/types.js';

/** The repository root, where `examples/` lives. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with a fake Io. */
export async function cli(args: string[], cwd = ROOT, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, env, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Fields PRODUCT.md documents for a finding, with their types; `null` allowed where the contract says so. */
const FINDING_FIELDS: Record<string, (v: unknown) => boolean> = {
  ruleId: (v) => typeof v === 'string' && /^[a-z0-9-]+\/[a-z0-9-]+$/.test(v),
  controls: (v) => Array.isArray(v) && v.length > 0 && v.every((c) => (CONTROL_IDS as readonly unknown[]).includes(c)),
  severity: (v) => v === 'error' || v === 'warning' || v === 'note',
  message: (v) => typeof v === 'string' && v.length > 0,
  file: (v) => typeof v === 'string' && isRelative(v),
  stack: (v) => v === null || typeof v === 'string',
  logicalId: (v) => v === null || typeof v === 'string',
  resourceType: (v) => v === null || typeof v === 'string',
  constructPath: (v) => v === null || typeof v === 'string',
  pointer: (v) => typeof v === 'string' && (v === '' || v.startsWith('/')),
  range: (v) => isRange(v),
  fingerprint: (v) => typeof v === 'string' && /^[0-9a-f]{16,}$/.test(v),
  suppressed: (v) => v === null || (typeof v === 'object' && !Array.isArray(v)),
};
/** Fields added beyond the contract (allowed: "fields can be added but never renamed"). Listed so additions are deliberate. */
const ADDED_FINDING_FIELDS = ['messageId', 'fix', 'suggestion'];
/**
 * Added fields that only some findings carry (suppression `appliesTo` detail; baseline state under --baseline; the fix
 * of a fixable rule; other rules' findings about the same problem).
 */
const OPTIONAL_FINDING_FIELDS = ['detail', 'baseline', 'autofix', 'related'];

function isRelative(path: string): boolean {
  return !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.includes('\\');
}

function isPosition(v: unknown): boolean {
  const p = v as { line?: unknown; column?: unknown };
  return !!p && Number.isInteger(p.line) && Number.isInteger(p.column) && (p.line as number) >= 1 && (p.column as number) >= 1;
}

function isRange(v: unknown): boolean {
  const r = v as { start?: unknown; end?: unknown };
  return !!r && Object.keys(r).join() === 'start,end' && isPosition(r.start) && isPosition(r.end);
}

/** Asserts that a `--format json` output is exactly the contract of PRODUCT.md, and returns it parsed. */
export function expectJsonContract(text: string): {
  findings: Finding[];
  errors: Record<string, unknown>[];
  summary: Record<string, unknown>;
} {
  const doc = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(doc)).toEqual(['version', 'tool', 'findings', 'errors', 'summary']);
  expect(doc['version']).toBe(1);
  expect(doc['tool']).toEqual({ name: 'stackwarden', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  const findings = doc['findings'] as Record<string, unknown>[];
  expect(Array.isArray(findings)).toBe(true);
  // Related findings are findings of the same contract, with the standing of the one that carries them.
  const related = findings.flatMap((f) => (f['related'] as Record<string, unknown>[] | undefined) ?? []);
  for (const f of [...findings, ...related]) {
    for (const [key, check] of Object.entries(FINDING_FIELDS))
      expect(check(f[key]), `finding.${key} = ${JSON.stringify(f[key])}`).toBe(true);
    const added = Object.keys(f).filter((k) => !(k in FINDING_FIELDS) && !OPTIONAL_FINDING_FIELDS.includes(k));
    expect(added.sort()).toEqual([...ADDED_FINDING_FIELDS].sort());
  }
  for (const f of findings)
    for (const r of (f['related'] as Record<string, unknown>[] | undefined) ?? []) {
      expect(r['related']).toBeUndefined();
      expect([r['suppressed'], r['baseline']]).toEqual([f['suppressed'], f['baseline']]);
    }
  const errors = doc['errors'] as Record<string, unknown>[];
  for (const e of errors) {
    expect(Object.keys(e)).toEqual(['file', 'code', 'message', 'line', 'column']);
    expect(isRelative(e['file'] as string)).toBe(true);
    expect(isPosition(e)).toBe(true);
    expect(e['code']).toMatch(/^[A-Z_]+$/);
  }
  const summary = doc['summary'] as Record<string, unknown>;
  expect(Object.keys(summary)).toEqual(['files', 'stacks', 'resources', 'findings', 'suppressed', 'byControl']);
  for (const key of ['files', 'stacks', 'resources', 'findings', 'suppressed']) expect(Number.isInteger(summary[key])).toBe(true);
  expect(Object.keys(summary['byControl'] as object)).toEqual([...CONTROL_IDS]);
  // Sorted, and free of timestamps and absolute paths.
  expect([...(findings as unknown as Finding[])].sort(compareFindings)).toEqual(findings);
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  expect(text).not.toContain(ROOT);
  return doc as ReturnType<typeof expectJsonContract>;
}
