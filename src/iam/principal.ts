import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource, Stack } from '../graph/query.js';
import { alternatives, branchWithout, matchableText, renderText } from '../graph/query.js';
import type { ConditionEntry, PrincipalEntry, Statement } from './policy.js';
import { isEveryone } from './policy.js';

/**
 * Condition keys that limit who can use a grant made to everyone, when tested with a positive operator against
 * a fixed value: the caller's organization, account or ARN, the calling service's source resource or account,
 * the network the request comes from. Three service keys do the same: `kms:CallerAccount` (the default
 * "through AWS services for this account" key policy statement) and S3's access-point delegation keys.
 */
export const RESTRICTING_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceIp',
  'aws:userid',
  'kms:CallerAccount',
  's3:DataAccessPointAccount',
  's3:DataAccessPointArn',
];

/** Keys that people use to "protect" a public grant but that do not limit who the caller is, and why. */
const NOT_RESTRICTING: Readonly<Record<string, string>> = {
  'aws:referer':
    'the caller writes the Referer header itself, so anyone can send the expected value; AWS documents aws:Referer as unfit to block direct requests',
  'aws:useragent': 'the caller writes the User-Agent header itself',
  'aws:securetransport': 'it requires TLS but says nothing about who the caller is',
  'aws:currenttime': 'it limits when, not who',
  'aws:epochtime': 'it limits when, not who',
};

/** Operators whose `*` and `?` are wildcards. `StringEquals` compares literally: its `*` is the text "*". */
const PATTERN_OPERATORS = new Set(['stringlike', 'arnlike', 'arnequals']);
const POSITIVE_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

/** Whether one condition entry limits who can use a grant, and if not, why not. */
export function restrictionOf(entry: ConditionEntry): { restricts: true } | { restricts: false; reason: string } {
  const key = entry.key.toLowerCase();
  if (!RESTRICTING_KEYS.some((k) => k.toLowerCase() === key))
    return { restricts: false, reason: NOT_RESTRICTING[key] ?? 'it does not limit who the caller is' };
  const operator = entry.operator.toLowerCase();
  if (operator.startsWith('forallvalues:')) return { restricts: false, reason: 'ForAllValues is also true when the request carries no value for the key' };
  if (operator.endsWith('ifexists')) return { restricts: false, reason: `${entry.operator} is true when the request has no ${entry.key}, as direct calls by a principal do not` };
  const base = operator.replace(/^foranyvalue:/, '');
  if (!POSITIVE_OPERATORS.has(base)) return { restricts: false, reason: `${entry.operator} does not name who may call` };
  if (entry.values.length === 0) return { restricts: false, reason: 'it lists no value' };
  for (const { value } of entry.values) {
    for (const alt of alternatives(value)) {
      const open = openValue(key, base, alt.value);
      if (open) return { restricts: false, reason: open };
    }
  }
  return { restricts: true };
}

/** Why a condition value matches anyone, or undefined when it is a fixed value. Holes are fixed at deployment. */
function openValue(key: string, operator: string, value: Resolved): string | undefined {
  const text = matchableText(value);
  if (text === undefined) return undefined;
  if (key === 'aws:sourceip' && /^(0\.0\.0\.0|::)\/0$/.test(text)) return `${renderText(value)} is every address`;
  if (!PATTERN_OPERATORS.has(operator)) return undefined;
  const wildcardOnly = (s: string | undefined) => s === undefined || s === '' || /^[*?]+$/.test(s);
  const arn = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):(.*)$/s.exec(text);
  const open = arn ? wildcardOnly(arn[1]) && wildcardOnly(arn[2]) : wildcardOnly(text);
  return open ? `'${renderText(value)}' under ${operator === 'stringlike' ? 'StringLike' : 'an ARN operator'} matches any value` : undefined;
}

/** A statement that grants to everyone, and whether its conditions limit that. */
export interface PublicExposure {
  /** `Principal` with a wildcard entry, or an Allow with `NotPrincipal` (everyone but the listed ones). */
  via: 'Principal' | 'NotPrincipal';
  /** The wildcard principal entries (empty for `NotPrincipal`). */
  everyone: PrincipalEntry[];
  /** Conditions that limit the callers: the statement is not public when there is one. */
  restrictedBy: ConditionEntry[];
  /** Conditions present that do not limit the callers, with the reason (aws:Referer, aws:SecureTransport …). */
  ignored: { entry: ConditionEntry; reason: string }[];
  /** True when no condition limits who can use the grant. */
  public: boolean;
}

