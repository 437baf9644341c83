/** What every formatter receives besides the result. Formatters are pure: same input, same string. */
export interface ReportContext {
  tool: { name: string; version: string };
  /** ANSI colour, for text on a terminal. */
  color: boolean;
  /** SARIF: put a finding's CDK source line first (default) or keep the template location first. */
  sarifPrimary?: SarifPrimary;
}

/** Which location a SARIF result puts first: the user's CDK source line when known (default), or the template. */
export type SarifPrimary = 'source' | 'template';
