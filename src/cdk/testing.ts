import type { IConstruct } from 'constructs';
import type { Finding, Severity } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';
import { type EngineOptions, runEngine } from './engine.js';

/** Options of {@link expectNoFindings} and {@link findingsOf}: the engine's, and the severity that fails. */
export interface ExpectNoFindingsOptions extends Omit<EngineOptions, 'failOn'> {
  /** Findings at or above this severity fail the assertion. Default: `error`. */
  atOrAbove?: Severity;
}

/** Thrown by {@link expectNoFindings}; `findings` are the findings that made it fail. */
export class StackWardenFindingsError extends Error {
  constructor(
    message: string,
    readonly findings: readonly Finding[],
  ) {
    super(message);
    this.name = 'StackWardenFindingsError';
  }
}

/** The parts of a CDK Stage/App and Stack this helper uses; duck-typed, so aws-cdk-lib is never loaded from here. */
interface Synthesizer {
  synth(): { directory: string };
}

/**
 * Synthesizes the app that `scope` belongs to (`app.synth()`, which the CDK caches) and runs StackWarden on its
 * cloud assembly, as `stackwarden scan cdk.out` would. For a Stack, only its findings (and its nested stacks')
 * are returned; for an App or a Stage, all of them. Suppressed findings are left out.
 */
export function findingsOf(scope: IConstruct, options: ExpectNoFindingsOptions = {}): Finding[] {
  const root = scope.node.root as unknown as Partial<Synthesizer>;
  if (typeof root.synth !== 'function') throw new TypeError('findingsOf: the construct is not inside a CDK App');
  const assembly = root.synth();
  const { atOrAbove: _unused, ...engine } = options;
  const { result } = runEngine([assembly.directory], engine);
  const stackName = stackNameOf(scope);
  return result.findings.filter(
    (f) => !f.suppressed && (stackName === undefined || f.stack === stackName || (f.stack ?? '').startsWith(`${stackName}/`)),
  );
}

/**
 * Fails (throws a {@link StackWardenFindingsError}) when `scope`'s stack has a finding at or above `atOrAbove`
 * (default `error`). The message lists each finding with its rule, controls, construct path, source line and
 * fix, so a failing Jest or vitest test says what to change.
 *
 * @example
 * test('the data stack follows the guidance', () => {
 *   const app = new App();
 *   expectNoFindings(new DataStack(app, 'Data'), { atOrAbove: 'warning' });
 * });
 */
export function expectNoFindings(scope: IConstruct, options: ExpectNoFindingsOptions = {}): void {
  const threshold = options.atOrAbove ?? 'error';
  const failing = findingsOf(scope, options).filter((f) => !f.baseline && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
  if (failing.length === 0) return;
  const name = stackNameOf(scope) ?? scope.node.path ?? 'the app';
  const lines = [`StackWarden: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above '${threshold}' in ${name}:`];
  for (const f of failing) {
    lines.push(`  ${f.severity.padEnd(7)} ${f.ruleId} [${f.controls.join(', ')}] ${f.constructPath ?? f.logicalId ?? f.file}`);
    lines.push(`          ${f.message}`);
    if (f.source) lines.push(`          source: ${f.source.file}:${f.source.line}${f.source.column ? `:${f.source.column}` : ''}`);
    lines.push(`          template: ${f.file}:${f.range.start.line}:${f.range.start.column}`);
    if (f.origin) lines.push(`          made by aws-cdk-lib (${f.origin.construct}): ${f.origin.fix}`);
    lines.push(`          fix: ${f.fix}`);
  }
  throw new StackWardenFindingsError(lines.join('\n'), failing);
}

/** A Stack's CloudFormation name; undefined for an App or a Stage (and any other construct). */
function stackNameOf(scope: IConstruct): string | undefined {
  const candidate = scope as unknown as { stackName?: unknown; templateFile?: unknown };
  return typeof candidate.stackName === 'string' && typeof candidate.templateFile === 'string' ? candidate.stackName : undefined;
}
