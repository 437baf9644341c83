import type { AwsServiceAccount } from '../aws/service-accounts.js';
import { awsServiceAccount } from '../aws/service-accounts.js';
import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource, Stack } from '../graph/query.js';
import { alternatives, booleanOf, branchWithout, matchableText, renderText } from '../graph/query.js';
import { matchesWildcard } from './catalog.js';
import type { ConditionEntry, PrincipalEntry, Statement } from './policy.js';
import { grantsNothing, isEveryone } from './policy.js';

/**
 * Condition keys that limit a grant made to everyone to a known set of callers, when tested with a positive operator
 * against fixed values: the caller's organization, account or ARN, the calling service's source resource, account
 * or organization, the network the request comes from. These are the keys of S3's "meaning of public" (aws:SourceArn,
 * SourceVpc, SourceVpce, SourceOwner, SourceAccount, userid, SourceIp) and the data-perimeter keys. Three service
 * keys do the same: `kms:CallerAccount` (the default "through AWS services for this account" key policy statement)
 * and S3's access-point delegation keys. IAM compares keys case-insensitively, and so does every lookup here.
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
const RESTRICTING: ReadonlySet<string> = new Set(RESTRICTING_KEYS.map((k) => k.toLowerCase()));

/**
 * How {@link judgeCondition} decides, for the descriptions of the rules that use {@link exposureOf}
 * (iam/no-public-principal and s3/no-public-bucket-policy), so both state the same criteria.
 */
export const RESTRICTION_CRITERIA =
  `A condition limits who can call only when it tests one of ${RESTRICTING_KEYS.join(', ')} with a positive operator ` +
  '(StringEquals, StringLike, ArnEquals, ArnLike, IpAddress; not `…IfExists` or `ForAllValues:`, which also pass when ' +
  'the request lacks the key, as an anonymous request lacks aws:PrincipalOrgID, nor a negated operator or `Null`) ' +
  'against fixed values. ' +
  'A wildcard value limits nothing unless the part that names the caller is fixed (the account of an ARN, the ' +
  'organization of an org path, the unique id of aws:userid); aws:SourceIp must not be a /0 range; a policy variable ' +
  'is evaluated per request. aws:Referer and aws:UserAgent do not count: they are HTTP headers any client sets, and AWS ' +
  'documents aws:Referer as unfit to block direct requests; aws:SecureTransport only requires TLS. Both branches of ' +
  'Fn::If are checked, and a statement is reported for the branch where it is open.';

/** Keys people use to "protect" a grant to everyone that do not limit who the caller is, and why. */
const NOT_RESTRICTING: Readonly<Record<string, string>> = {
  'aws:referer':
    'is an HTTP header that any client can set, so anyone can send the expected value (AWS documents it as unfit to block direct requests)',
  'aws:useragent': 'is an HTTP header that any client can set',
  'aws:securetransport': 'only requires TLS, which anyone can use',
  'aws:principaltype': 'names a kind of caller, not a known caller',
  'aws:currenttime': 'limits when, not who',
  'aws:epochtime': 'limits when, not who',
};

/** Operators that name who may call. Negated ones (`StringNotEquals`, `NotIpAddress`) and `Null` match everyone but a few. */
const POSITIVE_OPERATORS: ReadonlySet<string> = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'ipaddress',
]);
/** Operators whose `*` and `?` are wildcards (ARN operators match each ARN segment with wildcards). `StringEquals` compares literally. */
const PATTERN_OPERATORS: ReadonlySet<string> = new Set(['stringlike', 'arnlike', 'arnequals']);
/** Keys whose values are ARNs: a wildcard after a fixed account segment still pins the account. */
const ARN_KEYS: ReadonlySet<string> = new Set(['aws:principalarn', 'aws:sourcearn', 's3:dataaccesspointarn']);
/** Keys whose values are organization paths (`o-a1b2/r-ab12/ou-…/*`): a wildcard after a fixed organization pins it. */
const PATH_KEYS: ReadonlySet<string> = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);

/** Stands for a value known only at deployment while matching; it never contains a wildcard. */
const HOLE = '\u0000';
/** Stands for `AWS::AccountId` while reading accounts. */
const OWN = '\u0001';

/** How one condition test bears on a grant to everyone. */
export interface ConditionVerdict {
  entry: ConditionEntry;
  /** True when the test limits the statement to a known set of callers. */
  restricts: boolean;
  /** Why, for messages, naming the key: "aws:Referer is an HTTP header that any client can set …". */
  reason: string;
}