/** Whether an Allow statement of a resource policy grants to everyone, judged with its conditions; null when it does not. */
export function exposureOf(statement: Statement): PublicExposure | null {
  if (statement.effect !== 'Allow') return null;
  const everyone = (statement.principals ?? []).filter(isEveryone);
  const via = everyone.length > 0 ? 'Principal' : statement.notPrincipals ? 'NotPrincipal' : null;
  if (!via) return null;
  const restrictedBy: ConditionEntry[] = [];
  const ignored: { entry: ConditionEntry; reason: string }[] = [];
  for (const entry of statement.conditions) {
    const verdict = restrictionOf(entry);
    if (verdict.restricts) restrictedBy.push(entry);
    else ignored.push({ entry, reason: verdict.reason });
  }
  return { via, everyone, restrictedBy, ignored, public: restrictedBy.length === 0 };
}

/** `aws:Referer (reason); aws:SecureTransport (reason)`: for messages. */
export function describeIgnored(ignored: readonly { entry: ConditionEntry; reason: string }[]): string {
  return ignored.map((i) => `${i.entry.key} (${i.reason})`).join('; ');
}

/** What an `AWS::Lambda::Permission` opens its function to. */
export type PermissionExposure = { when: Branch[] } & (
  | { kind: 'restricted' | 'account' }
  /** `Principal: "*"` with no SourceArn, SourceAccount or PrincipalOrgID. */
  | { kind: 'public'; at: Resolved }
  /** A service principal (`s3.amazonaws.com`) with no SourceArn or SourceAccount: any account's resource of that service can invoke. */
  | { kind: 'anySource'; at: Resolved; service: string }
);

/**
 * Judges a Lambda permission. `SourceArn`, `SourceAccount` and `PrincipalOrgID` restrict it when they hold a
 * fixed value; a wildcard-only `SourceArn` (`arn:aws:s3:::*`) does not.
 */
export function permissionExposure(graph: Graph, permission: Resource): PermissionExposure[] {
  const fixed = (property: string) =>
    alternatives(graph.get(permission, 'Properties', property)).every(({ value }) => {
      if (value.kind === 'absent') return false;
      const text = matchableText(value);
      const arn = text === undefined ? undefined : /^arn:[^:]*:[^:]*:[^:]*:([^:]*):(.*)$/s.exec(text);
      return text === undefined || !(arn ? /^[*?]*$/.test(arn[1]!) && /^[*?]*$/.test(arn[2]!) : /^[*?]*$/.test(text));
    });
  const out: PermissionExposure[] = [];
  for (const { value, when } of alternatives(graph.get(permission, 'Properties', 'Principal'))) {
    const text = matchableText(value);
    if (text === undefined) continue;
    if (text === '*') out.push(fixed('SourceArn') || fixed('SourceAccount') || fixed('PrincipalOrgID') ? { kind: 'restricted', when } : { kind: 'public', at: value, when });
    else if (/\.amazonaws\.com(\.cn)?$/.test(text)) out.push(fixed('SourceArn') || fixed('SourceAccount') ? { kind: 'restricted', when } : { kind: 'anySource', at: value, service: text, when });
    else out.push({ kind: 'account', when });
  }
  return out;
}

/** True for the account's own root (`arn:…:iam::<this account>:root` or the account id): a grant that delegates to IAM policies. */
export function isOwnAccount(entry: PrincipalEntry, stack: Stack): boolean {
  if (entry.type !== 'AWS') return false;
  // Holes become one character without a colon: \u0001 for the account's own id, \u0000 for anything else.
  const text = renderText(entry.value.value, (hole) => (hole.kind === 'pseudo' && hole.name === 'AWS::AccountId' ? '\u0001' : '\u0000'));
  if (text === undefined) return false;
  const root = /^arn:[^:]*:iam::([^:]+):root$/.exec(text);
  const id = root ? root[1]! : text;
  return id === '\u0001' || (stack.env.account !== null && id === stack.env.account);
}
/**
 * Global condition keys that, given a fixed value under a positive operator, limit a wildcard principal to a known
 * set of callers: an organization, an account, a principal, a calling resource or a network. These are the keys of
 * S3's "meaning of public" (aws:SourceArn, SourceVpc, SourceVpce, SourceOwner, SourceAccount, userid, SourceIp) and
 * the data-perimeter keys (PrincipalOrgID and friends). Keys are compared case-insensitively, as IAM does.
 */
