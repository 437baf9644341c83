import type { RunResult } from '../engine/run.js';
import type { ReportContext } from './context.js';
import { formatHtml } from './html.js';
import { jsonChunks } from './chunks.js';
import { formatJson, formatJsonChunks } from './json.js';
import { formatJunit, junitChunks } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif, sarifLog } from './sarif.js';
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

/** A formatter that gives its output as chunks, to be written in order. */
export type ChunkFormatter = (result: RunResult, ctx: ReportContext) => Iterable<string>;

/**
 * Every format as chunks whose concatenation is exactly the string {@link FORMATTERS} gives (tested), so a
 * writer can stream a large run instead of building one string. JSON and SARIF yield one array element at a
 * time, JUnit one line (one test case) at a time. Text, Markdown and HTML are one chunk: Markdown and HTML
 * are bounded (60,000 characters; 2,000 findings listed), text is meant for a terminal.
 */
export const CHUNK_FORMATTERS: Readonly<Record<string, ChunkFormatter>> = {
  text: (result, ctx) => [formatText(result, ctx)],
  json: formatJsonChunks,
  sarif: (result, ctx) => jsonChunks(sarifLog(result, ctx)),
  junit: junitChunks,
  markdown: (result, ctx) => [formatMarkdown(result, ctx)],
  html: (result, ctx) => [formatHtml(result, ctx)],
};

/** The output of one format as chunks, for the CLI's writer. Throws on an unknown format. */
export function formatChunks(format: string, result: RunResult, ctx: ReportContext): Iterable<string> {
  const formatter = CHUNK_FORMATTERS[format];
  if (!formatter) throw new Error(`unknown format '${format}'`);
  return formatter(result, ctx);
}