/**
 * Judges one condition test: does it limit who can use a grant? Only a restricting key under a positive operator
 * with fixed values does. `…IfExists` and `ForAllValues:` tests also pass when the request has no such key (an
 * anonymous request has no aws:PrincipalOrgID, a direct call no aws:SourceArn); negated operators and `Null` match
 * everyone but a few; a wildcard value under `StringLike`/`ArnLike`/`ArnEquals` limits nothing unless the part that
 * names the caller is fixed (the account of an ARN, the organization of a path, the unique id of aws:userid);
 * `aws:SourceIp` with a `/0` range is every address; a policy variable (`${aws:username}`) is evaluated per request.
 * A value known only at deployment (a reference, a parameter without default) is a fixed value. A value with
 * `Fn::If` alternatives restricts only when every alternative does.
 */
export function judgeCondition(entry: ConditionEntry): ConditionVerdict {
  const key = entry.key.toLowerCase();
  const verdict = (restricts: boolean, reason: string): ConditionVerdict => ({ entry, restricts, reason });
  if (!RESTRICTING.has(key)) return verdict(false, `${entry.key} ${NOT_RESTRICTING[key] ?? 'does not limit who the caller is'}`);
  const operator = entry.operator.toLowerCase();
  if (operator.endsWith('ifexists') || operator.startsWith('forallvalues:'))
    return verdict(false, `${entry.operator} on ${entry.key} also passes when the request has no ${entry.key}`);
  const base = operator.replace(/^foranyvalue:/, '');
  if (!POSITIVE_OPERATORS.has(base)) return verdict(false, `${entry.operator} on ${entry.key} does not pin it to fixed values`);
  if (entry.values.length === 0) return verdict(false, `${entry.key} lists no values`);
  for (const { value } of entry.values)
    for (const alt of alternatives(value)) {
      const problem = openValue(key, base, alt.value);
      if (problem) return verdict(false, `${entry.key} ${problem}`);
    }
  return verdict(true, `${entry.operator} on ${entry.key} limits it to fixed values`);
}

/** Why a condition value (for a restricting key, under a positive operator) matches callers at large, or undefined when it is fixed. */
function openValue(key: string, operator: string, value: Resolved): string | undefined {
  const text = renderText(value, () => HOLE);
  if (text === undefined) return undefined;
  const shown = renderText(value) ?? text;
  if (text.includes('${')) return `uses a policy variable ('${shown}')`;
  if (key === 'aws:sourceip') return !text.includes(HOLE) && /\/0+$/.test(text.trim()) ? `allows every address ('${shown}')` : undefined;
  if (!PATTERN_OPERATORS.has(operator) || !/[*?]/.test(text)) return undefined;
  const fixed = (part: string | undefined) => part !== undefined && part !== '' && !/[*?]/.test(part);
  if (ARN_KEYS.has(key) && /^(\d{12}|\u0000+)$/.test(text.split(':')[4] ?? '')) return undefined;
  if (PATH_KEYS.has(key) && fixed(text.split('/')[0])) return undefined;
  // aws:userid is `<unique id>` or `<role unique id>:<session name>`: the session part may be a wildcard.
  if (key === 'aws:userid' && text.includes(':') && fixed(text.split(':')[0])) return undefined;
  return `matches a wildcard pattern ('${shown}')`;
}

/** A statement that grants to everyone, and whether its conditions take that back. */
export interface PublicExposure {
  /** `Principal` with `*` (or `{"AWS": "*"}`), or `NotPrincipal` (everyone except the listed principals). */
  via: 'Principal' | 'NotPrincipal';
  /** The wildcard principal entry that is open (the first one when none is); undefined for `NotPrincipal`. */
  principal: PrincipalEntry | undefined;
  /** Every condition test of the statement, judged. */
  verdicts: ConditionVerdict[];
  /**
   * The branches under which the statement is open to everyone (empty: always), or null when restricting
   * conditions apply in every branch where the statement and its wildcard principal exist: not public.
   */
  when: Branch[] | null;
}

/**
 * The one test of "is this statement public": an `Allow` whose principal is everyone (`*`, `{"AWS": "*"}`, or
 * `NotPrincipal`), judged with its conditions branch by branch. Null for other statements (a `Deny` for everyone is
 * a guard, not a grant). `given` are branches known to hold for the whole document (a policy inside `Fn::If`).
 */
