/** Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, load or internal error. */
export { EXIT } from '../engine/run.js';

/** Everything the CLI touches of the outside world, so tests can run it in-process. */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  /** Whether standard error is a terminal (progress lines go there); false when unknown. */
  stderrIsTTY?: boolean;
}
