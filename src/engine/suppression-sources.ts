import { Buffer } from 'node:buffer';
import type { Resource, Stack } from '../graph/values.js';
import type { SourceDocument } from '../load/document.js';
import { escapeToken } from '../load/pointer.js';
import type { ControlId } from '../model/types.js';
import { CONTROL_IDS } from '../model/types.js';
import type { RuleModule } from '../rules/define.js';
import type { DetailPattern, Names, Scope, Suppression, SuppressionSource } from './suppress.js';
import { asObject } from '../model/json.js';

/**
 * Reads every suppression source into the one model of engine/suppress.ts:
 *
 * | source | where | id | reason |
 * |---|---|---|---|
 * | stackwarden | `Metadata.stackwarden.suppress[]` of a resource or of the template | rule id or control id | `reason` |
 * | cdk-nag | `Metadata.cdk_nag.rules_to_suppress[]` of a resource or of the template | `peers.cdkNag` | `reason` (`is_reason_encoded`: base64) |
 * | cfn-nag | `Metadata.cfn_nag.rules_to_suppress[]` of a resource | `peers.cfnNag` | `reason` |
 * | checkov | `Metadata.checkov.skip[]` of a resource | `peers.checkov` | `comment` |
 * | cdk-acknowledgement | `aws:cdk:acknowledged-rules` entries of the assembly | `<Namespace>::<rule id or cdkNag id>` | the recorded reason |
 * | suppressions-file | the central file's `suppressions[]` | `rule`: rule id or control id | `reason` |
 *
 * Entries of StackWarden's own formats are always judged; entries of other tools only when their id names a
 * StackWarden rule (a cdk-nag suppression of a rule StackWarden does not have is not ours to report).
 */
export function collectSuppressions(
  stacks: readonly Stack[],
  rules: readonly RuleModule[],
  files: readonly SourceDocument[],
): Suppression[] {
  const ids = new IdIndex(rules);
  const out: Suppression[] = [];
  for (const stack of stacks) {
    const template = asObject(stack.template.value) ?? {};
    const base = { stack, resource: null, document: stack.template };
    readMetadata(out, ids, asObject(template['Metadata']), { ...base, pointer: '/Metadata', scope: { kind: 'stack', stack } }, [
      'stackwarden',
      'cdk-nag',
    ]);
    for (const resource of stack.resources) {
      const metadata = asObject(asObject(resource.node.value)?.['Metadata']);
      // Most resources have no metadata, or only the CDK's path: nothing to read, nothing to allocate.
      if (!metadata || !hasSuppressionKey(metadata)) continue;
      const scope: Scope = { kind: 'resource', stack, logicalId: resource.logicalId };
      readMetadata(out, ids, metadata, { ...base, resource, pointer: `${resource.node.pointer}/Metadata`, scope }, [
        'stackwarden',
        'cdk-nag',
        'cfn-nag',
        'checkov',
      ]);
    }
    for (const ack of stack.acknowledgements ?? []) {
      const separator = ack.id.indexOf('::');
      const namespace = separator < 0 ? '' : ack.id.slice(0, separator);
      const ruleId = separator < 0 ? ack.id : ack.id.slice(separator + 2);
      const names = union(ids.own(ruleId), ids.peer('cdk-nag', ruleId));
      // Ids of other plugins that name nothing StackWarden knows are not ours; ids in our namespace are.
      if (!names && namespace.toLowerCase() !== 'stackwarden') continue;
      const problems = [...(names ? [] : [`'${ruleId}' names no StackWarden rule or control`]), ...reasonProblems(ack.reason)];
      out.push({
        source: 'cdk-acknowledgement',
        id: ack.id,
        names: names ?? NONE,
        reason: typeof ack.reason === 'string' ? ack.reason : '',
        appliesTo: null,
        expires: null,
        scope: { kind: 'construct', stack, path: ack.constructPath },
        at: ack.at,
        stack,
        resource: null,
        problems,
      });
    }
  }
  for (const file of files) readFile(out, ids, file);
  return out;
}