export function exposureOf(statement: Statement, given: readonly Branch[] = []): PublicExposure | null {
  if (statement.effect !== 'Allow' || grantsNothing(statement)) return null;
  const everyone = (statement.principals ?? []).filter(isEveryone);
  const via = everyone.length > 0 ? 'Principal' : statement.notPrincipals && statement.notPrincipals.length > 0 ? 'NotPrincipal' : null;
  if (via === null) return null;
  const verdicts = statement.conditions.map(judgeCondition);
  const restricting = verdicts.filter((v) => v.restricts).map((v) => v.entry.when);
  const base = [...given, ...statement.when];
  const candidates =
    via === 'Principal'
      ? everyone.map((p) => ({ principal: p as PrincipalEntry | undefined, when: [...base, ...p.value.when] }))
      : [{ principal: undefined, when: base }];
  for (const candidate of candidates) {
    const open = branchWithout(restricting, candidate.when);
    if (open !== null) return { via, principal: candidate.principal, verdicts, when: dedupe([...candidate.when, ...open]) };
  }
  return { via, principal: everyone[0], verdicts, when: null };
}

/** The verdicts that do not restrict, as one clause for messages: `aws:Referer is …; aws:SecureTransport only …`. */
export function describeIgnored(verdicts: readonly ConditionVerdict[]): string {
  return verdicts
    .filter((v) => !v.restricts)
    .map((v) => v.reason)
    .join('; ');
}

/** What an `AWS::Lambda::Permission` opens its function to. */
export type PermissionExposure = { when: Branch[] } & (
  | { kind: 'restricted' | 'account' }
  /**
   * `Principal: "*"` with no SourceArn, SourceAccount or PrincipalOrgID. `urlAuth` is its FunctionUrlAuthType
   * (Lambda adds the condition `lambda:FunctionUrlAuthType`), `viaUrl` whether InvokedViaFunctionUrl limits it to
   * calls through the function URL (the `lambda:InvokeFunction` statement Lambda requires of URLs since October 2025).
   */
  | { kind: 'public'; at: Resolved; urlAuth: string | undefined; viaUrl: boolean }
  /** A service principal (`s3.amazonaws.com`) with no SourceArn or SourceAccount: any account's resource of that service can invoke. */
  | { kind: 'anySource'; at: Resolved; service: string }
  /** An Alexa principal with no EventSourceToken (the skill ID): any Alexa skill can invoke. */
  | { kind: 'anySkill'; at: Resolved; service: string }
);

/** The principals Alexa invokes functions as; Lambda's EventSourceToken (the skill ID) names the skill. */
const ALEXA_PRINCIPALS: ReadonlySet<string> = new Set(['alexa-appkit.amazon.com', 'alexa-connectedhome.amazon.com']);

/**
 * Judges a Lambda permission. Lambda turns `SourceArn`, `SourceAccount` and `PrincipalOrgID` into `ArnLike
 * aws:SourceArn`, `StringEquals aws:SourceAccount` and `StringEquals aws:PrincipalOrgID` conditions, so their values
 * are judged as those conditions are (`arn:aws:s3:::*` limits nothing). `FunctionUrlAuthType` and
 * `InvokedViaFunctionUrl` limit how the function is called, not who calls: a grant to `*` with them is public
 * through the URL (with AuthType NONE Lambda authenticates no caller).
 */
export function permissionExposure(graph: Graph, permission: Resource): PermissionExposure[] {
  const fixed = (property: string, key: string, operator: string) =>
    alternatives(graph.get(permission, 'Properties', property)).every(
      ({ value }) => value.kind !== 'absent' && openValue(key, operator, value) === undefined,
    );
  const out: PermissionExposure[] = [];
  for (const { value, when } of alternatives(graph.get(permission, 'Properties', 'Principal'))) {
    const text = matchableText(value);
    if (text === undefined) continue;
    const source = fixed('SourceArn', 'aws:sourcearn', 'arnlike') || fixed('SourceAccount', 'aws:sourceaccount', 'stringequals');
    if (text === '*') {
      if (source || fixed('PrincipalOrgID', 'aws:principalorgid', 'stringequals')) out.push({ kind: 'restricted', when });
      else {
        const auth = graph.get(permission, 'Properties', 'FunctionUrlAuthType');
        const urlAuth = auth.kind === 'literal' && typeof auth.value === 'string' ? auth.value : undefined;
        const viaUrl = booleanOf(graph.get(permission, 'Properties', 'InvokedViaFunctionUrl')) === true;
        out.push({ kind: 'public', at: value, when, urlAuth, viaUrl });
      }
    } else if (ALEXA_PRINCIPALS.has(text.toLowerCase()))
      out.push(
        source || graph.get(permission, 'Properties', 'EventSourceToken').kind !== 'absent'
          ? { kind: 'restricted', when }
          : { kind: 'anySkill', at: value, service: text, when },
      );
    else if (/\.amazonaws\.com(\.cn)?$/.test(text))
      out.push(source ? { kind: 'restricted', when } : { kind: 'anySource', at: value, service: text, when });
    else out.push({ kind: 'account', when });
  }
  return out;
}

