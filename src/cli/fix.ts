import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { reachesThreshold, run, type RunOptions } from '../engine/run.js';
import { planFile, type FilePlan, type FixOutcome } from '../fix/plan.js';
import { replaceFile, type WriterFs } from '../fix/write.js';
import type { SourceDocument } from '../load/document.js';
import type { FixSettings } from '../model/fix.js';
import type { Finding, Severity } from '../model/types.js';
import type { Profile } from '../rules/define.js';
import { prepareRun } from '../project/analyze.js';
import { EXIT, type Io, unlessUsageError } from './io.js';

/** Options of `stackwarden fix`. */
export interface FixOptions {
  write?: boolean;
  rule?: string[];
  control?: string[];
  failOn?: Severity | 'none';
  profile?: Profile;
  asOf?: string;
  config?: string;
  overrideExplicit?: boolean;
  encryption?: 'sse-s3' | 'sse-kms';
  kmsKey?: string;
  allowEmpty?: boolean;
  followSymlinks?: boolean;
}

/**
 * `stackwarden fix`: plans the fixes of every plain template (a dry run with a unified diff by default), writes
 * them with `--write`, and prints what it fixed and what it could not. A cloud assembly is never changed (the
 * next synth would overwrite it): each finding gets the CDK property to set instead. Exit codes as `scan`, on
 * what would remain after the fixes.
 */
export function fix(paths: string[], options: FixOptions, io: Io, fs?: WriterFs): number {
  const settings: FixSettings = {
    ...(options.overrideExplicit ? { overrideExplicit: true } : {}),
    ...(options.encryption ? { encryption: options.encryption } : {}),
    ...(options.kmsKey ? { kmsKeyId: options.kmsKey, encryption: options.encryption ?? 'sse-kms' } : {}),
  };
  // The run exactly as scan decides it (configuration, plugins, suppressions file, profile, severities, inputs).
  const prepared = unlessUsageError(io, () =>
    prepareRun(paths, {
      cwd: io.cwd,
      fix: settings,
      ...(options.config !== undefined ? { config: options.config } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.failOn ? { failOn: options.failOn } : {}),
      ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
      ...(options.allowEmpty ? { allowEmpty: true } : {}),
      ...(options.followSymlinks ? { followSymlinks: true } : {}),
    }),
  );
  if (!prepared) return EXIT.error;
  const { loaded, runOptions } = prepared;
  const { failOn, inputs } = prepared.settings;
  // A rescan sees one template: suppressions that match the others' findings are not "unused" there.
  const rescanOptions: RunOptions = { ...runOptions, reportUnusedSuppressions: false };
  for (const e of loaded.errors) io.stderr(`stackwarden: ${e.file}:${e.line}:${e.column}: ${e.message} (not changed)\n`);
  const result = run(loaded, runOptions);
  const selected = (f: Finding) =>
    !f.suppressed &&
    (!options.rule?.length || options.rule.includes(f.ruleId)) &&
    (!options.control?.length || f.controls.some((c) => options.control!.includes(c)));

  const remaining: Finding[] = [];
  const plans: FilePlan[] = [];
  const assemblyNotes: string[] = [];
  for (const stack of loaded.stacks) {
    const own = result.findings.filter(
      (f) => f.file === stack.template.file || (stack.declaredAt && f.file === stack.declaredAt.document.file && f.stack === stack.name),
    );
    if (stack.declaredAt || stack.nestedIn) {
      // A synthesized template is an output of the CDK app: the fix belongs in the app.
      remaining.push(...own);
      for (const f of own.filter(selected))
        if (f.autofix)
          assemblyNotes.push(
            `  ${f.file}:${f.range.start.line}  ${f.ruleId}  ${f.constructPath ?? f.logicalId ?? f.stack ?? ''}: ${f.autofix.kind === 'fix' ? `set ${f.autofix.cdk}` : `cannot fix: ${f.autofix.reason}${f.autofix.cdk ? ` (CDK: ${f.autofix.cdk})` : ''}`}\n`,
          );
      continue;
    }
    const fixable = own.filter((f) => f.file === stack.template.file && selected(f));
    const rescan = (document: SourceDocument) =>
      run({ stacks: [{ ...stack, template: document }], errors: [], files: 1 }, rescanOptions).findings.filter((f) => !f.suppressed);
    const plan = planFile(stack.template, fixable, rescan);
    plans.push(plan);
    remaining.push(...(plan.after !== plan.before ? plan.remaining : own));
  }

  let failed = loaded.errors.length > 0;
  const outcomes: FixOutcome[] = [];
  for (const plan of plans) {
    outcomes.push(...plan.outcomes);
    if (plan.after === plan.before) continue;
    io.stdout(
      createTwoFilesPatch(`a/${plan.file}`, `b/${plan.file}`, plan.before, plan.after, '', '', { context: 3 }).replace(/^=+\n/, ''),
    );
    if (!options.write) continue;
    const path = resolve(io.cwd, plan.file);
    const raw = readRaw(path);
    const bom = raw?.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
    const written =
      raw === undefined
        ? { error: 'cannot read it again' }
        : replaceFile(
            path,
            bom + plan.before,
            bom + plan.after,
            inputs.map((p) => resolve(io.cwd, p)),
            fs,
          );
    if (written.error) {
      failed = true;
      io.stderr(`stackwarden: ${plan.file}: not written: ${written.error}; the file is unchanged\n`);
    } else io.stderr(`stackwarden: wrote ${plan.file}\n`);
  }
  io.stdout(summary(outcomes, assemblyNotes, !options.write));
  if (failed) return EXIT.error;
  return reachesThreshold(remaining, failOn) ? EXIT.findings : EXIT.ok;
}

function readRaw(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function summary(outcomes: readonly FixOutcome[], assemblyNotes: readonly string[], dryRun: boolean): string {
  const fixed = outcomes.filter((o) => o.status === 'fixed');
  const other = outcomes.filter((o) => o.status !== 'fixed');
  const line = (o: FixOutcome) =>
    `  ${o.finding.file}:${o.finding.range.start.line}  ${o.finding.ruleId}  ${o.status === 'none' ? o.finding.message : `${o.finding.logicalId ?? o.finding.stack ?? ''}: ${o.reason}`}\n`;
  let out = `\n${dryRun ? 'Would fix' : 'Fixed'} ${fixed.length} finding(s)${dryRun && fixed.length > 0 ? ' (dry run: add --write to apply)' : ''}.\n`;
  for (const o of fixed) out += `  ${o.finding.file}:${o.finding.range.start.line}  ${o.finding.ruleId}  ${o.finding.logicalId ?? ''}\n`;
  if (other.length > 0) out += `Cannot fix ${other.length} finding(s) automatically:\n${other.map(line).join('')}`;
  if (assemblyNotes.length > 0)
    out +=
      'Cloud assemblies are not changed: the next synth would overwrite the change. Fix the CDK app instead, by hand or with\n' +
      "the remediation Aspect (`Aspects.of(app).add(new StackWardenRemediation())` from 'stackwarden/cdk'):\n" +
      assemblyNotes.join('');
  return out;
}
