import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { explainRule, rulesTable } from '../docs/rules-doc.js';
import { FORMATTERS } from '../report/index.js';
import { projectRules } from '../project/analyze.js';
import type { RuleModule } from '../rules/define.js';
import { CONFIG_FILE } from '../project/config.js';
import { commandLineOnly } from './options.js';
import { formatOfFile } from './outputs.js';
import { EXIT, type Io, unlessUsageError } from './io.js';
import { scan, type ScanOptions } from './scan.js';
import { audit } from './audit.js';
import { auditCommand } from './audit-command.js';
import { SAM_POLICY_TEMPLATES_SOURCE } from '../aws/sam-policy-templates.js';
import { managedPolicyDataVersion } from '../iam/managed-policies.js';
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
    .showHelpAfterError(HELP_HINT);

  const formats = Object.keys(FORMATTERS).join(', ');
  program
    .command('scan')
    .description('Scan templates (JSON/YAML), folders and CDK cloud assemblies (cdk.out). Default: ./cdk.out, else the current folder.')
    .argument('[paths...]', 'templates, folders or cdk.out assemblies')
    .addOption(
      new Option(
        '-f, --format <formats>',
        `output format, or a comma-separated list: ${formats} (default: from the --output file's extension, else text)`,
      ),
    )
    .option(
      '-o, --output <[format=]file>',
      'write to a file instead of standard output (.sarif, .json, .xml, .md, .html name the format); with several formats: FORMAT=FILE, repeatable; - is standard output',
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
    .option('--allow-empty', 'exit 0 when nothing is scanned (no template found); by default that is an error, exit code 2')
    .option('--follow-symlinks', 'follow symbolic links that lead out of the scanned folders (by default they are skipped)')
    .action((paths: string[], options: ScanOptions, command: Command) => {
      // Defaults stay out, so that values from the configuration file can fill them in (and --format from the
      // --output file's extension).
      exitCode = scan(paths, commandLineOnly(options, command), io, version());
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
    .option('--allow-empty', 'exit 0 when nothing is scanned (no template found); by default that is an error, exit code 2')
    .option('--follow-symlinks', 'follow symbolic links that lead out of the scanned folders (by default they are skipped)')
    .action(
      (paths: string[], options: Omit<ScanOptions, 'output'> & { format: 'html' | 'markdown'; output?: string }, command: Command) => {
        // Without --format, a .md --output is Markdown; any other name is HTML (and a contradiction fails as in scan).
        const given = command.getOptionValueSource('format') !== 'default';
        const format =
          given || options.output === undefined ? options.format : formatOfFile(options.output) === 'markdown' ? 'markdown' : 'html';
        const output = options.output ?? REPORT_FILES[format];
        // The configuration fills in what the command line leaves out, except --fail-on: a report fails a build
        // only when asked to on its own command line.
        exitCode = scan(
          paths,
          { ...commandLineOnly(options, command), format, failOn: options.failOn ?? 'none', output: [output] },
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
  guardOptions(program, io);

  // `--version --verbose`: the version, and the dates and sources of the data the rules judge with.
  if (argv.length === 2 && argv.includes('--verbose') && (argv.includes('--version') || argv.includes('-v'))) {
    io.stdout(verboseVersion());
    return EXIT.ok;
  }
  try {
    // Bare `stackwarden` is `stackwarden scan` with its defaults, as eslint and tsc run their main job: in CI,
    // `npx stackwarden` gates, and where there is nothing to scan it fails (NOTHING_SCANNED, exit code 2).
    await program.parseAsync(argv.length === 0 ? ['scan'] : [...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // --help and --version end here too, with exit code 0; usage errors have printed their message.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    io.stderr(`stackwarden: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  }
}

/**
 * Every command, the added ones too: errors go through the Io and end in a CommanderError (exit code 2, never
 * commander's process.exit(1)), and an unknown option that another command has says so: "--region is an option of
 * `audit`, not `scan`". Commander's own "(Did you mean --fail-on?)" stays for near misses.
 */
function guardOptions(program: Command, io: Io): void {
  const all: Command[] = [];
  const visit = (command: Command) => {
    all.push(command);
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
  const flagsOf = (command: Command) => command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
  for (const command of all) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).showHelpAfterError(HELP_HINT);
    // unknownOption is commander's (documented as private, stable since v2): the one place every unknown flag goes.
    const hook = command as unknown as { unknownOption: (flag: string) => void };
    const original = hook.unknownOption.bind(command);
    hook.unknownOption = (flag: string) => {
      const name = flag.includes('=') ? flag.slice(0, flag.indexOf('=')) : flag;
      const owners = all.filter((c) => c !== command && c !== program && flagsOf(c).includes(name)).map((c) => `\`${commandPath(c)}\``);
      if (owners.length === 0 || flagsOf(command).includes(name)) return original(flag);
      command.error(
        `error: unknown option '${flag}': ${name} is an option of ${owners.join(' and ')}, not \`${commandPath(command)}\`${command === program ? ' (give the command first)' : ''}`,
        { code: 'commander.unknownOption', exitCode: EXIT.error },
      );
    };
  }
}

/** Printed after a usage error, instead of the whole help. */
const HELP_HINT = '(add --help for the commands and options)';

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ') || 'stackwarden';
}

/** Where `stackwarden report` writes when no --output is given. */
export const REPORT_FILES = { html: 'stackwarden-report.html', markdown: 'stackwarden-report.md' } as const;

/** Commander's way to take an option more than once. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

let cachedVersion: string | undefined;
/** `stackwarden --version --verbose`: the version, Node's, and the data the rules use, with its source and date. */
export function verboseVersion(): string {
  const sam = SAM_POLICY_TEMPLATES_SOURCE;
  return [
    `stackwarden ${version()}`,
    `node ${process.version}`,
    `AWS managed policies: ${managedPolicyDataVersion()}`,
    `SAM policy templates: ${sam.repository} ${sam.path} at ${sam.commit.slice(0, 12)} (Apache-2.0)`,
    '',
  ].join('\n');
}

/** The package version, read from package.json next to dist/ (or src/ under tests). */
export function version(): string {
  cachedVersion ??= (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string })
    .version;
  return cachedVersion;
}