const S3_RESTRICTING_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
  ].map((k) => k.toLowerCase()),
);

/** Keys that are often mistaken for restrictions, and why they are not. */
const DECEPTIVE_KEYS: Readonly<Record<string, string>> = {
  'aws:referer': 'aws:Referer is an HTTP header that any client can set',
  'aws:useragent': 'aws:UserAgent is an HTTP header that any client can set',
  'aws:securetransport': 'aws:SecureTransport only requires TLS; anyone can use TLS',
  'aws:principaltype': 'aws:PrincipalType names a kind of caller, not a known caller',
};

/** Keys whose values are ARNs: a wildcard after a fixed account segment still pins the account. */
const ARN_KEYS: ReadonlySet<string> = new Set(['aws:principalarn', 'aws:sourcearn']);

/** How one condition test bears on a wildcard principal. */
export interface ConditionVerdict {
  entry: ConditionEntry;
  /** True when the test limits the statement to a known set of callers. */
  restricts: boolean;
  /** Why it does or does not, for messages ("aws:Referer is an HTTP header that any client can set"). */
  reason: string;
}

/** How a statement reaches everyone, and whether its conditions take that back. */
export interface PublicAccess {
  /** `Principal` with `*` (or `{"AWS": "*"}`), or `NotPrincipal` (everyone except the listed principals). */
  via: 'Principal' | 'NotPrincipal';
  principals: PrincipalEntry[];
  /** Every condition test of the statement, judged. */
  verdicts: ConditionVerdict[];
  /**
   * The branches under which the statement is open to everyone (empty: always), or null when restricting
   * conditions apply in every branch where the statement and its wildcard principal exist.
   */
  when: Branch[] | null;
}

/**
 * Whether a statement's principal is everyone once its conditions are taken into account. Null when the statement
 * names no wildcard principal and no `NotPrincipal`. The effect is not looked at: an `Allow` that is public grants
 * to everyone, a `Deny` that is public denies everyone; callers decide which they care about. `NotPrincipal` counts
 * as everyone (except the listed principals), which is what it means with `Allow`.
 */
export function publicAccessOf(statement: Statement): PublicAccess | null {
  const everyone = (statement.principals ?? []).filter(isEveryone);
  const via = everyone.length > 0 ? 'Principal' : statement.notPrincipals && statement.notPrincipals.length > 0 ? 'NotPrincipal' : null;
  if (via === null) return null;
  const principals = via === 'Principal' ? everyone : statement.notPrincipals!;
  const verdicts = statement.conditions.map(judgeCondition);
  const restricting = verdicts.filter((v) => v.restricts).map((v) => v.entry.when);
  let when: Branch[] | null = null;
  for (const principal of principals) {
    const given = [...statement.when, ...principal.value.when];
    const open = branchWithout(restricting, given);
    if (open !== null) {
      when = dedupe([...given, ...open]);
      break;
    }
  }
  return { via, principals, verdicts, when };
}

/** Judges one condition test: does it limit a wildcard principal to a known set of callers? */
export function judgeCondition(entry: ConditionEntry): ConditionVerdict {
  const key = entry.key.toLowerCase();
  const verdict = (restricts: boolean, reason: string): ConditionVerdict => ({ entry, restricts, reason });
  if (!S3_RESTRICTING_KEYS.has(key)) return verdict(false, DECEPTIVE_KEYS[key] ?? `${entry.key} does not limit who can make the request`);
  const operator = entry.operator;
  // `…IfExists` and `ForAllValues:` pass when the key is missing from the request, as the principal keys are for
  // anonymous callers; negated operators and `Null` match everyone but a few.
  if (/IfExists$/i.test(operator)) return verdict(false, `${operator} on ${entry.key} also passes when the request has no ${entry.key}`);
  if (/^ForAllValues:/i.test(operator)) return verdict(false, `${operator} on ${entry.key} also passes when the request has no ${entry.key}`);
  const base = operator.replace(/^ForAnyValue:/i, '');
  const positive = key === 'aws:sourceip' ? /^IpAddress$/i : /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;
  if (!positive.test(base)) return verdict(false, `${operator} on ${entry.key} does not pin it to fixed values`);
  if (entry.values.length === 0) return verdict(false, `${entry.key} lists no values`);
  const like = /Like$/i.test(base);
  for (const { value } of entry.values) {
    const problem = key === 'aws:sourceip' ? openCidr(value) : unfixed(value, like, ARN_KEYS.has(key));
    if (problem) return verdict(false, `${entry.key} ${problem}`);
  }
  return verdict(true, `${operator} on ${entry.key} limits it to fixed values`);
}

