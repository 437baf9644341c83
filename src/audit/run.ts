import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { compareFindings } from '../engine/run.js';
import type { RunResult } from '../engine/run.js';
import type { LoadError, Severity } from '../model/types.js';
import { CONTROL_IDS } from '../model/types.js';
import type { RuleOptions } from '../rules/define.js';
import { auditStacks } from './cloudformation.js';
import { Clients, type ConnectionOptions } from './clients.js';
import { AccountAudit, type LiveStack, type ProgressListener, type Service } from './context.js';
import { auditSecurityGroups } from './ec2.js';
import { auditError } from './errors.js';
import { AuditSink, type LiveResource, type Owner } from './findings.js';
import { auditIam } from './iam.js';
import { auditFunctions } from './lambda.js';
import { Limiter } from './limit.js';
import { auditAccountBlockPublicAccess, auditBuckets } from './s3.js';

/** What `stackwarden audit` is asked to do. */
export interface AuditOptions extends ConnectionOptions {
  /** Regions to audit, or `all` of the account's enabled regions (EC2 DescribeRegions). Default: the base region. */
  regions?: readonly string[] | 'all';
  /** The region of the global calls (STS, IAM, S3 Control, ListBuckets, Organizations). Default `us-east-1`. */
  baseRegion?: string;
  ruleOptions: RuleOptions;
  /** Per-rule severity, or `off` (the configuration file's `rules`). */
  severity?: Readonly<Record<string, Severity | 'off'>>;
  /** Requests in flight per service (defaults in context.ts). */
  concurrency?: Partial<Record<Service, number>>;
  /** Regions audited at once (default 4). */
  regionConcurrency?: number;
  progress?: ProgressListener;
}

/** Organization mode: the accounts to audit and how to get into each. */
export interface OrganizationOptions {
  /** The role to assume in each member account (`--org-role`), e.g. `StackWardenAudit`. */
  role: string;
  /** Accounts audited at once (default 4). */
  accountConcurrency?: number;
  externalId?: string;
}

/** The results of one account: its run result and its id. */
export interface AccountResult {
  account: string;
  result: RunResult;
  /** What `audit --against` links with the templates: the deployed stacks, and the live resources with their owners. */
  inventory: Inventory;
}

/** The deployed stacks of an account, and its buckets, roles, security groups and functions with the stack that owns each. */
export interface Inventory {
  stacks: LiveStack[];
  resources: { resource: LiveResource; owner: Owner | undefined }[];
}

const EMPTY_INVENTORY: Inventory = { stacks: [], resources: [] };

/** Audits one account (the caller's credentials, or `roleArn`'s). Never throws: failures are error entries. */
export async function auditAccount(options: AuditOptions): Promise<AccountResult> {
  const baseRegion = options.baseRegion ?? 'us-east-1';
  const clients = new Clients(options, baseRegion);
  try {
    return await auditWith(clients, options);
  } finally {
    clients.destroy();
  }
}

async function auditWith(clients: Clients, options: AuditOptions): Promise<AccountResult> {
  // Findings name the stack that owns their resource; the owner index fills as the stacks are read.
  let audit: AccountAudit | undefined;
  const sink = new AuditSink(
    (r) => audit?.ownerOf(r.type, r.physicalId),
    (rule) => options.severity?.[rule.id],
  );
  let identity: { account: string; partition: string };
  const target = accountOfRole(options.roleArn) ?? 'unknown';
  if (options.roleArn && typeof clients.credentials === 'function') {
    // Assume the role first, so that a role that cannot be assumed is reported as such, with its account.
    try {
      await clients.credentials();
    } catch (error) {
      sink.error(auditError('sts:AssumeRole', options.roleArn, error, { account: target, region: 'global' }));
      return { account: target, result: toResult(sink, 0), inventory: EMPTY_INVENTORY };
    }
  }
  try {
    const answer = await clients.sts().send(new GetCallerIdentityCommand({}));
    identity = { account: answer.Account ?? 'unknown', partition: answer.Arn?.split(':')[1] ?? 'aws' };
  } catch (error) {
    const where = options.roleArn ?? 'the caller';
    sink.error(auditError('sts:GetCallerIdentity', where, error, { account: target, region: 'global' }));
    return { account: target, result: toResult(sink, 0), inventory: EMPTY_INVENTORY };
  }
  audit = new AccountAudit(identity.account, identity.partition, clients, sink, options.ruleOptions, options.concurrency, options.progress);
  return auditRegions(audit, options, sink);
}

