import { join } from 'node:path';
import { FORMAT_EXTENSIONS, FORMATTERS } from '../report/index.js';

/** Where one format goes: standard output, or a file (relative to the working directory). */
export interface OutputTarget {
  format: string;
  to: { kind: 'stdout' } | { kind: 'file'; path: string };
}

export interface OutputRequest {
  /**
   * Comma-separated format names, e.g. `text,sarif` (`--format`). When not given, each `--output FILE` gets the
   * format its extension names ({@link formatOfFile}), and with no such file the format is text.
   */
  format?: string | undefined;
  /** `--output` values: `FILE` (only with one format) or `FORMAT=FILE`; `-` is standard output. */
  output?: readonly string[];
  /** `--output-dir`: every format without its own `--output` goes to `DIR/stackwarden.<ext>`; text stays on stdout. */
  outputDir?: string;
  /** Base name of files written to the output dir. */
  baseName?: string;
}

/**
 * Decides where each requested format goes. The rules, also in docs/output-formats.md:
 * - one format: `--output FILE` writes it there, otherwise it goes to standard output;
 * - several formats: `--output FORMAT=FILE` (repeatable) names each file; `--output-dir DIR` puts every other
 *   format except text into `DIR/stackwarden.<ext>`; what is left goes to standard output, and that may be one
 *   format at most, since two formats on one stream cannot be told apart.
 */
export function planOutputs(request: OutputRequest): { targets: OutputTarget[] } | { error: string } {
  if (request.format === undefined) {
    const inferred = inferFormats(request.output ?? []);
    if ('error' in inferred) return inferred;
    return planOutputs({ ...request, format: inferred.format, output: inferred.output });
  }
  const formats = request.format
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (formats.length === 0) return { error: 'no output format given' };
  const unknown = formats.filter((f) => !FORMATTERS[f]);
  if (unknown.length > 0) return { error: `unknown format '${unknown.join("', '")}' (known: ${Object.keys(FORMATTERS).join(', ')})` };
  const duplicate = formats.find((f, i) => formats.indexOf(f) !== i);
  if (duplicate) return { error: `format '${duplicate}' is listed twice` };

  const files = new Map<string, string>();
  for (const value of request.output ?? []) {
    const eq = value.indexOf('=');
    const named = eq > 0 ? value.slice(0, eq) : undefined;
    if (named !== undefined && FORMATTERS[named]) {
      if (!formats.includes(named)) return { error: `--output ${value}: format '${named}' is not in --format ${formats.join(',')}` };
      if (files.has(named)) return { error: `--output names a file for '${named}' twice` };
      files.set(named, value.slice(eq + 1));
    } else if (formats.length === 1) {
      if (files.has(formats[0]!)) return { error: '--output is given twice for one format' };
      files.set(formats[0]!, value);
    } else {
      return {
        error: `--output ${value}: with several formats, name the format: --output FORMAT=FILE (e.g. --output sarif=results.sarif)`,
      };
    }
  }
  for (const [format, file] of files) {
    if (file === '') return { error: `--output ${format}=: the file name is empty` };
    const implied = formatOfFile(file);
    if (implied !== undefined && !compatible(implied, format))
      return {
        error: `--output ${file}: the extension says ${implied}, but the format is ${format}; name a file ending in .${FORMAT_EXTENSIONS[format] ?? format}, or give the format that the extension names`,
      };
  }

  const targets: OutputTarget[] = formats.map((format) => {
    const file = files.get(format);
    if (file !== undefined && file !== '-') return { format, to: { kind: 'file', path: file } };
    if (file === undefined && request.outputDir !== undefined && format !== 'text') {
      return {
        format,
        to: { kind: 'file', path: join(request.outputDir, `${request.baseName ?? 'stackwarden'}.${FORMAT_EXTENSIONS[format] ?? format}`) },
      };
    }
    return { format, to: { kind: 'stdout' } };
  });
  const onStdout = targets.filter((t) => t.to.kind === 'stdout').map((t) => t.format);
  if (onStdout.length > 1) {
    return {
      error: `formats ${onStdout.join(', ')} would all go to standard output: give each but one a file with --output FORMAT=FILE or --output-dir DIR`,
    };
  }
  return { targets };
}

/** Extensions that name a format, longest first (`.sarif.json` is SARIF, `.junit.xml` JUnit). */
const EXTENSION_FORMATS: readonly (readonly [string, string])[] = [
  ['.sarif.json', 'sarif'],
  ['.sarif', 'sarif'],
  ['.json', 'json'],
  ['.xml', 'junit'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.html', 'html'],
  ['.htm', 'html'],
];

/** The format a file name's extension names (`.sarif`, `.json`, `.xml` for JUnit, `.md`, `.html`), or undefined. */
export function formatOfFile(file: string): string | undefined {
  if (file === '-') return undefined;
  const name = file.toLowerCase();
  return EXTENSION_FORMATS.find(([ext]) => name.endsWith(ext))?.[1];
}

/** A SARIF log is JSON: `-f sarif -o results.json` is no contradiction. */
function compatible(implied: string, format: string): boolean {
  return implied === format || (implied === 'json' && format === 'sarif');
}

/** Without --format: the format of each --output from its extension (text for other names); text with none. */
function inferFormats(outputs: readonly string[]): { format: string; output: string[] } | { error: string } {
  const formats: string[] = [];
  const named: string[] = [];
  for (const value of outputs) {
    const eq = value.indexOf('=');
    const prefix = eq > 0 ? value.slice(0, eq) : undefined;
    const format = prefix !== undefined && FORMATTERS[prefix] ? prefix : (formatOfFile(value) ?? 'text');
    if (formats.includes(format))
      return {
        error: `--output ${value}: a second file for the ${format} format (one file per format; give --format to say which file gets which)`,
      };
    formats.push(format);
    named.push(prefix !== undefined && FORMATTERS[prefix] ? value : `${format}=${value}`);
  }
  return { format: formats.length > 0 ? formats.join(',') : 'text', output: named };
}
