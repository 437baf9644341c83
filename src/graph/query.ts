import type { Branch, NodeRef, Resolved, Resource, Stack } from './values.js';
import { alternatives, renderText } from './values.js';

/** Resolved values re-exported for rules, which import only from `graph/query` (and `model`, `iam`). */
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

export type { Cidr, IngressRule, PortScope, SourceVerdict } from './network.js';
export { SENSITIVE_PORTS, ingressRulesOf, judgeSource, onlyAllowedPorts, parseCidr, portScope, sensitivePortsIn } from './network.js';

/**
 * A section of a SAM template's `Globals` (`Function`, `Api` …), as a node to read with `graph.get`, or undefined
 * when the template has none. SAM copies these properties into every resource of that kind that does not set them.
 */
export function samGlobals(stack: Stack, section: string): NodeRef | undefined {
  const template = stack.template.value as Record<string, unknown> | null;
  const globals = template?.['Globals'];
  const value = globals && typeof globals === 'object' ? (globals as Record<string, unknown>)[section] : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? { stack, pointer: `/Globals/${section}`, value } : undefined;
}

/**
 * The first candidate's node that lies inside the resource (values read from a parameter default, a mapping or
 * another stack live elsewhere), else the `fallback` path under the resource (`['Properties', 'Runtime']`; the
 * engine locates its nearest existing ancestor): where a finding about the resource should point.
 */
export function nodeWithin(resource: Resource, candidates: readonly (Resolved | NodeRef)[], fallback: readonly (string | number)[] = []): NodeRef {
  const prefix = resource.node.pointer + '/';
  const nodes = candidates.map((c) => ('kind' in c ? c.at : c));
  const inside = nodes.find((n) => n.stack === resource.stack && n.pointer.startsWith(prefix));
  if (inside) return inside;
  const pointer = resource.node.pointer + fallback.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  return { stack: resource.stack, pointer, value: undefined };
}
