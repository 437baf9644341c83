import type { Resolved } from '../graph/query.js';
import { limitedList, matchableText, renderText } from '../graph/query.js';
import type { AccessLevel, ActionInfo, Expansion } from './catalog.js';
import { ACCESS_LEVELS, expandAction, hasWildcard } from './catalog.js';
import { cachedBy } from './memo.js';

/** How much of the action space one `Action` entry grants. */
export interface ActionClass {
  /** The entry as text, holes shown as `${…}`. */
  text: string;
  /**
   * - `all`: `*` (or `*:*`), every action of every service;
   * - `service`: `svc:*`, every action of one service;
   * - `partial`: a pattern with `*` or `?` inside the action name (`s3:Get*`);
   * - `exact`: one action;
   * - `notKnown`: the value is not known before deployment (a parameter without default, an unresolved hole).
   */
  shape: 'all' | 'service' | 'partial' | 'exact' | 'notKnown';
  /** What the catalog says the entry stands for; undefined for `notKnown`. */
  expansion: Expansion | undefined;
  /** The access levels reached, least sensitive first. `all` reaches every level. */
  levels: readonly AccessLevel[];
  /** The matching catalog actions (empty for `all`, `notKnown` and entries the catalog does not know). */
  actions: readonly ActionInfo[];
  /** Why the entry is `notKnown`, or what the catalog did not know. */
  reason?: string;
}

/** Classifies one resolved `Action`/`NotAction` entry against the IAM catalog. */
export function classifyAction(value: Resolved): ActionClass {
  const text = renderText(value) ?? `(${value.kind})`;
  const matchable = matchableText(value);
  if (matchable === undefined || matchable.includes('\u0000')) {
    const hole = value.kind === 'text' ? value.parts.find((p) => typeof p !== 'string' && p.kind === 'unknown') : value;
    const reason = hole && typeof hole !== 'string' && hole.kind === 'unknown' ? hole.reason : `'${text}' is not known before deployment`;
    return { text, shape: 'notKnown', expansion: undefined, levels: [], actions: [], reason };
  }
  return classifyPattern(matchable, text);
}

const classified = new Map<string, ActionClass>();
/**
 * Patterns kept at most. Templates repeat a few hundred patterns; a long-lived process (the CDK plugin, a watch loop)
 * that meets ever new ones starts the cache afresh instead of growing without end.
 */
export const CLASSIFIED_LIMIT = 8192;

/** Classifies an action pattern given as text. Cached: every rule classifies the same few patterns again and again. */
export function classifyPattern(pattern: string, text = pattern): ActionClass {
  const key = `${pattern}\u0000${text}`;
  let cls = classified.get(key);
  if (!cls) {
    cls = classifyUncached(pattern, text);
    if (classified.size >= CLASSIFIED_LIMIT) classified.clear();
    classified.set(key, cls);
  }
  return cls;
}

/** How many patterns the cache holds (tests). */
export function classifiedCount(): number {
  return classified.size;
}

function classifyUncached(pattern: string, text: string): ActionClass {
  const expansion = expandAction(pattern);
  if (expansion.kind === 'all') return { text, shape: 'all', expansion, levels: ACCESS_LEVELS, actions: [] };
  const name = pattern.slice(pattern.indexOf(':') + 1);
  const shape = /^\*+$/.test(name) ? 'service' : hasWildcard(pattern) ? 'partial' : 'exact';
  if (expansion.kind === 'unknown') return { text, shape, expansion, levels: [], actions: [], reason: expansion.message };
  const reached = new Set(expansion.actions.flatMap((a) => a.levels));
  return { text, shape, expansion, levels: ACCESS_LEVELS.filter((l) => reached.has(l)), actions: expansion.actions };
}

/** Whether the entry reaches an access level (`all` reaches every level). */
export function reaches(cls: ActionClass, level: AccessLevel): boolean {
  return cls.levels.includes(level);
}

/** Up to `max` catalog actions of the entry at a level, for messages: `s3:DeleteBucketPolicy, s3:PutBucketPolicy …`. */
export function examplesAt(cls: ActionClass, level: AccessLevel, max = 3): string {
  // Rules judge the same few classes for every statement that names them: list each class's examples once. The
  // text depends only on the class's catalog actions, which never change.
  return cachedBy(examples, cls, `${level}\u0000${max}`, () => listExamples(actionsAt(cls, level), max));
}

const examples = new WeakMap<ActionClass, Map<string, string>>();