async function auditRegions(audit: AccountAudit, options: AuditOptions, sink: AuditSink): Promise<AccountResult> {
  const { clients } = audit;

  const regions = await regionsOf(audit, options.regions ?? [clients.baseRegion]);
  const regionLimiter = new Limiter(options.regionConcurrency ?? 4);
  let stacks = 0;
  let done = 0;
  // Stacks first: every later finding on a managed resource names its stack and logical id.
  await Promise.all(
    regions.map((region) =>
      regionLimiter.run(async () => {
        stacks += (await auditStacks(audit, region)).length;
        audit.progress({ account: audit.account, region, service: 'cloudformation', done: ++done, total: regions.length });
      }),
    ),
  );
  const accountBpa = await auditAccountBlockPublicAccess(audit);
  let regional = 0;
  await Promise.all([
    auditIam(audit).then(() => audit.progress({ account: audit.account, region: 'global', service: 'iam', done: 1, total: 1 })),
    auditBuckets(audit, new Set(regions), accountBpa),
    ...regions.map((region) =>
      regionLimiter.run(async () => {
        await Promise.all([auditSecurityGroups(audit, region), auditFunctions(audit, region)]);
        audit.progress({ account: audit.account, region, service: 'ec2, lambda', done: ++regional, total: regions.length });
      }),
    ),
  ]);
  const resources = [...sink.inventory.values()].map((resource) => ({
    resource,
    owner: audit.ownerOf(resource.type, resource.physicalId),
  }));
  return { account: audit.account, result: toResult(sink, stacks), inventory: { stacks: audit.stacks, resources } };
}

/** The regions to audit: the list given, or the account's enabled regions. */
async function regionsOf(audit: AccountAudit, wanted: readonly string[] | 'all'): Promise<string[]> {
  if (wanted !== 'all') return [...new Set(wanted)].sort();
  const answer = await audit.guarded('ec2:DescribeRegions', `arn:${audit.partition}:ec2:*:${audit.account}:region/*`, 'global', () =>
    audit.call('ec2', () =>
      audit.clients
        .region(audit.clients.baseRegion)
        .ec2()
        .send(new DescribeRegionsCommand({ AllRegions: false })),
    ),
  );
  const names = (answer?.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => !!r);
  return names.length > 0 ? names.sort() : [audit.clients.baseRegion];
}

/**
 * Audits every active account of the organization: lists them with the management or delegated-admin credentials,
 * assumes `role` in each, and audits a few accounts at once. One result per account, in account order; an account
 * that cannot be entered is an error entry of its own result.
 */
export async function auditOrganization(options: AuditOptions, org: OrganizationOptions): Promise<AccountResult[]> {
  const baseRegion = options.baseRegion ?? 'us-east-1';
  const clients = new Clients({ ...options, roleArn: undefined } as ConnectionOptions, baseRegion);
  const accounts: string[] = [];
  let partition = 'aws';
  try {
    const identity = await clients.sts().send(new GetCallerIdentityCommand({}));
    partition = identity.Arn?.split(':')[1] ?? 'aws';
    for await (const page of paginateListAccounts({ client: clients.organizations() }, {}))
      for (const a of page.Accounts ?? []) if (a.Id && (a.State ?? a.Status) === 'ACTIVE') accounts.push(a.Id);
  } catch (error) {
    const sink = new AuditSink(() => undefined);
    sink.error(auditError('organizations:ListAccounts', 'the organization', error, { account: 'unknown', region: 'global' }));
    return [{ account: 'organization', result: toResult(sink, 0), inventory: EMPTY_INVENTORY }];
  } finally {
    clients.destroy();
  }
  const limiter = new Limiter(org.accountConcurrency ?? 4);
  const results = await Promise.all(
    accounts.sort().map((account) =>
      limiter.run(() =>
        auditAccount({
          ...options,
          roleArn: `arn:${partition}:iam::${account}:role/${org.role}`,
          ...(org.externalId ? { externalId: org.externalId } : {}),
        }),
      ),
    ),
  );
  return results;
}

/** Merges per-account results into one report. */
export function mergeResults(results: readonly RunResult[]): RunResult {
  const findings = results.flatMap((r) => r.findings).sort(compareFindings);
  const errors = results.flatMap((r) => r.errors).sort(compareErrors);
  const rules = [...new Map(results.flatMap((r) => r.rules).map((r) => [r.id, r])).values()].sort((a, b) => compare(a.id, b.id));
  const byControl: Record<string, number> = Object.fromEntries(CONTROL_IDS.map((c) => [c, 0]));
  for (const f of findings) if (!f.suppressed) for (const c of f.controls) byControl[c] = (byControl[c] ?? 0) + 1;
  return {
    findings,
    errors,
    rules,
    checks: results.flatMap((r) => r.checks ?? []),
    summary: {
      files: 0,
      stacks: results.reduce((n, r) => n + r.summary.stacks, 0),
      resources: results.reduce((n, r) => n + r.summary.resources, 0),
      findings: findings.filter((f) => !f.suppressed).length,
      suppressed: findings.filter((f) => f.suppressed).length,
      byControl,
    },
  };
}

function toResult(sink: AuditSink, stacks: number): RunResult {
  const result = mergeResults([
    {
      findings: sink.findings,
      errors: sink.errors,
      rules: [...sink.rulesUsed],
      checks: sink.checks,
      summary: { files: 0, stacks, resources: sink.resources, findings: 0, suppressed: 0, byControl: {} },
    },
  ]);
  result.checks?.sort((a, b) => compare(a.file, b.file) || compare(a.ruleId, b.ruleId));
  return result;
}

function compareErrors(a: LoadError, b: LoadError): number {
  return compare(a.file, b.file) || compare(a.operation ?? '', b.operation ?? '') || compare(a.message, b.message);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function accountOfRole(arn: string | undefined): string | undefined {
  return arn ? /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
}
