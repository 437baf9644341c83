import { UsageError } from '../project/analyze.js';
/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, load or internal error. */
export { EXIT } from '../engine/run.js';

/** Everything the CLI touches of the outside world, so tests can run it in-process. */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  /** Columns of the terminal on standard output, when it is one. */
  columns?: number;
  /** Whether standard error is a terminal (progress lines go there); false when unknown. */
  stderrIsTTY?: boolean;
}

/**
 * Runs `decide` (analyze(), projectRules() …) and returns its value; invalid settings are printed, one problem a
 * line, and give undefined, which every command turns into exit code 2. Any other error propagates.
 */
export function unlessUsageError<T>(io: Pick<Io, 'stderr'>, decide: () => T): T | undefined {
  try {
    return decide();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const problem of error.problems) io.stderr(`stackwarden: ${problem}\n`);
    return undefined;
  }
}
