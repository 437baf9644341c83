import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { explainRule, rulesTable } from '../docs/rules-doc.js';
import { FORMATTERS } from '../report/index.js';
import { projectRules } from '../project/analyze.js';
import type { RuleModule } from '../rules/define.js';
import { CONFIG_FILE } from '../project/config.js';
import { commandLineOnly } from './options.js';
import { EXIT, type Io, unlessUsageError } from './io.js';
import { scan, type ScanOptions } from './scan.js';
import { audit } from './audit.js';
import { auditCommand } from './audit-command.js';
import { registerFix } from './fix-command.js';

export { EXIT, type Io } from './io.js';

/** Runs the CLI and returns its exit code. The CLI is the only layer that prints. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('stackwarden')
    .description('Audit AWS CDK and CloudFormation infrastructure against the StackWarden security guidance.')
    .version(version(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const formats = Object.keys(FORMATTERS).join(', ');
  program
    .command('scan')
    .description('Scan templates (JSON/YAML), folders and CDK cloud assemblies (cdk.out). Default: ./cdk.out, else the current folder.')
    .argument('[paths...]', 'templates, folders or cdk.out assemblies')
    .addOption(new Option('-f, --format <formats>', `output format, or a comma-separated list: ${formats}`).default('text'))
    .option(
      '-o, --output <[format=]file>',
      'write to a file instead of standard output; with several formats: FORMAT=FILE, repeatable; - is standard output',
      collect,
    )
    .option('--output-dir <dir>', 'write each format without an --output to DIR/stackwarden.<ext> (text stays on standard output)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at least this severe')
        .choices(['error', 'warning', 'note', 'none'])
        .default('error'),
    )
    .option('-q, --quiet', 'report only findings at or above --fail-on')
    .option('--show-suppressed', 'text: list suppressed findings too, dimmed, with their reason (default: only counted)')
    .addOption(
      new Option('--profile <profile>', 'how strictly the guidance is read').choices(['recommended', 'strict']).default('recommended'),
    )
    .option('--as-of <date>', 'date that date-based rules compare against (YYYY-MM-DD), for reproducible results')
    .option('-c, --config <file>', `configuration file (default: ${CONFIG_FILE}, else the "stackwarden" key of package.json)`)
    .option(
      '--suppressions <file>',
      'central suppressions file (default: from the configuration, else stackwarden.suppressions.json/.yaml)',
    )
    .option('--baseline <file>', 'fail only on findings whose fingerprints are not in this baseline file')
    .option('--write-baseline <file>', "write a baseline of this run's unsuppressed findings to this file")
    .addOption(
      new Option('--sarif-primary <location>', "SARIF: a finding's primary location, its CDK source line or the template")
        .choices(['source', 'template'])
        .default('source'),
    )
    .action((paths: string[], options: ScanOptions, command: Command) => {
      // Defaults stay out, so that values from the configuration file can fill them in.
      exitCode = scan(paths, { ...commandLineOnly(options, command), format: options.format }, io, version());
    });

  /** The built-in rules and the configuration's plugins; a usage error is printed and gives exit code 2. */
  const projectRulesOf = (config: string | undefined): readonly RuleModule[] | undefined => {
    const rules = unlessUsageError(io, () => projectRules({ cwd: io.cwd, ...(config !== undefined ? { config } : {}) }).rules);
    if (!rules) exitCode = EXIT.error;
    return rules;
  };

  registerFix(program, io, (code) => (exitCode = code));

  const rulesCommand = program
    .command('rules')
    .description(
      "List the rules with their controls, severity and peer equivalents (cdk-nag, checkov, cfn-nag, Security Hub), the configuration's plugins included.",
    )
    .option('-c, --config <file>', `configuration file whose plugins add rules (default: ${CONFIG_FILE}, else package.json)`)
    .action((options: { config?: string }) => {
      const all = projectRulesOf(options.config);
      if (all) io.stdout(rulesTable(all));
    });
  rulesCommand
    .command('explain')
    .description('Print the full documentation of one rule.')
    .argument('<id>', 'rule id, e.g. s3/block-public-access')
    .option('-c, --config <file>', 'configuration file whose plugins add rules')
    .action((id: string, options: { config?: string }) => {
      const all = projectRulesOf(options.config);
      if (!all) return;
      const rule = all.find((r) => r.id === id);
      if (!rule) {
        io.stderr(`stackwarden: no rule '${id}'. Run 'stackwarden rules' for the list.\n`);
        exitCode = EXIT.error;
        return;
      }
      io.stdout(explainRule(rule));
    });

  program
    .command('report')
    .description('Write a report for people: a self-contained HTML page (default) or a Markdown summary for a pull-request comment.')
    .argument('[paths...]', 'templates, folders or cdk.out assemblies (default: ./cdk.out, else the current folder)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['html', 'markdown']).default('html'))
    .option('-o, --output <file>', `the file to write (default: ${REPORT_FILES.html} or ${REPORT_FILES.markdown}); - is standard output`)
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at least this severe')
        .choices(['error', 'warning', 'note', 'none'])
        .default('none'),
    )
    .addOption(
      new Option('--profile <profile>', 'how strictly the guidance is read').choices(['recommended', 'strict']).default('recommended'),
    )
    .option('--as-of <date>', 'date that date-based rules compare against (YYYY-MM-DD), for reproducible results')
    .option('-c, --config <file>', `configuration file (default: ${CONFIG_FILE}, else the "stackwarden" key of package.json)`)
    .option(
      '--suppressions <file>',
      'central suppressions file (default: from the configuration, else stackwarden.suppressions.json/.yaml)',
    )
    .option('--baseline <file>', 'mark findings whose fingerprints are in this baseline file as known')
    .action(
      (paths: string[], options: Omit<ScanOptions, 'output'> & { format: 'html' | 'markdown'; output?: string }, command: Command) => {
        const output = options.output ?? REPORT_FILES[options.format];
        // The configuration fills in what the command line leaves out, except --fail-on: a report fails a build
        // only when asked to on its own command line.
        exitCode = scan(
          paths,
          { ...commandLineOnly(options, command), format: options.format, failOn: options.failOn ?? 'none', output: [output] },
          io,
          version(),
        );
      },
    );

  program.addCommand(
    auditCommand(formats, async (options) => {
      exitCode = await audit(options, io, version());
    }),
  );

  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return EXIT.ok;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // --help and --version end here too, with exit code 0; usage errors have printed their message.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    io.stderr(`stackwarden: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  }
}

/** Where `stackwarden report` writes when no --output is given. */
export const REPORT_FILES = { html: 'stackwarden-report.html', markdown: 'stackwarden-report.md' } as const;

/** Commander's way to take an option more than once. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

let cachedVersion: string | undefined;
/** The package version, read from package.json next to dist/ (or src/ under tests). */
export function version(): string {
  cachedVersion ??= (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string })
    .version;
  return cachedVersion;
}
