import type { Pointer } from '../model/types.js';
import type { LoadedStack } from '../load/stack.js';

/** A place in a stack's template: the raw value and where it is. Rules hold these, never strings. */
export interface NodeRef {
  readonly stack: Stack;
  readonly pointer: Pointer;
  readonly value: unknown;
}

/** A resource of a stack, with its construct path when the input came from the CDK. */
export interface Resource {
  readonly stack: Stack;
  readonly logicalId: string;
  readonly type: string;
  readonly node: NodeRef;
  readonly constructPath: string | null;
  /** The resource-level `Condition`: the resource exists only when it holds. */
  readonly condition: string | null;
}

/** A loaded stack with its resources indexed. */
export interface Stack extends LoadedStack {
  readonly resources: readonly Resource[];
  readonly resourcesById: ReadonlyMap<string, Resource>;
}

/** Which side of which condition an alternative belongs to. */
export interface Branch {
  condition: string;
  holds: boolean;
}

/**
 * What the resolver knows about a value before deployment. Every case carries `at`, the node it was read
 * from, so a rule can point a finding at it.
 */
export type Resolved =
  /** A known scalar. `parameter` names the parameter whose default it came from: a deployment may override it. */
  | { kind: 'literal'; value: string | number | boolean | null; at: NodeRef; parameter?: string }
  /** A mapping written in the template; read into it with `get`. */
  | { kind: 'object'; at: NodeRef }
  /** A list; `AWS::NoValue` items are already removed, as CloudFormation removes them. */
  | { kind: 'list'; items: Resolved[]; at: NodeRef }
  /** A resource: `Ref` (attribute null) or `Fn::GetAtt`. */
  | { kind: 'ref'; resource: Resource; attribute: string | null; at: NodeRef }
  /** A pseudo parameter whose value depends on the deployment (`AWS::Partition` without a known region …). */
  | { kind: 'pseudo'; name: string; at: NodeRef }
  /** A string with holes: known text around references, pseudo parameters or unknowns (`Fn::Sub`, `Fn::Join`). */
  | { kind: 'text'; parts: (string | Resolved)[]; at: NodeRef }
  /** Alternatives, one per branch of an `Fn::If` (or per mapping entry of `Fn::FindInMap`) that cannot be decided. */
  | { kind: 'oneOf'; options: { when: Branch[]; value: Resolved }[]; at: NodeRef }
  /** The property is not there, or is `AWS::NoValue`. */
  | { kind: 'absent'; at: NodeRef; reason: 'missing' | 'novalue' }
  /** Not knowable before deployment, or not understood, and why. */
  | { kind: 'unknown'; reason: string; at: NodeRef };

export type ResolvedKind = Resolved['kind'];

/**
 * Alternatives a value may have before the rest become one `unknown`. Nested `Fn::If` and `Fn::FindInMap` with
 * unknown keys multiply, and rules combine several values (protocol × ports): an unbounded product would let a
 * hostile template stall a scan.
 */
export const MAX_ALTERNATIVES = 32;

/** Every concrete alternative of a value, with the branches that lead to it. Non-`oneOf` values have one. */
export function alternatives(value: Resolved): { when: Branch[]; value: Resolved }[] {
  if (value.kind !== 'oneOf') return [{ when: [], value }];
  const all = value.options.flatMap((o) =>
    alternatives(o.value).map((inner) => ({ when: [...o.when, ...inner.when], value: inner.value })),
  );
  if (all.length <= MAX_ALTERNATIVES) return all;
  const rest: Resolved = {
    kind: 'unknown',
    at: value.at,
    reason: `more than ${MAX_ALTERNATIVES} alternatives (Fn::If / Fn::FindInMap); the rest were not evaluated`,
  };
  return [...all.slice(0, MAX_ALTERNATIVES - 1), { when: [], value: rest }];
}

/**
 * Renders a string value, with each hole shown by `hole` (by default as `${…}` in `Fn::Sub` syntax).
 * Returns undefined for values that are not strings (objects, lists, alternatives, absent).
 */
export function renderText(value: Resolved, hole: (part: Resolved) => string = describeHole): string | undefined {
  switch (value.kind) {
    case 'literal':
      return value.value === null ? undefined : String(value.value);
    case 'text':
      return value.parts.map((p) => (typeof p === 'string' ? p : (renderText(p, hole) ?? hole(p)))).join('');
    case 'ref':
    case 'pseudo':
    case 'unknown':
      return hole(value);
    default:
      return undefined;
  }
}

/** `${Bucket.Arn}`, `${AWS::Partition}`, `${?}` — how a hole reads in a message. */
export function describeHole(value: Resolved): string {
  if (value.kind === 'ref') return `\${${value.resource.logicalId}${value.attribute ? '.' + value.attribute : ''}}`;
  if (value.kind === 'pseudo') return `\${${value.name}}`;
  return '${?}';
}

/** True when the value is a literal string, number or boolean equal to `expected` as CloudFormation compares them. */
export function isLiteral(value: Resolved, expected: string | number | boolean): boolean {
  return value.kind === 'literal' && value.value !== null && String(value.value).toLowerCase() === String(expected).toLowerCase();
}

/** `true`/`"true"` → true, `false`/`"false"` → false, anything else → undefined. */
export function booleanOf(value: Resolved): boolean | undefined {
  if (value.kind !== 'literal') return undefined;
  if (value.value === true || (typeof value.value === 'string' && value.value.toLowerCase() === 'true')) return true;
  if (value.value === false || (typeof value.value === 'string' && value.value.toLowerCase() === 'false')) return false;
  return undefined;
}

/** The partition of a region, as `AWS::Partition` would resolve there. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  return 'aws';
}