/** Why a value does not pin a key to a fixed value, or undefined when it does. Deployment-time values are fixed. */
function unfixed(value: Resolved, like: boolean, arn: boolean): string | undefined {
  const text = renderText(value, () => 'X');
  if (text === undefined) return undefined;
  // A policy variable (`${aws:username}`) in a literal string is evaluated per request.
  if (/\$\{/.test(literalParts(value))) return `uses a policy variable ('${text}')`;
  if (!like || !/[*?]/.test(literalParts(value))) return undefined;
  // An ARN pattern whose account segment is fixed still limits callers to that account.
  if (arn) {
    const account = text.split(':')[4];
    if (account !== undefined && /^(\d{12}|X)$/.test(account)) return undefined;
  }
  return `matches a wildcard pattern ('${text}')`;
}

/** The literal text of a value, without its holes (wildcards inside holes are not wildcards). */
function literalParts(value: Resolved): string {
  return renderText(value, () => '') ?? '';
}

/** Why an `aws:SourceIp` value is not a limited network, or undefined when it is. */
function openCidr(value: Resolved): string | undefined {
  const text = renderText(value, () => '\u0000');
  if (text === undefined || text.includes('\u0000')) return undefined;
  if (/\/0+$/.test(text.trim())) return `allows every address ('${text}')`;
  return undefined;
}

/** An account a principal belongs to, as far as the template says. */
export type PrincipalAccount =
  /** The account of the stack that holds the policy (`AWS::AccountId`, or a resource of the same stack). */
  | { kind: 'own' }
  /** An account id written or resolved from the assembly's environments. */
  | { kind: 'account'; id: string }
  | { kind: 'unknown'; reason: string };

/**
 * The account of an `AWS` principal: a 12-digit id, an IAM or STS ARN, `AWS::AccountId`, or a role/user of the
 * input (whose stack environment gives the account). Null for principals that are not account-bound (`*`, services,
 * federated and canonical users). The caller compares `account` ids with the stack's own account when it knows it.
 */
export function principalAccount(entry: PrincipalEntry, stack: Stack): PrincipalAccount | null {
  if (entry.type !== 'AWS' || isEveryone(entry)) return null;
  const value = entry.value.value;
  if (value.kind === 'ref') {
    const owner = value.resource.stack;
    if (owner === stack || (owner.env.account !== null && owner.env.account === stack.env.account)) return { kind: 'own' };
    if (owner.env.account) return { kind: 'account', id: owner.env.account };
    return { kind: 'unknown', reason: `'${value.resource.logicalId}' is in stack '${owner.name ?? owner.id}', whose account is not known` };
  }
  const text = renderText(value, (hole) => (hole.kind === 'pseudo' && hole.name === 'AWS::AccountId' ? '\u0001' : '\u0000'));
  if (text === undefined) return { kind: 'unknown', reason: `the principal is a ${value.kind}` };
  const account = /^\d{12}$/.test(text) || text === '\u0001' ? text : /^arn:[^:]*:(?:iam|sts)::([^:]*):/.exec(text)?.[1];
  if (account === '\u0001' || (account !== undefined && account === stack.env.account)) return { kind: 'own' };
  if (account !== undefined && /^\d{12}$/.test(account)) return { kind: 'account', id: account };
  return { kind: 'unknown', reason: value.kind === 'unknown' ? value.reason : `the account of '${renderText(value) ?? value.kind}' is not known before deployment` };
}

function dedupe(branches: Branch[]): Branch[] {
  const seen = new Set<string>();
  return branches.filter((b) => {
    const key = `${b.condition}\u0000${b.holds}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
