import type { Branch, Resolved, Stack } from '../graph/query.js';
import { branchWithout, renderText } from '../graph/query.js';
import type { ConditionEntry, PrincipalEntry, Statement } from './policy.js';
import { isEveryone } from './policy.js';

/**
 * Global condition keys that, given a fixed value under a positive operator, limit a wildcard principal to a known
 * set of callers: an organization, an account, a principal, a calling resource or a network. These are the keys of
 * S3's "meaning of public" (aws:SourceArn, SourceVpc, SourceVpce, SourceOwner, SourceAccount, userid, SourceIp) and
 * the data-perimeter keys (PrincipalOrgID and friends). Keys are compared case-insensitively, as IAM does.
 */
const RESTRICTING_KEYS: ReadonlySet<string> = new Set(
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
  if (!RESTRICTING_KEYS.has(key)) return verdict(false, DECEPTIVE_KEYS[key] ?? `${entry.key} does not limit who can make the request`);
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
