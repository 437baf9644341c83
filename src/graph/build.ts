import type { LoadedStack } from '../load/stack.js';
import { escapeToken } from '../load/pointer.js';
import { child, intrinsicOf, Resolver, type Export } from './resolve.js';
import type { NodeRef, Resolved, Resource, Stack } from './values.js';
import { alternatives, holeIdentity, renderText } from './values.js';
import { parameterConstraints, type ParameterConstraints } from './params.js';
import { asObject } from '../model/json.js';

type Json = Record<string, unknown>;

/** A reference from one resource to another, found in the source's `Properties` at `pointer`. */
export interface Link {
  from: Resource;
  to: Resource;
  /** Where the reference is written, under the source resource. */
  pointer: string;
  /** `null` for `Ref`, the attribute for `Fn::GetAtt`, `'name'` / `'arn'` for a match on a physical name. */
  attribute: string | null;
}

/**
 * A naming scheme: which property holds each resource type's physical name, and which resources a text (a bare
 * name, an ARN) designates. The graph links literal strings through it but knows no names itself: the AWS scheme
 * lives in `aws/names.ts`. Without one, only intrinsics link.
 */
export interface Naming {
  /** The physical-name property of each named resource type (`AWS::S3::Bucket` → `BucketName`). */
  readonly properties: Readonly<Record<string, string>>;
  /** The candidate types (in order) and the name a text designates, and how (`'name'`, `'arn'`); undefined if none. */
  designate(text: string): { types: readonly string[]; name: string; attribute: string } | undefined;
}

/** No physical names: only intrinsics link. */
const NO_NAMING: Naming = { properties: {}, designate: () => undefined };

/**
 * The analysis graph of a run: every stack with its resources, one {@link Resolver}, and the links between
 * resources (computed on first use, across stacks through `Fn::ImportValue`).
 */
export class Graph {
  readonly stacks: readonly Stack[];
  readonly resolver: Resolver;
  /**
   * Links are found lazily: a resource's outgoing links when it is first asked about, and the incoming links of
   * a target only among resources of the type asked for (`referencing(role, 'AWS::Lambda::Function')` walks the
   * functions, not the whole input). Both are indexed, so each resource is walked at most once.
   */
  readonly #outgoing = new Map<Resource, Link[]>();
  /** Links under one property, by property then resource, for queries that name the property (most do). */
  readonly #outgoingUnder = new Map<string, Map<Resource, Link[]>>();
  readonly #incoming = new Map<string, Map<string | undefined, Map<Resource, Link[]>>>();
  #exports: Map<string, Export> | undefined;
  #nameMap: Map<string, Resource> | undefined;
  /**
   * The name index, built on first use: a property written with intrinsics only (a function's `Role: !GetAtt
   * Role.Arn`) links through the resolver alone and never needs it.
   */
  readonly #names = (): Map<string, Resource> => this.#nameIndex();
  readonly #byType = new Map<string, Resource[]>();
  #byId: Map<string, Stack> | undefined;
  #byName: Map<string, Stack[]> | undefined;
  #nested: Map<string, Stack> | undefined;
  #crossRegion: Map<string, NodeRef> | undefined;

  readonly #naming: Naming;

  constructor(loaded: readonly LoadedStack[], naming: Naming = NO_NAMING) {
    this.#naming = naming;
    this.stacks = loaded.map(buildStack);
    for (const stack of this.stacks)
      for (const resource of stack.resources) {
        const list = this.#byType.get(resource.type);
        if (list) list.push(resource);
        else this.#byType.set(resource.type, [resource]);
      }
    this.resolver = new Resolver({
      exports: (name) => this.#exportIndex().get(name),
      stack: (id) => this.#stackIndex().get(id),
      nestedStack: (parent, logicalId) => this.#nestedIndex().get(`${parent.id}\u0000${logicalId}`),
      stacksNamed: (name) => this.#nameOfStackIndex().get(name) ?? [],
      crossRegionExport: (name) => this.#crossRegionIndex().get(name),
    });
  }

  /** All resources of a type, in stack then template order. */
  resourcesOfType(type: string): readonly Resource[] {
    return this.#byType.get(type) ?? [];
  }

  /** Resolves the value at a node. */
  resolve(node: NodeRef): Resolved {
    return this.resolver.resolve(node);
  }

