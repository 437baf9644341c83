import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource, Stack } from '../graph/query.js';
import { alternatives, matchableText, renderText } from '../graph/query.js';
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
