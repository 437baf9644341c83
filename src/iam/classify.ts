import type { Resolved } from '../graph/query.js';
import { matchableText, renderText } from '../graph/query.js';
import type { AccessLevel, ActionInfo, Expansion } from './catalog.js';
import { ACCESS_LEVELS, expandAction, hasWildcard } from './catalog.js';

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

/** Classifies an action pattern given as text. */
export function classifyPattern(pattern: string, text = pattern): ActionClass {
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
  return listExamples(cls.actions.filter((a) => a.levels.includes(level)).map((a) => a.action), max);
}

/**
 * `a, b, c and 4 more`, deterministic. Actions that name a policy come first, shortest first: for Permissions
 * management they are the ones a reader recognizes (s3:PutBucketPolicy rather than
 * s3:AssociateAccessGrantsIdentityCenter).
 */
export function listExamples(actions: Iterable<string>, max = 3): string {
  const names = [...new Set(actions)].sort(
    (a, b) => Number(!/Policy/.test(a)) - Number(!/Policy/.test(b)) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
  );
  return names.slice(0, max).join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');
}

/** The levels that matter for least privilege (beyond reading and listing), as a readable list. */
export function sensitiveLevels(cls: ActionClass): AccessLevel[] {
  return cls.levels.filter((l) => l !== 'List' && l !== 'Read');
}