  /**
   * Reads a property path from a resource (its node) or a value, through intrinsics. A resource with a `Condition`
   * exists only where it holds: its properties are read under the parameter values that make it hold.
   */
  get(from: Resource | NodeRef | Resolved, ...path: (string | number)[]): Resolved {
    if (!('logicalId' in from)) return this.resolver.getPath(from, path);
    const scope = from.condition === null ? undefined : this.resolver.scopeOf(from.stack, from.condition, true);
    return this.resolver.getPath(from.node, path, scope);
  }

  /**
   * The constraints (`AllowedValues`, `AllowedPattern`, `MinLength`, `MaxLength`) of the template parameter a value
   * comes from: a parameter's default (a literal with `parameter`) or a parameter with no usable default (an
   * unknown with `parameter`). Undefined for any other value. What the value can be at deployment is what they admit.
   */
  parameterOf(value: Resolved): ParameterConstraints | undefined {
    if ((value.kind !== 'literal' && value.kind !== 'unknown') || value.parameter === undefined) return undefined;
    return parameterConstraints(value.at.stack, value.parameter);
  }

  /** Every link in the graph. */
  links(): readonly Link[] {
    return this.stacks.flatMap((stack) => stack.resources.flatMap((resource) => this.linksFrom(resource)));
  }

  /** The links written in a resource's `Properties`, in document order. */
  linksFrom(source: Resource): readonly Link[] {
    let links = this.#outgoing.get(source);
    if (!links) {
      links = this.#walk(source);
      this.#outgoing.set(source, links);
    }
    return links;
  }

