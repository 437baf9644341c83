import { type Command, Option } from 'commander';
import { fix, type FixOptions } from './fix.js';
import type { Io } from './io.js';

/** Registers `stackwarden fix` on the program. */
export function registerFix(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('fix')
    .description('Fix findings in templates, format-preserving. A dry run with a diff unless --write; cdk.out is never changed.')
    .argument('[paths...]', 'templates or folders (default: ./cdk.out, else the current folder)')
    .option('--write', 'apply the changes (atomically; each file is re-parsed and re-scanned first)')
    .option('--rule <id>', 'fix only findings of this rule (repeatable)', collect)
    .option('--control <id>', 'fix only findings of this control, e.g. S3-4 (repeatable)', collect)
    .option('--override-explicit', 'also change values the template sets explicitly (a flag set to false)')
    .addOption(
      new Option('--encryption <kind>', 'default encryption to add (default: sse-s3, or sse-kms under --profile strict)').choices([
        'sse-s3',
        'sse-kms',
      ]),
    )
    .option('--kms-key <key>', 'KMS key (ARN, id or alias) for SSE-KMS; default: the AWS managed key aws/s3')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding at least this severe remains after the fixes').choices([
        'error',
        'warning',
        'note',
        'none',
      ]),
    )
    .addOption(new Option('--profile <profile>', 'how strictly the guidance is read').choices(['recommended', 'strict']))
    .option('--as-of <date>', 'date that date-based rules compare against (YYYY-MM-DD)')
    .option('-c, --config <file>', 'configuration file')
    .option('--allow-empty', 'exit 0 when no template is found; by default that is an error, exit code 2')
    .option('--follow-symlinks', 'follow symbolic links that lead out of the given folders (by default they are skipped)')
    .action((paths: string[], options: FixOptions) => exit(fix(paths, options, io)));
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