/**
 * The function a Lambda permission or URL names (`FunctionName`, `TargetFunctionArn`), as the resource of the input
 * it references; an alias stands for its function. Undefined for a name or ARN written as text.
 */
export function lambdaTarget(graph: Graph, resource: Resource, property: string): Resource | undefined {
  const target = graph.referencedBy(resource, property)[0];
  if (target?.type !== 'AWS::Lambda::Alias') return target;
  return graph.referencedBy(target, 'FunctionName')[0] ?? target;
}

/**
 * The permissions of the input that make `fn`'s URL public: a grant to `*` with FunctionUrlAuthType `NONE` (the
 * `lambda:InvokeFunctionUrl` statement Lambda requires of a URL with AuthType NONE).
 */
export function publicUrlPermissions(graph: Graph, fn: Resource): Resource[] {
  return graph
    .resourcesOfType('AWS::Lambda::Permission')
    .filter(
      (p) =>
        lambdaTarget(graph, p, 'FunctionName') === fn &&
        permissionExposure(graph, p).some((e) => e.kind === 'public' && e.urlAuth?.toUpperCase() === 'NONE'),
    );
}

/** The function URLs (`AWS::Lambda::Url`) of the input whose target is `fn`. */
export function functionUrls(graph: Graph, fn: Resource): Resource[] {
  return graph.resourcesOfType('AWS::Lambda::Url').filter((u) => lambdaTarget(graph, u, 'TargetFunctionArn') === fn);
}

/** An account a principal belongs to, as far as the template says. */
export type PrincipalAccount =
  /** The account of the stack that holds the policy (`AWS::AccountId`, or a resource of the same stack). */
  | { kind: 'own' }
  /** An account id written or resolved from the assembly's environments. */
  | { kind: 'account'; id: string }
  /** An AWS-owned account that AWS's documentation tells customers to trust (aws/service-accounts.ts). */
  | { kind: 'aws-service'; id: string; service: AwsServiceAccount }
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
  const account = accountOf(value)?.account;
  if (account === OWN || (account !== undefined && account === stack.env.account)) return { kind: 'own' };
  if (account !== undefined && /^\d{12}$/.test(account)) {
    const service = awsServiceAccount(account);
    return service ? { kind: 'aws-service', id: account, service } : { kind: 'account', id: account };
  }
  if (renderText(value) === undefined) return { kind: 'unknown', reason: `the principal is a ${value.kind}` };
  return {
    kind: 'unknown',
    reason: value.kind === 'unknown' ? value.reason : `the account of '${renderText(value)}' is not known before deployment`,
  };
}

/**
 * True for the account's own root (`arn:…:iam::<this account>:root`, the account id, `AWS::AccountId`): a grant that
 * delegates to the account's IAM policies. A role or user of the account is not its root.
 */
export function isOwnAccount(entry: PrincipalEntry, stack: Stack): boolean {
  if (entry.type !== 'AWS') return false;
  const parsed = accountOf(entry.value.value);
  return (
    parsed !== undefined && parsed.root && (parsed.account === OWN || (stack.env.account !== null && parsed.account === stack.env.account))
  );
}

