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

/**
 * What holds where a value is read: parameters whose default cannot apply there. Inside the branch of an `Fn::If`
 * (or in a resource with a `Condition`) whose condition contradicts a parameter's default, that default is not the
 * parameter's value there. Opaque to rules: the resolver makes and reads it.
 */
export interface Scope {
  /** Canonical key (the sorted excluded parameters): values resolved under equal scopes are the same. */
  readonly key: string;
  /** `<stack id>\u0000<parameter>` → why its default does not apply. */
  readonly excluded: ReadonlyMap<string, string>;
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
  /** A mapping written in the template; read into it with `get` (under `scope`, when it was met inside a branch). */
  | { kind: 'object'; at: NodeRef; scope?: Scope }
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
  /**
   * Not knowable before deployment, or not understood, and why. `parameter` names the template parameter (of
   * `at.stack`) the value is, when it is one: two unknowns of the same parameter of one stack are the same value.
   */
  | { kind: 'unknown'; reason: string; at: NodeRef; parameter?: string };

export type ResolvedKind = Resolved['kind'];

/**
 * Alternatives a value may have before the rest become one `unknown`. Nested `Fn::If` and `Fn::FindInMap` with
 * unknown keys multiply, and rules combine several values (protocol × ports): an unbounded product would let a
 * hostile template stall a scan.
 */
export const MAX_ALTERNATIVES = 32;

/** Why a value is unknown when its alternatives were cut off. */
export const TOO_MANY_ALTERNATIVES = `too many alternatives (more than ${MAX_ALTERNATIVES} from Fn::If / Fn::FindInMap); the rest were not evaluated`;

/**
 * Every concrete alternative of a value, with the branches that lead to it. Non-`oneOf` values have one. The
 * resolver builds `oneOf` values flat and capped (see `oneOfValue`), so this is linear in the options; a nested one
 * built elsewhere is flattened here, stopping at the cap rather than after every path was explored.
 */
export function alternatives(value: Resolved): { when: Branch[]; value: Resolved }[] {
  if (value.kind !== 'oneOf') return [{ when: [], value }];
  const out: { when: Branch[]; value: Resolved }[] = [];
  // One more than the cap is enough to know that the rest is cut: the walk stops there.
  const visit = (v: Resolved, when: Branch[]): void => {
    if (out.length > MAX_ALTERNATIVES) return;
    if (v.kind !== 'oneOf') out.push({ when, value: v });
    else for (const o of v.options) visit(o.value, when.length === 0 ? o.when : [...when, ...o.when]);
  };
  visit(value, []);
  return capped(value.at, out);
}

/**
 * Alternatives as one value: nested `oneOf` options are flattened (their branches joined), and past
 * {@link MAX_ALTERNATIVES} the rest become one `unknown` ("too many alternatives"). Bounding here, while the value is built, is what keeps chains of `Fn::If` from growing as
 * 2^depth: every `oneOf` the resolver returns has at most MAX_ALTERNATIVES flat options.
 */
export function oneOfValue(at: NodeRef, options: readonly { when: Branch[]; value: Resolved }[]): Resolved {
  const flat: { when: Branch[]; value: Resolved }[] = [];
  for (const o of options) {
    const inner = o.value.kind === 'oneOf' ? o.value.options : [{ when: [] as Branch[], value: o.value }];
    for (const i of inner) {
      if (flat.length > MAX_ALTERNATIVES) break;
      flat.push({ when: i.when.length === 0 ? o.when : [...o.when, ...i.when], value: i.value });
    }
  }
  const kept = capped(at, flat);
  if (kept.length === 1 && kept[0]!.when.length === 0) return kept[0]!.value;
  return { kind: 'oneOf', at, options: kept };
}

/** At most MAX_ALTERNATIVES options: past it, the first MAX_ALTERNATIVES - 1 and one `unknown` for the rest. */
function capped(at: NodeRef, options: { when: Branch[]; value: Resolved }[]): { when: Branch[]; value: Resolved }[] {
  if (options.length <= MAX_ALTERNATIVES) return options;
  return [...options.slice(0, MAX_ALTERNATIVES - 1), { when: [], value: { kind: 'unknown', at, reason: TOO_MANY_ALTERNATIVES } }];
}

/**
 * What identifies a hole across two expressions of one stack: a pseudo parameter (`AWS::AccountId`), a template
 * parameter with no usable default (`P:Env`), or a resource attribute (`R:Bucket.Arn`); undefined for a hole that
 * is unknown for another reason (two such holes need not be equal). Names built from the same identified holes
 * the same way denote the same thing within their stack (the same `!Sub "${Env}-logs"` is one bucket name).
 */
export function holeIdentity(hole: Resolved): string | undefined {
  if (hole.kind === 'pseudo') return hole.name;
  if (hole.kind === 'unknown') return hole.parameter === undefined ? undefined : `P:${hole.parameter}`;
  if (hole.kind === 'ref') return `R:${hole.resource.logicalId}${hole.attribute === null ? '' : '.' + hole.attribute}`;
  return undefined;
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

/**
 * `${Bucket.Arn}`, `${AWS::Partition}`, `${Env}`, `${?}` — how a hole reads in a message. A parameter chosen at
 * deployment (no usable default) reads by its name, as `Fn::Sub` writes it; other unknowns read `${?}`.
 */
export function describeHole(value: Resolved): string {
  if (value.kind === 'ref') return `\${${value.resource.logicalId}${value.attribute ? '.' + value.attribute : ''}}`;
  if (value.kind === 'pseudo') return `\${${value.name}}`;
  if (value.kind === 'unknown' && value.parameter !== undefined) return `\${${value.parameter}}`;
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
