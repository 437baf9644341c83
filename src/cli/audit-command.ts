import { Command, Option } from 'commander';
import type { AuditCliOptions } from './audit.js';

/** The `audit` command's options and help; `action` runs it. */
export function auditCommand(formats: string, action: (options: AuditCliOptions) => Promise<void>): Command {
  return new Command('audit')
    .description(
      'Audit a live AWS account, read-only, for what no template can show: MFA delete, stack termination protection, ' +
        'account-level Block Public Access, and buckets, roles, security groups and functions as they are deployed. ' +
        'Same controls, rule ids and report formats as scan. See docs/audit.md; the IAM policy it needs is docs/audit-policy.json.',
    )
    .option(
      '--region <region>',
      'region to audit, repeatable; "all" is every region enabled for the account (default: AWS_REGION, else us-east-1)',
      collect,
    )
    .option(
      '--aws-profile <name>',
      'AWS shared-config profile (SSO profiles included) for the credentials; AWS_PROFILE works too. Not --profile, which is the rule profile',
    )
    .option('--role-arn <arn>', 'assume this role (in another account) and audit its account')
    .option('--external-id <id>', 'external id for --role-arn or --org-role, when the trust policy asks for one')
    .option(
      '--org',
      'audit every active account of the AWS Organization (management or delegated-admin credentials), assuming --org-role in each',
    )
    .option('--org-role <name>', 'with --org: the name of the read-only audit role in each member account')
    .option('--endpoint-url <url>', 'send every AWS request to this endpoint (a proxy or a local emulator)')
    .option(
      '--against <path>',
      'templates, folders or a cdk.out assembly (repeatable) to link the deployed stacks to by name: adds their static findings, ' +
        'drift (audit/drift) and live resources no template declares (audit/undeclared)',
      collect,
    )
    .option(
      '--suppressions <file>',
      'central suppressions file, as scan reads it (default: from the configuration, else stackwarden.suppressions.json/.yaml)',
    )
    .option('--baseline <file>', 'fail only on findings whose fingerprints are not in this baseline file')
    .option('--write-baseline <file>', "write a baseline of this run's unsuppressed findings to this file")
    .option(
      '-f, --format <formats>',
      `output format, or a comma-separated list: ${formats} (default: from the --output file's extension, else text)`,
    )
    .option(
      '-o, --output <[format=]file>',
      'write to a file instead of standard output; with several formats: FORMAT=FILE, repeatable',
      collect,
    )
    .option(
      '--output-dir <dir>',
      'write each format without an --output to DIR/stackwarden.<ext>; with --org, one DIR/<account>.<ext> per account',
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at least this severe').choices([
        'error',
        'warning',
        'note',
        'none',
      ]),
    )
    .option('-q, --quiet', 'report only findings at or above --fail-on, and no progress')
    .addOption(new Option('--profile <profile>', 'how strictly the guidance is read (the rule profile)').choices(['recommended', 'strict']))
    .option('--as-of <date>', 'date that date-based rules compare against (YYYY-MM-DD)')
    .option('-c, --config <file>', 'configuration file (severity overrides, allowed ports, profile)')
    .addHelpText(
      'after',
      '\nCredentials come from the standard AWS chain: environment, shared config and SSO profiles, container and instance roles.\n' +
        'Only read calls are made. An AccessDenied on one bucket or region is reported as an error entry (exit code 2) and the rest is still audited.\n' +
        'Progress goes to standard error on a terminal, never in CI or with --quiet.',
    )
    .action(async (options: AuditCliOptions) => {
      await action(options);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