/** The account segment of a principal value (OWN for `AWS::AccountId`), and whether the value is the account root. */
function accountOf(value: Resolved): { account: string; root: boolean } | undefined {
  // Holes become one character without a colon, so ARNs still split on colons.
  const text = renderText(value, (hole) => (hole.kind === 'pseudo' && hole.name === 'AWS::AccountId' ? OWN : HOLE));
  if (text === undefined) return undefined;
  if (/^\d{12}$/.test(text) || text === OWN) return { account: text, root: true };
  const arn = /^arn:[^:]*:(iam|sts)::([^:]*):(.*)$/s.exec(text);
  return arn ? { account: arn[2]!, root: arn[1] === 'iam' && arn[3] === 'root' } : undefined;
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

/**
 * Keys that tie a service principal's request to the customer's own resource or account: the confused-deputy
 * keys AWS documents for resource policies that grant to a service ("The confused deputy problem", IAM User
 * Guide: aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths; SNS and S3 also populate
 * aws:SourceOwner). KMS key policies for CloudWatch Logs and CloudTrail use the encryption-context keys instead,
 * as their guides document.
 */
const SOURCE_KEYS: ReadonlySet<string> = new Set(
  ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceOwner'].map((k) => k.toLowerCase()),
);
const CONTEXT_KEYS: ReadonlySet<string> = new Set(
  ['kms:EncryptionContext:aws:logs:arn', 'kms:EncryptionContext:aws:cloudtrail:arn'].map((k) => k.toLowerCase()),
);

/** The `Service` principals of a statement (`sns.amazonaws.com`, `logs.${AWS::Region}.amazonaws.com`). */
export function servicePrincipals(statement: Statement): PrincipalEntry[] {
  return (statement.principals ?? []).filter((p) => p.type === 'Service');
}

/**
 * Whether a statement pins the calling service to the customer's own resources: a source key tested with fixed
 * values under a positive operator (judged as {@link judgeCondition} judges it), or one of the KMS encryption-context
 * keys under a positive, non-`IfExists` operator. Without that, any AWS customer's resource of that service can
 * make the service act on this resource (the confused deputy).
 */
export function pinsSource(statement: Statement): boolean {
  return statement.conditions.some((entry) => {
    const key = entry.key.toLowerCase();
    if (SOURCE_KEYS.has(key)) return judgeCondition(entry).restricts;
    if (!CONTEXT_KEYS.has(key)) return false;
    const operator = entry.operator.toLowerCase();
    return !operator.endsWith('ifexists') && !operator.includes('not') && operator !== 'null' && entry.values.length > 0;
  });
}

/** Negated operators and the positive test whose complement they deny: a Deny with one denies every caller but those. */
const NEGATED: Readonly<Record<string, string>> = {
  stringnotequals: 'StringEquals',
  stringnotequalsignorecase: 'StringEqualsIgnoreCase',
  stringnotlike: 'StringLike',
  arnnotequals: 'ArnEquals',
  arnnotlike: 'ArnLike',
  notipaddress: 'IpAddress',
};

/** A Deny for everyone that takes a grant to everyone back, but for the callers its conditions name. */
export interface Guard {
  statement: Statement;
  /** The condition keys whose fixed values name who is still let in, as written (`aws:SourceVpce`). */
  keys: string[];
}

/**
 * The Deny statement of the same document that limits a public grant to a known set of callers (the data-perimeter
 * form of AWS's guides: `Deny` to `*` every action `StringNotEquals aws:SourceVpce vpce-…`), or null. It must exist
 * whenever the grant does (no `Fn::If`), deny everyone (`*`) every action and resource of the grant (`*`, or the same
 * or a matching pattern, by text), and each of its tests must be a negated operator (`StringNotEquals`,
 * `ArnNotLike`, `NotIpAddress` …, `…IfExists` included: a Deny also applies when the key is absent) on a key that
 * {@link judgeCondition} accepts as limiting, with fixed values. Then only those callers get the grant.
 */
export function guardOf(statements: readonly Statement[], grant: Statement): Guard | null {
  for (const deny of statements) {
    if (deny.effect !== 'Deny' || deny.when.length > 0 || deny.conditions.length === 0) continue;
    if (deny.notActions.length > 0 || deny.notResources.length > 0 || deny.notPrincipals) continue;
    if (!(deny.principals ?? []).some((p) => isEveryone(p) && p.value.when.length === 0)) continue;
    if (!covers(deny.actions, grant.actions, true) || !covers(deny.resources, grant.resources, false)) continue;
    const keys: string[] = [];
    for (const entry of deny.conditions) {
      const operator = entry.operator.toLowerCase().replace(/ifexists$/, '');
      const positive = NEGATED[operator];
      if (!positive || entry.when.length > 0 || !judgeCondition({ ...entry, operator: positive }).restricts) break;
      keys.push(entry.key);
    }
    if (keys.length === deny.conditions.length) return { statement: deny, keys: [...new Set(keys)] };
  }
  return null;
}

/**
 * Whether the Deny's patterns cover every item of the grant, by text (`*` and `?` wildcards; actions ignore case).
 * References read as written (`${Bucket.Arn}/*`), so the same expression matches itself; a value with a part not
 * known before deployment (`${?}`) matches nothing, as two such parts need not be the same.
 */
function covers(
  patterns: readonly { value: Resolved; when: Branch[] }[],
  items: readonly { value: Resolved }[],
  actions: boolean,
): boolean {
  const known = (value: Resolved) => {
    const text = renderText(value);
    return text === undefined || text.includes('${?}') ? undefined : text;
  };
  const texts = patterns.filter((p) => p.when.length === 0).map((p) => known(p.value));
  if (texts.includes('*')) return true;
  return (
    items.length > 0 &&
    items.every((item) => {
      const text = known(item.value);
      return text !== undefined && texts.some((p) => p !== undefined && matchesWildcard(p, text, actions));
    })
  );
}
