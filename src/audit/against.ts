import type { LiveInput, RunOptions, StaticFinding, StaticView } from '../engine/run.js';
import type { Finding } from '../model/types.js';
import { AUDIT_DRIFT, AUDIT_UNDECLARED } from '../rules/live-only.js';
import { AuditSink, type LiveResource, type Owner } from './findings.js';
import type { AccountResult } from './run.js';

/*
 * `stackwarden audit --against cdk.out`: the account and the templates together. Deployed stacks are linked to the
 * loaded stacks by name (and region, when the stack's environment names one). Three things come out of it that
 * neither side shows alone:
 *
 * - drift: a rule that judged both a template's resource and the live resource its stack manages, with different
 *   verdicts (`audit/drift`, with the controls of the rule that drifted);
 * - live buckets, roles, security groups and functions that no loaded template declares (`audit/undeclared`);
 * - the static notes the live state settles are dropped (MFA delete, the termination protection of a plain
 *   template): the live check of the same resource is the answer.
 */

export { AUDIT_DRIFT, AUDIT_RULES, AUDIT_UNDECLARED } from '../rules/live-only.js';

/** Static findings the live check of the same resource settles: rule id → message ids (all when empty). */
const SETTLED: Readonly<Record<string, readonly string[]>> = {
  's3/mfa-delete': [],
  // A plain template cannot say; the deployed stack can. (A manifest's `false` still holds: the next deploy sets it.)
  'cfn/termination-protection': ['template'],
};

/**
 * Static findings that say what the template leaves to an AWS default, or cannot know before deployment: not a
 * verdict on the state, so no drift is judged from them (the deployed state is the default, or the known value).
 */
const UNSTATED: Readonly<Record<string, readonly string[]>> = {
  's3/block-public-access': ['missing'],
  's3/object-ownership': ['missing'],
  's3/encryption-at-rest': ['missing'],
};

/** Whether a static finding judges the state (a `note`, a default, an unknown value do not). */
function judgesState(f: StaticFinding): boolean {
  return f.severity !== 'note' && !UNSTATED[f.ruleId]?.includes(f.messageId) && !/unknown/i.test(f.messageId);
}

const KINDS: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'Bucket',
  'AWS::IAM::Role': 'Role',
  'AWS::EC2::SecurityGroup': 'Security group',
  'AWS::Lambda::Function': 'Function',
};

type Verdict = 'pass' | 'fail' | 'unknown';

/**
 * The live input of a run over these accounts: their findings, errors and checks, and with `against`, what linking
 * them to the loaded templates shows. A function of the static findings, so that the engine runs the rules once.
 */
export function liveInput(accounts: readonly AccountResult[], against: boolean): NonNullable<RunOptions['live']> {
  return (view) => {
    const parts = accounts.map((account) => accountInput(account, against ? view : undefined));
    const settles = parts.map((p) => p.settles).filter((s): s is NonNullable<LiveInput['settles']> => s !== undefined);
    return {
      findings: parts.flatMap((p) => p.findings),
      errors: parts.flatMap((p) => p.errors),
      checks: parts.flatMap((p) => p.checks),
      rules: [...new Set(parts.flatMap((p) => p.rules))],
      stacks: parts.reduce((n, p) => n + p.stacks, 0),
      resources: parts.reduce((n, p) => n + p.resources, 0),
      ...(settles.length > 0 ? { settles: (f: StaticFinding) => settles.some((s) => s(f)) } : {}),
    };
  };
}

