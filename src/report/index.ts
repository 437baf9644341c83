import type { RunResult } from '../engine/run.js';
import type { ReportContext } from './context.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';

/** A formatter is a pure function of the run result. */
export type Formatter = (result: RunResult, ctx: ReportContext) => string;

/** Every output format, by its `--format` name. */
export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  text: formatText,
  json: formatJson,
};
