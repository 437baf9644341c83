import type { RunResult } from '../engine/run.js';
import type { ReportContext } from './context.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** A formatter is a pure function of the run result. */
export type Formatter = (result: RunResult, ctx: ReportContext) => string;

/** Every output format, by its `--format` name. */
export const FORMATTERS: Readonly<Record<string, Formatter>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  markdown: formatMarkdown,
  html: formatHtml,
};

/** The usual file extension of each format, for `--output-dir` and golden files. */
export const FORMAT_EXTENSIONS: Readonly<Record<string, string>> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  junit: 'junit.xml',
  markdown: 'md',
  html: 'html',
};