  /** Resources of `type` that reference `target` from under `Properties/<property>` (any property if omitted). */
  referencing(target: Resource, type: string, property?: string): Resource[] {
    // By type, then property: both are constants of the callers, so no key string is built and hashed per call.
    let byProperty = this.#incoming.get(type);
    if (!byProperty) this.#incoming.set(type, (byProperty = new Map()));
    let byTarget = byProperty.get(property);
    if (!byTarget) {
      byTarget = new Map();
      for (const source of this.resourcesOfType(type)) for (const link of this.#linksUnder(source, property)) push(byTarget, link.to, link);
      byProperty.set(property, byTarget);
    }
    return uniqueUnder(byTarget.get(target) ?? [], property, (link) => link.from);
  }

  /** Resources that `source` references from under `Properties/<property>`, optionally of one type. */
  referencedBy(source: Resource, property?: string, type?: string): Resource[] {
    const links = this.#linksUnder(source, property).filter((link) => type === undefined || link.to.type === type);
    return uniqueUnder(links, property, (link) => link.to);
  }

  /** The links under one top-level property (all of `Properties` when omitted), walking only that property. */
  #linksUnder(source: Resource, property: string | undefined): readonly Link[] {
    if (property === undefined || property.includes('/') || this.#outgoing.has(source)) return this.linksFrom(source);
    // One map per property, not per resource: a query over all functions' `Role` adds one entry per function.
    let bySource = this.#outgoingUnder.get(property);
    if (!bySource) {
      bySource = new Map();
      this.#outgoingUnder.set(property, bySource);
    }
    let links = bySource.get(source);
    if (!links) {
      links = this.#walk(source, property);
      bySource.set(source, links);
    }
    return links;
  }

  /**
   * The root stack of a nested stack (itself for any other): nested stacks deploy with their root, in its region,
   * and the CDK records their constructs under it. A parent missing from the input, or a cycle, ends the climb.
   */
  rootStack(stack: Stack): Stack {
    const byId = this.#stackIndex();
    const seen = new Set<Stack>();
    let current = stack;
    while (current.nestedIn && !seen.has(current)) {
      seen.add(current);
      const parent = byId.get(current.nestedIn.stackId);
      if (!parent) break;
      current = parent;
    }
    return current;
  }

  /**
   * The resource of the input that a physical name or ARN written as text designates (`arn:aws:s3:::name`, a role
   * ARN, a bucket name), through the same name index that links literal strings; undefined when none has it.
   */
  resourceNamed(text: string): Resource | undefined {
    return matchName(text, this.#nameIndex(), this.#naming)?.to;
  }

  #stackIndex(): Map<string, Stack> {
    return (this.#byId ??= new Map(this.stacks.map((s) => [s.id, s])));
  }

  /** Stacks by CloudFormation name; nested stacks (whose names CloudFormation generates) are left out. */
  #nameOfStackIndex(): Map<string, Stack[]> {
    if (this.#byName) return this.#byName;
    this.#byName = new Map();
    for (const stack of this.stacks) if (stack.name !== null && !stack.nestedIn) push(this.#byName, stack.name, stack);
    return this.#byName;
  }

  /** Nested stacks by their parent's id and the logical id of the `AWS::CloudFormation::Stack` that creates them. */
  #nestedIndex(): Map<string, Stack> {
    if (this.#nested) return this.#nested;
    this.#nested = new Map();
    for (const stack of this.stacks)
      if (stack.nestedIn) this.#nested.set(`${stack.nestedIn.stackId}\u0000${stack.nestedIn.logicalId}`, stack);
    return this.#nested;
  }

  /**
   * What the CDK's `Custom::CrossRegionExportWriter` resources publish: `WriterProps.exports` maps each SSM
   * parameter name (`/cdk/exports/<consumer>/<producer><region>…`) to the value written there, in the producing
   * stack. A consumer's `Custom::CrossRegionExportReader` returns it as the attribute of that name.
   */
  #crossRegionIndex(): Map<string, NodeRef> {
    if (this.#crossRegion) return this.#crossRegion;
    this.#crossRegion = new Map();
    for (const writer of this.resourcesOfType('Custom::CrossRegionExportWriter')) {
      const exportsAt = child(child(child(writer.node, 'Properties'), 'WriterProps'), 'exports');
      const exported = asObject(exportsAt.value);
      // Two writers of one name would be two deployments' worth of ambiguity: the first (in input order) is kept.
      for (const name in exported ?? {})
        if (Object.hasOwn(exported!, name) && !this.#crossRegion.has(name)) this.#crossRegion.set(name, child(exportsAt, name));
    }
    return this.#crossRegion;
  }

  #exportIndex(): Map<string, Export> {
    if (this.#exports) return this.#exports;
    this.#exports = new Map();
    for (const stack of this.stacks) {
      const outputs = asObject(asObject(stack.template.value)?.['Outputs']);
      for (const [id, output] of Object.entries(outputs ?? {})) {
        const outputPointer = `/Outputs/${escapeToken(id)}`;
        const rawName = asObject(asObject(output)?.['Export'])?.['Name'];
        if (rawName === undefined) continue;
        // Hand-written templates name exports after their stack (`!Sub ${AWS::StackName}-Bucket`): resolve the name.
        const name =
          typeof rawName === 'string' ? rawName : this.resolver.resolve({ stack, pointer: `${outputPointer}/Export/Name`, value: rawName });
        if (typeof name !== 'string' && (name.kind !== 'literal' || typeof name.value !== 'string')) continue;
        this.#exports.set(typeof name === 'string' ? name : String(name.value), {
          stack,
          value: { stack, pointer: `${outputPointer}/Value`, value: asObject(output)?.['Value'] },
        });
      }
    }
    return this.#exports;
  }

  /** The links of one resource's `Properties` (or of one property of it). */
  #walk(from: Resource, property?: string): Link[] {
    const walk = new LinkWalk(from, property, this.resolver, this.#names, this.#naming);
    const properties = asObject(asObject(from.node.value)?.['Properties']);
    if (properties && property === undefined) walk.visit(properties);
    else if (properties && Object.hasOwn(properties, property!)) walk.visit(properties[property!]);
    return walk.links;
  }

  /**
   * Physical names and ARN tails of named resources, so literal strings can link to them. A name built from values
   * of its stack that are not known before deployment but identified (`!Sub '${AWS::StackName}-data'`, a `Fn::Join`
   * with `AWS::AccountId`, `!Sub '${Env}-logs'` with a parameter `Env` that has no default) is indexed under its
   * stack: the same expression over the same unknowns names the same resource only within that stack.
   */
  #nameIndex(): Map<string, Resource> {
    if (this.#nameMap) return this.#nameMap;
    const index = new Map<string, Resource>();
    for (const [type, property] of Object.entries(this.#naming.properties))
      for (const resource of this.resourcesOfType(type)) {
        const raw = asObject(asObject(resource.node.value)?.['Properties'])?.[property];
        // Most resources have no physical name, or a plain string one: neither needs the resolver.
        if (raw === undefined) continue;
        if (typeof raw === 'string') {
          if (raw !== '') index.set(`${type}\u0000${raw}`, resource);
          continue;
        }
        const name = this.get(resource, 'Properties', property);
        if (name.kind === 'literal' && typeof name.value === 'string' && name.value !== '')
          index.set(`${type}\u0000${name.value}`, resource);
        const scoped = symbolicText(name);
        if (scoped !== undefined) index.set(`${resource.stack.id}\u0000${type}\u0000${scoped}`, resource);
      }
    this.#nameMap = index;
    return index;
  }
}

/**
 * One walk over a resource's `Properties`, collecting its links: intrinsics through the resolver, plain strings
 * through the name index. The path is kept as tokens and turned into a pointer only where a link is found: most
 * nodes link nothing, and building a pointer string for each of them would be most of the cost of the walk.
 */
class LinkWalk {
  readonly links: Link[] = [];
  readonly #path: string[];

  constructor(
    private readonly from: Resource,
    property: string | undefined,
    private readonly resolver: Resolver,
    private readonly names: () => Map<string, Resource>,
    private readonly naming: Naming,
  ) {
    this.#path = property === undefined ? [] : [property];
  }

  visit(value: unknown): void {
    if (typeof value === 'string') {
      // A plain string links only when it is a physical name or ARN of a resource of the input.
      const index = this.names();
      const hit = index.size > 0 ? matchName(value, index, this.naming) : undefined;
      if (hit) this.#add(hit);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const path = this.#path;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(String(i));
        this.visit(value[i]);
        path.pop();
      }
      return;
    }
    if (intrinsicOf(value) !== undefined) {
      // Intrinsics are leaves: the resolver says what they reference.
      const pointer = this.#here();
      const targets: Target[] = [];
      targetsOf(this.resolver.resolve({ stack: this.from.stack, pointer, value }), this.names, this.naming, targets);
      for (const target of targets) this.#add(target, pointer);
      return;
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      path.push(key);
      this.visit((value as Json)[key]);
      path.pop();
    }
  }

  #here(): string {
    const path = this.#path;
    return this.from.node.pointer + '/Properties' + (path.length > 0 ? '/' + path.map(escapeToken).join('/') : '');
  }

  /** A link to the target, unless it is the resource itself. */
  #add(target: Target, pointer?: string): void {
    if (target.to !== this.from)
      this.links.push({ from: this.from, to: target.to, pointer: pointer ?? this.#here(), attribute: target.attribute });
  }
}

/** A resource a value refers to, and how (see {@link Link}). */
type Target = { to: Resource; attribute: string | null };

/** Adds what a resolved intrinsic links to: its references, and the resources its literal text names (`names` is asked only for text). */
function targetsOf(value: Resolved, names: () => Map<string, Resource>, naming: Naming, out: Target[]): void {
  referencesIn(value, names, naming, out);
  if ((value.kind === 'text' || (value.kind === 'unknown' && value.parameter !== undefined)) && names().size > 0) {
    const index = names();
    const rendered = value.kind === 'text' ? renderText(value, () => '\u0000') : undefined;
    const scoped = symbolicText(value);
    const hit =
      (rendered === undefined ? undefined : matchName(rendered, index, naming)) ??
      (scoped === undefined ? undefined : matchName(scoped, index, naming, `${value.at.stack.id}\u0000`));
    if (hit) out.push(hit);
  }
}

function referencesIn(v: Resolved, names: () => Map<string, Resource>, naming: Naming, out: Target[]): void {
  if (v.kind === 'ref') out.push({ to: v.resource, attribute: v.attribute });
  else if (v.kind === 'text') {
    for (const p of v.parts) if (typeof p !== 'string') referencesIn(p, names, naming, out);
  } else if (v.kind === 'oneOf') for (const a of alternatives(v)) referencesIn(a.value, names, naming, out);
  else if (v.kind === 'list') for (const item of v.items) referencesIn(item, names, naming, out);
  else if (v.kind === 'literal' && typeof v.value === 'string' && names().size > 0) {
    const hit = matchName(v.value, names(), naming);
    if (hit) out.push(hit);
  }
}

/**
 * A name written with holes that identify a value of their stack (pseudo parameters, parameters with no usable
 * default, resource attributes: see `holeIdentity`), rendered with each hole as `\u0001<identity>\u0001` (colons
 * made dots, so ARN patterns still split on colons); undefined when some hole is unknown for another reason. Two
 * names that render the same are the same expression over the same unknowns: within one stack, the same name.
 * A parameter with no default alone (`BucketName: !Ref Name`) is such a name too.
 */
function symbolicText(value: Resolved): string | undefined {
  if (value.kind === 'unknown') {
    const id = holeIdentity(value);
    return id === undefined ? undefined : `\u0001${id.replace(/:/g, '.')}\u0001`;
  }
  if (value.kind !== 'text' || !value.parts.every((p) => typeof p === 'string' || holeIdentity(p) !== undefined)) return undefined;
  return renderText(value, (hole) => `\u0001${(holeIdentity(hole) ?? '').replace(/:/g, '.')}\u0001`);
}

/** The resource of the name index that a text designates under the naming scheme, within `scope` when given. */
function matchName(
  text: string,
  names: Map<string, Resource>,
  naming: Naming,
  scope = '',
): { to: Resource; attribute: string } | undefined {
  // The bare set answers "no" for most plain strings without asking the scheme or building keys.
  if (!text.startsWith('arn:') && !bareNames(names).has(text)) return undefined;
  const designated = naming.designate(text);
  if (!designated) return undefined;
  for (const type of designated.types) {
    const to = names.get(`${scope}${type}\u0000${designated.name}`);
    if (to) return { to, attribute: designated.attribute };
  }
  return undefined;
}

const bareNameSets = new WeakMap<Map<string, Resource>, Set<string>>();
/** The names of a name index without their type and scope prefixes. */
function bareNames(names: Map<string, Resource>): Set<string> {
  let set = bareNameSets.get(names);
  if (!set) {
    set = new Set([...names.keys()].map((k) => k.slice(k.lastIndexOf('\u0000') + 1)));
    bareNameSets.set(names, set);
  }
  return set;
}

function buildStack(loaded: LoadedStack): Stack {
  const resources: Resource[] = [];
  const resourcesById = new Map<string, Resource>();
  const stack: Stack = { ...loaded, resources, resourcesById };
  const section = asObject(asObject(loaded.template.value)?.['Resources']) ?? {};
  // Each resource's node is a child of the section's: its pointer is built on first use, as the resolver's are.
  const sectionNode: NodeRef = { stack, pointer: '/Resources', value: section };
  // Plain templates have no construct paths from a manifest: no lookup per resource.
  const paths = loaded.constructPaths.size > 0 ? loaded.constructPaths : undefined;
  for (const logicalId in section) {
    if (!Object.hasOwn(section, logicalId)) continue;
    const value = asObject(section[logicalId]);
    if (!value) continue;
    const metadata = asObject(value['Metadata']);
    const cdkPath = metadata?.['aws:cdk:path'];
    const type = value['Type'];
    const condition = value['Condition'];
    const resource: Resource = {
      stack,
      logicalId,
      type: typeof type === 'string' ? type : '',
      node: child(sectionNode, logicalId),
      constructPath: typeof cdkPath === 'string' ? cdkPath : (paths?.get(logicalId) ?? null),
      condition: typeof condition === 'string' ? condition : null,
    };
    resources.push(resource);
    resourcesById.set(logicalId, resource);
  }
  return stack;
}

/** The distinct ends of links written under `Properties/<property>` (anywhere in `Properties` if omitted). */
function uniqueUnder(links: readonly Link[], property: string | undefined, end: (link: Link) => Resource): Resource[] {
  const prefix = property === undefined ? '/Properties' : `/Properties/${property}`;
  const out: Resource[] = [];
  for (const link of links) {
    // The pointer relative to the source is the prefix, or starts with it and a '/' (no slice or concatenation).
    const pointer = link.pointer;
    const start = link.from.node.pointer.length;
    const after = start + prefix.length;
    if (!pointer.startsWith(prefix, start) || (pointer.length !== after && pointer.charCodeAt(after) !== 47)) continue;
    const resource = end(link);
    if (!out.includes(resource)) out.push(resource);
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
