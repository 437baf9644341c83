import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { reachesThreshold, run } from '../engine/run.js';
import { loadInputs } from '../load/discover.js';
import type { Severity } from '../model/types.js';
import type { ReportContext } from '../report/context.js';
import { formatJson } from '../report/json.js';
import { formatText } from '../report/text.js';
import type { Profile } from '../rules/define.js';
import { rules } from '../rules/index.js';

/** Exit codes of PRODUCT.md. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** Everything the CLI touches of the outside world, so tests can run it in-process. */
export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

const FORMATTERS = { text: formatText, json: formatJson } as const;
type Format = keyof typeof FORMATTERS;

interface ScanOptions {
  format: string;
  failOn: Severity | 'none';
  quiet?: boolean;
  profile: Profile;
  asOf?: string;
}

/** Runs the CLI and returns its exit code. The only layer that prints. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('stackwarden')
    .description('Audit AWS CDK and CloudFormation infrastructure against the StackWarden security guidance.')
    .version(version(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('scan')
    .description('Scan templates (JSON/YAML), folders and CDK cloud assemblies (cdk.out). Default: ./cdk.out, else the current folder.')
    .argument('[paths...]', 'templates, folders or cdk.out assemblies')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(FORMATTERS)).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at least this severe').choices(['error', 'warning', 'note', 'none']).default('error'))
    .option('-q, --quiet', 'report only findings at or above --fail-on')
    .addOption(new Option('--profile <profile>', 'how strictly the guidance is read').choices(['recommended', 'strict']).default('recommended'))
    .option('--as-of <date>', 'date that date-based rules compare against (YYYY-MM-DD), for reproducible results')
    .action((paths: string[], options: ScanOptions) => {
      exitCode = scan(paths, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
    }
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    io.stderr(`stackwarden: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  }
}

function scan(paths: string[], options: ScanOptions, io: Io): number {
  if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
    io.stderr(`stackwarden: --as-of must be a date like 2026-01-31, not '${options.asOf}'\n`);
    return EXIT.error;
  }
  const inputs = paths.length > 0 ? paths : [existsSync(join(io.cwd, 'cdk.out')) ? 'cdk.out' : '.'];
  const loaded = loadInputs(inputs, { cwd: io.cwd });
  const result = run(loaded, { rules, profile: options.profile, ...(options.asOf ? { asOf: options.asOf } : {}) });
  const shown = options.quiet && options.failOn !== 'none' ? { ...result, findings: result.findings.filter((f) => reachesThreshold([f], options.failOn)) } : result;
  const ctx: ReportContext = { tool: { name: 'stackwarden', version: version() }, color: io.isTTY && !io.env['NO_COLOR'] && options.format === 'text' };
  io.stdout(FORMATTERS[options.format as Format](shown, ctx));
  if (result.errors.length > 0) return EXIT.error;
  return reachesThreshold(result.findings, options.failOn) ? EXIT.findings : EXIT.ok;
}

let cachedVersion: string | undefined;
/** The package version, read from package.json next to dist/ (or src/ under tests). */
export function version(): string {
  if (cachedVersion) return cachedVersion;
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
  cachedVersion = pkg.version;
  return cachedVersion;
}