/** The names of the entry's catalog actions at a level, in catalog order; computed once per class and level. */
export function actionsAt(cls: ActionClass, level: AccessLevel): readonly string[] {
  return cachedBy(actionNames, cls, level, () => cls.actions.filter((a) => a.levels.includes(level)).map((a) => a.action));
}

const actionNames = new WeakMap<ActionClass, Map<AccessLevel, readonly string[]>>();

/**
 * `a, b, c and 4 more`, deterministic. Actions that name a policy come first, shortest first: for Permissions
 * management they are the ones a reader recognizes (s3:PutBucketPolicy rather than
 * s3:AssociateAccessGrantsIdentityCenter).
 */
export function listExamples(actions: Iterable<string>, max = 3): string {
  // The same order as comparing `Number(!/Policy/.test(name))`, then length, then text; the test is made once per name.
  const keyed = [...new Set(actions)].map((name) => ({ name, other: name.includes('Policy') ? 0 : 1 }));
  keyed.sort((a, b) => a.other - b.other || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return limitedList(
    keyed.map((k) => k.name),
    max,
  );
}

/** The levels that matter for least privilege (beyond reading and listing), as a readable list. */
export function sensitiveLevels(cls: ActionClass): AccessLevel[] {
  return cls.levels.filter((l) => l !== 'List' && l !== 'Read');
}

/**
 * How an `Action` entry grants more than the actions it names, as IAM-2 (`iam/no-wildcard-actions`) and S3-2
 * (`s3/least-privilege-policy`, for bucket policies) both judge it; undefined when the entry is acceptable:
 * - `all`: `*`; `service`: `svc:*` (with the Permissions management actions it reaches, if any);
 * - `permissions`: a partial wildcard that reaches Permissions management (`s3:Put*` reaches s3:PutBucketPolicy, so
 *   the grantee can give itself or anyone more access), wherever it applies;
 * - `write`: a partial wildcard that reaches Write or Tagging, only when `onEveryResource` (an identity policy on
 *   `Resource: "*"`): scoped to named resources, the CDK's `s3:DeleteObject*` is the intended grant;
 * - `unmatched`: a partial wildcard the catalog matches nothing with (a typo, or newer than the catalog);
 * - `notKnown`: not known before deployment.
 * Read and List wildcards and exact action names are never broad.
 */
export type Breadth =
  | { kind: 'all' }
  | { kind: 'service'; service: string; permissions: string | undefined }
  | { kind: 'permissions'; examples: string }
  | { kind: 'write'; levels: AccessLevel[]; examples: string }
  | { kind: 'unmatched'; reason: string }
  | { kind: 'notKnown'; reason: string };

/** Judges one classified entry; see {@link Breadth}. */
export function breadthOf(cls: ActionClass, onEveryResource: boolean): Breadth | undefined {
  const permissions = reaches(cls, 'Permissions management') ? examplesAt(cls, 'Permissions management') : undefined;
  switch (cls.shape) {
    case 'notKnown':
      return { kind: 'notKnown', reason: cls.reason ?? `'${cls.text}' is not known before deployment` };
    case 'all':
      return { kind: 'all' };
    case 'service':
      return { kind: 'service', service: cls.text.split(':')[0]!, permissions };
    case 'partial': {
      if (cls.expansion?.kind === 'unknown') return { kind: 'unmatched', reason: cls.reason ?? cls.expansion.message };
      if (permissions !== undefined) return { kind: 'permissions', examples: permissions };
      const levels = sensitiveLevels(cls);
      return onEveryResource && levels.length > 0 ? { kind: 'write', levels, examples: examplesAt(cls, levels.at(-1)!) } : undefined;
    }
    case 'exact':
      return undefined;
  }
}

/**
 * Why an entry of a resource policy is broad, for messages (`every s3 action (s3:*)`, `s3:Put*, which reaches
 * permissions management (s3:PutBucketPolicy …)`), or undefined when it is not, or when it is `unmatched` or
 * `notKnown` (which callers report on their own terms).
 */
export function broadActionReason(cls: ActionClass): string | undefined {
  const breadth = breadthOf(cls, false);
  switch (breadth?.kind) {
    case 'all':
      return `every action of every service (${cls.text})`;
    case 'service':
      return `every ${breadth.service.toLowerCase()} action (${cls.text})`;
    case 'permissions':
      return `${cls.text}, which reaches permissions management (${breadth.examples})`;
    default:
      return undefined;
  }
}
