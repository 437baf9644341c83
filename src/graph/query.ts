import { childPointer } from '../load/pointer.js';
import type { Branch, NodeRef, Resolved, Resource } from './values.js';
import { alternatives, renderText } from './values.js';

/** Resolved values re-exported for rules, which import from `graph/query`, `aws`, `iam` and `model`. */
export type { Branch, NodeRef, Resolved, Resource, Stack } from './values.js';
export { alternatives, booleanOf, describeHole, isLiteral, partitionOf, renderText } from './values.js';

/** " (when condition IsProd is false)" — empty when the value does not depend on a condition. */
export function describeBranches(when: readonly Branch[]): string {
  if (when.length === 0) return '';
  return ` (when ${when.map((b) => `${b.condition} is ${b.holds ? 'true' : 'false'}`).join(' and ')})`;
}

/** " (from the default of parameter X)" when a value came from a parameter default, else empty. */
export function describeOrigin(value: Resolved): string {
  return value.kind === 'literal' && value.parameter ? ` (from the default of parameter '${value.parameter}')` : '';
}

/** Items of a list value, through alternatives: each item with the branches that lead to it. */
export function listItems(value: Resolved): { when: Branch[]; item: Resolved }[] {
  // Most values have no alternatives: read them without building the single alternative and its branch lists.
  if (value.kind === 'absent') return [];
  if (value.kind === 'list') {
    const out: { when: Branch[]; item: Resolved }[] = [];
    for (const item of value.items) {
      if (item.kind !== 'oneOf') out.push({ when: [], item });
      else for (const a of alternatives(item)) out.push({ when: a.when, item: a.value });
    }
    return out;
  }
  if (value.kind !== 'oneOf') return [{ when: [], item: value }];
  return alternatives(value).flatMap(({ when, value: v }) => {
    if (v.kind === 'list') return v.items.flatMap((item) => alternatives(item).map((a) => ({ when: [...when, ...a.when], item: a.value })));
    if (v.kind === 'absent') return [];
    return [{ when, item: v }];
  });
}

/**
 * Renders a string with holes as a matchable text: holes become `\u0000`, which no ARN or name contains,
 * so a regular expression can treat them as "anything" explicitly (`(?:[^:]*|\u0000)`).
 */
export function matchableText(value: Resolved): string | undefined {
  return renderText(value, () => '\u0000');
}

/** Past this many distinct conditions, enumerating every branch assignment is not worth it. */
const MAX_BRANCH_CONDITIONS = 12;

/**
 * A branch assignment under which none of `whens` holds, or null when every deployment satisfies at least one.
 *
 * Each entry of `whens` lists the branches under which something exists (a statement inside `Fn::If`, a policy
 * with a resource `Condition` …); an empty entry exists always. `given` are branches known to hold (the checked
 * resource's own condition): assignments that contradict them are not deployments to worry about.
 *
 * Conditions are treated as independent booleans. That is exact for `Fn::If`; for `Fn::FindInMap` alternatives
 * (mutually exclusive entries) it can report an assignment where no entry is picked. Past
 * {@link MAX_BRANCH_CONDITIONS} conditions it only answers whether some entry holds unconditionally.
 */
export function branchWithout(whens: readonly (readonly Branch[])[], given: readonly Branch[] = []): Branch[] | null {
  const fixed = new Map(given.map((b) => [b.condition, b.holds]));
  const holds = (when: readonly Branch[], assignment: ReadonlyMap<string, boolean>) =>
    when.every((b) => assignment.get(b.condition) === b.holds);
  const names = [...new Set(whens.flatMap((w) => w.map((b) => b.condition)))].filter((n) => !fixed.has(n)).sort();
  if (names.length > MAX_BRANCH_CONDITIONS) return whens.some((w) => holds(w, fixed)) ? null : [];
  for (let mask = 0; mask < 1 << names.length; mask++) {
    const assignment = new Map(fixed);
    names.forEach((name, i) => assignment.set(name, (mask & (1 << i)) === 0));
    if (!whens.some((w) => holds(w, assignment))) return names.map((condition) => ({ condition, holds: assignment.get(condition)! }));
  }
  return null;
}

/** Why a value is not a usable literal, for messages: the resolver's reason, or what the value is instead. */
export function whyUnknown(value: Resolved): string {
  if (value.kind === 'unknown') return value.reason;
  if (value.kind === 'ref') return `it is a reference to '${value.resource.logicalId}'`;
  if (value.kind === 'pseudo') return `it is ${value.name}, known only at deployment`;
  if (value.kind === 'text') {
    // A string built with Fn::Sub/Fn::Join: say what it reads as and why its first hole is not known.
    const hole = value.parts.find((p): p is Resolved => typeof p !== 'string');
    return `it is '${renderText(value)}'${hole ? `, and ${hole.kind === 'unknown' ? hole.reason : whyUnknown(hole)}` : ''}`;
  }
  return `it is ${value.kind === 'object' || value.kind === 'oneOf' ? 'an' : 'a'} ${value.kind === 'oneOf' ? 'alternative' : value.kind}`;
}

/** `a, b, c and 2 more`: the first `max` distinct texts, in order, and how many are left out; for messages. */
export function limitedList(texts: Iterable<string>, max = 3): string {
  const distinct = [...new Set(texts)];
  return distinct.slice(0, max).join(', ') + (distinct.length > max ? ` and ${distinct.length - max} more` : '');
}

/** `a, b, c and 2 more`: values rendered as text (holes as `${…}`), for messages. */
export function renderList(values: readonly Resolved[], max = 3): string {
  return limitedList(
    values.map((v) => renderText(v) ?? `(${v.kind})`),
    max,
  );
}

/**
 * The first candidate's node that lies inside the resource (values read from a parameter default, a mapping or
 * another stack live elsewhere), else the `fallback` path under the resource (`['Properties', 'Runtime']`; the
 * engine locates its nearest existing ancestor): where a finding about the resource should point.
 */
export function nodeWithin(
  resource: Resource,
  candidates: readonly (Resolved | NodeRef)[],
  fallback: readonly (string | number)[] = [],
): NodeRef {
  const prefix = resource.node.pointer + '/';
  const nodes = candidates.map((c) => ('kind' in c ? c.at : c));
  const inside = nodes.find((n) => n.stack === resource.stack && n.pointer.startsWith(prefix));
  if (inside) return inside;
  const pointer = childPointer(resource.node.pointer, ...fallback);
  return { stack: resource.stack, pointer, value: undefined };
}
