import type { Severity } from '../model/types.js';

/** What every formatter receives besides the result. Formatters are pure: same input, same string. */
export interface ReportContext {
  tool: { name: string; version: string };
  /** ANSI colour, for text on a terminal. */
  color: boolean;
  /** SARIF: put a finding's CDK source line first (default) or keep the template location first. */
  sarifPrimary?: SarifPrimary;
  /** Text: the width to wrap to, in columns (default {@link DEFAULT_WIDTH}). The CLI passes the terminal's. */
  width?: number;
  /** Text: list suppressed findings (dimmed, with their reason). Default: hidden, and counted in the summary. */
  showSuppressed?: boolean;
  /** How the run was decided (`analyze()`'s settings): the text summary names the exit code, HTML's header the rest. */
  settings?: RunSettings;
}

/** The parts of a run's settings that reports show. */
export interface RunSettings {
  profile?: string;
  asOf?: string;
  /** The threshold the exit code is judged by; `error` when not given, as the CLI's default. */
  failOn?: Severity | 'none';
  /** The paths scanned, as given. */
  inputs?: readonly string[];
}

/** The text width when none is given: what the CLI uses when standard output is not a terminal. */
export const DEFAULT_WIDTH = 100;

/** Which location a SARIF result puts first: the user's CDK source line when known (default), or the template. */
export type SarifPrimary = 'source' | 'template';