/** Which StackWarden rules an id of each format names. */
class IdIndex {
  readonly #ruleIds: ReadonlySet<string>;
  readonly #peers = new Map<string, Set<string>>();
  /** `format\0id` of the peer ids some rule declares it covers (`peerCovers`). */
  readonly #covered = new Set<string>();

  constructor(rules: readonly RuleModule[]) {
    this.#ruleIds = new Set(rules.map((r) => r.id));
    for (const rule of rules)
      for (const [format, list] of [
        ['cdk-nag', rule.peers?.cdkNag],
        ['cfn-nag', rule.peers?.cfnNag],
        ['checkov', rule.peers?.checkov],
      ] as const)
        for (const id of list ?? []) {
          const key = `${format}\u0000${id}`;
          this.#peers.set(key, new Set([...(this.#peers.get(key) ?? []), rule.id]));
          if (rule.peerCovers?.includes(id)) this.#covered.add(key);
        }
  }

  /** StackWarden's formats: a rule id, or a control id for every rule of that control. */
  own(id: string): Names | undefined {
    if (this.#ruleIds.has(id)) return { rules: new Set([id]), controls: new Set() };
    if ((CONTROL_IDS as readonly string[]).includes(id)) return { rules: new Set(), controls: new Set([id as ControlId]) };
    return undefined;
  }

  /** Whether a rule that an id of another tool maps to raises every finding that tool's check raises. */
  covers(format: 'cdk-nag' | 'cfn-nag' | 'checkov', id: string): boolean {
    return this.#covered.has(`${format}\u0000${id}`);
  }

  /** Another tool's id, through the rules' `peers`. */
  peer(format: 'cdk-nag' | 'cfn-nag' | 'checkov', id: string): Names | undefined {
    const rules = this.#peers.get(`${format}\u0000${id}`);
    return rules ? { rules, controls: new Set() } : undefined;
  }
}

const NONE: Names = { rules: new Set(), controls: new Set() };

interface Where {
  document: SourceDocument;
  pointer: string;
  scope: Scope;
  stack: Stack | null;
  resource: Resource | null;
}

type MetadataSource = 'stackwarden' | 'cdk-nag' | 'cfn-nag' | 'checkov';

/** Metadata key and list key of each format, and the keys its entries use. */
const FORMATS: Readonly<Record<MetadataSource, { key: string; list: string; reason: string; appliesTo?: string; own: boolean }>> = {
  stackwarden: { key: 'stackwarden', list: 'suppress', reason: 'reason', appliesTo: 'appliesTo', own: true },
  'cdk-nag': { key: 'cdk_nag', list: 'rules_to_suppress', reason: 'reason', appliesTo: 'applies_to', own: false },
  'cfn-nag': { key: 'cfn_nag', list: 'rules_to_suppress', reason: 'reason', own: false },
  checkov: { key: 'checkov', list: 'skip', reason: 'comment', own: false },
};

const OWN_METADATA_KEYS = new Set(['id', 'reason', 'appliesTo', 'expires']);

function readMetadata(
  out: Suppression[],
  ids: IdIndex,
  metadata: Record<string, unknown> | undefined,
  where: Where,
  sources: readonly MetadataSource[],
): void {
  if (!metadata) return;
  for (const source of sources) {
    const format = FORMATS[source];
    const section = metadata[format.key];
    if (section === undefined) continue;
    const sectionPointer = `${where.pointer}/${escapeToken(format.key)}`;
    const list = asObject(section)?.[format.list];
    if (!Array.isArray(list)) {
      // A malformed section of another tool is that tool's business; our own format must be right.
      if (format.own)
        out.push(
          invalid(source, '(metadata)', { ...where, pointer: sectionPointer }, `expected '${format.key}: { ${format.list}: [ … ] }'`),
        );
      continue;
    }
    list.forEach((raw, i) => {
      const at = { ...where, pointer: `${sectionPointer}/${escapeToken(format.list)}/${i}` };
      const entry = asObject(raw);
      const rawId = entry?.['id'];
      if (!entry || typeof rawId !== 'string') {
        if (format.own)
          out.push(invalid(source, '(no id)', at, 'an entry needs an id (a rule id such as s3/versioning, or a control id such as S3-5)'));
        return;
      }
      // cdk-nag refuses `AwsSolutions-IAM5[Action::s3:*]`: the granular part belongs in applies_to.
      const bracket = source === 'cdk-nag' ? /^([^[]*)\[.*\]$/.exec(rawId) : null;
      const id = bracket?.[1] ?? rawId;
      const names = source === 'stackwarden' ? ids.own(id) : ids.peer(source, id);
      if (!names && !format.own) return;
      const problems: string[] = [];
      if (!names) problems.push(`'${id}' names no StackWarden rule or control`);
      if (bracket) problems.push(`the id contains a finding: put '${rawId.slice(id.length + 1, -1)}' in applies_to instead`);
      if (format.own) for (const key of Object.keys(entry)) if (!OWN_METADATA_KEYS.has(key)) problems.push(`unknown key '${key}'`);
      const reason = decodeReason(entry[format.reason], source === 'cdk-nag' && entry['is_reason_encoded'] === true);
      problems.push(...reasonProblems(reason, format.reason));
      const appliesTo = format.appliesTo ? parsePatterns(entry[format.appliesTo], format.appliesTo, problems) : null;
      const expires = format.own ? parseExpires(entry['expires'], problems) : null;
      out.push({
        source,
        id: rawId,
        names: names ?? NONE,
        reason: typeof reason === 'string' ? reason : '',
        appliesTo,
        expires,
        // cfn-nag's checks are mostly related to StackWarden's, not the same: its suppression may be needed by
        // cfn-nag where StackWarden rightly finds nothing. Judge it unused only where a rule covers the check.
        ...(source === 'cfn-nag' && !ids.covers(source, id) ? { reportUnused: false as const } : {}),
        scope: where.scope,
        at,
        stack: where.stack,
        resource: where.resource,
        problems,
      });
    });
  }
}

const FILE_ENTRY_KEYS = new Set(['rule', 'stack', 'resource', 'file', 'reason', 'expires', 'appliesTo']);

/**
 * The central file: `{ "suppressions": [{ "rule", "reason", "stack"?, "resource"?, "file"?, "expires"?, "appliesTo"? }] }`.
 * `stack`, `resource` and `file` are globs; see docs/suppressions.md.
 */
function readFile(out: Suppression[], ids: IdIndex, document: SourceDocument): void {
  const where = (pointer: string): Where => ({ document, pointer, scope: { kind: 'select' }, stack: null, resource: null });
  const root = asObject(document.value);
  const list = root?.['suppressions'];
  if (!root || !Array.isArray(list)) {
    out.push(invalid('suppressions-file', '(file)', where(''), 'expected \'{ "suppressions": [ … ] }\''));
    return;
  }
  for (const key of Object.keys(root))
    if (key !== 'suppressions' && key !== '$schema')
      out.push(invalid('suppressions-file', '(file)', where(`/${escapeToken(key)}`), `unknown key '${key}'`));
  list.forEach((raw, i) => {
    const at = where(`/suppressions/${i}`);
    const entry = asObject(raw);
    const rule = entry?.['rule'];
    if (!entry || typeof rule !== 'string') {
      out.push(
        invalid(
          'suppressions-file',
          '(no rule)',
          at,
          'an entry needs a rule (a rule id such as s3/versioning, or a control id such as S3-5)',
        ),
      );
      return;
    }
    const names = ids.own(rule);
    const problems: string[] = names ? [] : [`'${rule}' names no StackWarden rule or control`];
    for (const key of Object.keys(entry)) if (!FILE_ENTRY_KEYS.has(key)) problems.push(`unknown key '${key}'`);
    problems.push(...reasonProblems(entry['reason']));
    const scope: Extract<Scope, { kind: 'select' }> = { kind: 'select' };
    for (const key of ['stack', 'resource', 'file'] as const) {
      const value = entry[key];
      if (value === undefined) continue;
      if (typeof value === 'string' && value !== '') scope[key] = value;
      else problems.push(`'${key}' must be a non-empty glob`);
    }
    out.push({
      source: 'suppressions-file',
      id: rule,
      names: names ?? NONE,
      reason: typeof entry['reason'] === 'string' ? entry['reason'] : '',
      appliesTo: parsePatterns(entry['appliesTo'], 'appliesTo', problems),
      expires: parseExpires(entry['expires'], problems),
      scope,
      at: at,
      stack: null,
      resource: null,
      problems,
    });
  });
}

/** The shortest reason accepted, as cdk-nag requires. */
const MIN_REASON_LENGTH = 10;

function reasonProblems(reason: unknown, key = 'reason'): string[] {
  if (reason === undefined || reason === null || reason === '')
    return [`it has no ${key} (one of at least ${MIN_REASON_LENGTH} characters is required)`];
  if (typeof reason !== 'string') return [`its ${key} must be text`];
  if (reason.trim().length < MIN_REASON_LENGTH) return [`its ${key} '${reason.trim()}' is shorter than ${MIN_REASON_LENGTH} characters`];
  return [];
}

/** cdk-nag base64-encodes reasons with characters beyond Latin-1 and sets `is_reason_encoded`. */
function decodeReason(reason: unknown, encoded: boolean): unknown {
  return encoded && typeof reason === 'string' ? Buffer.from(reason, 'base64').toString('utf8') : reason;
}

/**
 * `appliesTo` entries: a string matches a detail entry exactly (`Resource::*` is the literal `*`, not a glob);
 * `{ regex: '/^Action::s3:.*$/' }` is a regular expression, written as cdk-nag writes it (`/pattern/flags`).
 */
function parsePatterns(value: unknown, key: string, problems: string[]): DetailPattern[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`'${key}' must be a non-empty list`);
    return null;
  }
  const patterns: DetailPattern[] = [];
  for (const item of value) {
    const regex = asObject(item)?.['regex'];
    if (typeof item === 'string') patterns.push({ exact: item });
    else if (typeof regex === 'string') {
      const slashed = /^\/(.*)\/([a-z]*)$/s.exec(regex);
      try {
        // `g` and `y` make RegExp.test stateful between calls; a pattern list must not be.
        patterns.push({ regex: new RegExp(slashed ? slashed[1]! : regex, (slashed?.[2] ?? '').replace(/[gy]/g, '')) });
      } catch {
        problems.push(`'${regex}' in '${key}' is not a valid regular expression`);
      }
    } else problems.push(`'${key}' entries must be strings or { regex: '/…/' }`);
  }
  return patterns;
}