function accountInput({ account, result, inventory }: AccountResult, view: StaticView | undefined): LiveInput {
  const base: LiveInput = {
    findings: result.findings,
    errors: result.errors,
    checks: result.checks ?? [],
    rules: result.rules,
    stacks: result.summary.stacks,
    resources: result.summary.resources,
  };
  if (!view) return base;

  // The loaded root stacks by the name they deploy under, with their region when the environment names one.
  const loaded = new Map<string, (string | null)[]>();
  for (const stack of view.stacks)
    if (!stack.nestedIn) {
      const name = stack.name ?? stackNameOfFile(stack.template.file);
      loaded.set(name, [...(loaded.get(name) ?? []), stack.env.region]);
    }
  const isLinked = (name: string, region: string | undefined) =>
    (loaded.get(name) ?? []).some((r) => r === null || region === undefined || r === region);
  const keyOf = (f: { stack: string | null; file: string }) => f.stack ?? stackNameOfFile(f.file);

  // Static verdicts per rule, stack and resource (the rules' own, before any suppression).
  const statics = new Map<string, { verdict: Verdict; findings: StaticFinding[] }>();
  const at = (rule: string, stack: string, logicalId: string | null) => `${rule}\u0000${stack}\u0000${logicalId ?? ''}`;
  for (const c of view.checks) statics.set(at(c.ruleId, keyOf(c), c.logicalId), { verdict: 'pass', findings: [] });
  for (const f of view.findings) {
    const entry = statics.get(at(f.ruleId, keyOf(f), f.logicalId));
    if (!entry) continue;
    entry.findings.push(f);
    entry.verdict = judgesState(f) ? 'fail' : entry.verdict === 'fail' ? 'fail' : 'unknown';
  }

  // Live verdicts per rule and ARN.
  const lives = new Map<string, { verdict: Verdict; findings: Finding[] }>();
  const liveAt = (rule: string, arn: string) => `${rule}\u0000${arn}`;
  const checkedOn = new Map<string, string[]>();
  for (const c of result.checks ?? []) {
    lives.set(liveAt(c.ruleId, c.file), { verdict: 'pass', findings: [] });
    checkedOn.set(c.file, [...(checkedOn.get(c.file) ?? []), c.ruleId]);
  }
  for (const f of result.findings) {
    const entry = lives.get(liveAt(f.ruleId, f.file));
    if (!entry) continue;
    entry.findings.push(f);
    entry.verdict = f.severity !== 'note' ? 'fail' : entry.verdict === 'fail' ? 'fail' : 'unknown';
  }

  // The resources to compare: the inventory with its owners, and the linked stacks themselves.
  const owners = new Map<string, Owner>();
  const subjects: { resource: LiveResource; owner: Owner }[] = [];
  for (const { resource, owner } of inventory.resources) if (owner) owners.set(resource.arn, owner);
  for (const s of inventory.stacks) if (!s.nested) owners.set(s.arn, { stack: s.name, logicalId: null, region: s.region });
  const sink = new AuditSink((r) => owners.get(r.arn));
  const settled = new Set<string>();

  for (const { resource, owner } of inventory.resources) {
    if (owner && isLinked(owner.stack, owner.region)) {
      if (owner.logicalId !== null) subjects.push({ resource, owner });
      continue;
    }
    const kind = KINDS[resource.type] ?? resource.type;
    sink.report(
      AUDIT_UNDECLARED,
      resource,
      owner
        ? {
            pointer: '',
            messageId: 'otherStack',
            data: { kind, arn: resource.arn, stack: owner.stack, region: owner.region ?? 'its region' },
          }
        : { pointer: '', messageId: 'unmanaged', data: { kind, arn: resource.arn } },
    );
  }
  for (const s of inventory.stacks)
    if (!s.nested && isLinked(s.name, s.region))
      subjects.push({
        resource: { arn: s.arn, type: 'AWS::CloudFormation::Stack', account, region: s.region, physicalId: s.arn },
        owner: { stack: s.name, logicalId: null, region: s.region },
      });

  for (const { resource, owner } of subjects) {
    for (const rule of checkedOn.get(resource.arn) ?? []) {
      if (rule.startsWith('audit/')) continue;
      const key = at(rule, owner.stack, owner.logicalId);
      if (rule in SETTLED) settled.add(key);
      const template = statics.get(key);
      const deployed = lives.get(liveAt(rule, resource.arn));
      if (!template || !deployed || template.verdict === 'unknown' || deployed.verdict === 'unknown') continue;
      if (template.verdict === deployed.verdict) continue;
      const ruleModule = result.rules.find((r) => r.id === rule);
      const what =
        owner.logicalId === null
          ? `Stack '${owner.stack}'`
          : `${KINDS[resource.type] ?? 'Resource'} '${owner.logicalId}' (${resource.arn})`;
      const controls = ruleModule?.controls ?? [];
      if (deployed.verdict === 'fail') {
        const first = deployed.findings.find((f) => f.severity !== 'note')!;
        sink.report(AUDIT_DRIFT, resource, {
          pointer: first.pointer,
          messageId: 'liveFails',
          data: { what, rule, stack: owner.stack, live: first.message },
          detail: [`Rule::${rule}`],
          controls,
        });
      } else {
        const first = template.findings.find(judgesState)!;
        sink.report(AUDIT_DRIFT, resource, {
          pointer: '',
          messageId: 'templateFails',
          data: { what, rule, stack: owner.stack, template: first.message },
          detail: [`Rule::${rule}`],
          controls,
        });
      }
    }
  }

  return {
    ...base,
    findings: [...base.findings, ...sink.findings],
    checks: [...base.checks, ...sink.checks],
    rules: [...base.rules, ...sink.rulesUsed],
    settles: (f) => {
      const messages = SETTLED[f.ruleId];
      if (!messages || (messages.length > 0 && !messages.includes(f.messageId))) return false;
      return settled.has(at(f.ruleId, keyOf(f), f.logicalId));
    },
  };
}

/**
 * The stack a plain template deploys as, by its file name: `AppStack.template.json`, `AppStack.yaml` → `AppStack`.
 * (An assembly's stacks have their names from manifest.json.)
 */
export function stackNameOfFile(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/(\.template)?\.(json|ya?ml)$/i, '').replace(/\.template$/i, '');
}