function parseExpires(value: unknown, problems: string[]): string | null {
  if (value === undefined) return null;
  // The YAML loader keeps an unquoted 2026-06-30 as text (YAML 1.2 core schema), so a date is always a string here.
  const text = value;
  if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)) {
    // Date rolls 2026-02-30 over into March, and rejects month 13: only a real calendar day survives the round trip.
    const day = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(day.getTime()) && day.toISOString().startsWith(text)) return text;
  }
  problems.push(`'expires' must be a date like 2026-06-30, not ${JSON.stringify(value)}`);
  return null;
}

function invalid(source: SuppressionSource, id: string, where: Where, problem: string): Suppression {
  return {
    source,
    id,
    names: NONE,
    reason: '',
    appliesTo: null,
    expires: null,
    scope: where.scope,
    at: { document: where.document, pointer: where.pointer },
    stack: where.stack,
    resource: where.resource,
    problems: [problem],
  };
}

function union(a: Names | undefined, b: Names | undefined): Names | undefined {
  if (!a || !b) return a ?? b;
  return { rules: new Set([...a.rules, ...b.rules]), controls: new Set([...a.controls, ...b.controls]) };
}

/** Whether a Metadata block has a key that any suppression format uses. */
function hasSuppressionKey(metadata: Record<string, unknown>): boolean {
  return Object.values(FORMATS).some((format) => format.key in metadata);
}
