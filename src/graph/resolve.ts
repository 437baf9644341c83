import { escapeToken } from '../load/pointer.js';
import type { Pointer } from '../model/types.js';
import type { Branch, NodeRef, Resolved, Resource, Scope, Stack } from './values.js';
import { MAX_ALTERNATIVES, oneOfValue, partitionOf, TOO_MANY_ALTERNATIVES } from './values.js';
import { conditionParameters } from './params.js';

type Json = Record<string, unknown>;

/** Intrinsics nest rarely past a handful of levels; past this we call it a cycle and stop. */
const MAX_RESOLVE_DEPTH = 64;
/** `Fn::FindInMap` with an unknown key fans out over the mapping, up to this many entries. */
const MAX_MAP_FANOUT = 64;
/**
 * Intrinsics computed for one top-level `resolve` before the rest is `unknown` ("too many alternatives"). With
 * memoisation and the cap on alternatives a template's values take a few steps each; this bounds the work where
 * something else multiplies it (values under many different scopes).
 */
export const MAX_RESOLVE_STEPS = 50_000;
/** A string longer than this (a `Fn::Join` that doubles a parameter at every level) is not built. */
const MAX_TEXT_LENGTH = 1 << 20;
/** Nor a string of more parts than this. */
const MAX_TEXT_PARTS = 4096;

/** The scope of a value read with no branch taken: every default applies. */
const NO_SCOPE: Scope = { key: '', excluded: new Map() };

/** An output that another stack can import: the exporting stack and the output's `Value` node. */
export interface Export {
  stack: Stack;
  value: NodeRef;
}

/**
 * What the resolver needs from the rest of the input: exports, the stacks around a nested stack, stacks by name
 * (`Fn::GetStackOutput`) and the values CDK's cross-region export writers publish. The graph provides it.
 */
export interface ResolverWorld {
  /** The output exported under a name (`Fn::ImportValue`). */
  exports(name: string): Export | undefined;
  /** A stack of the input by id (the parent of a nested stack). */
  stack(id: string): Stack | undefined;
  /** The nested stack an `AWS::CloudFormation::Stack` resource of `parent` creates, when it is in the input. */
  nestedStack(parent: Stack, logicalId: string): Stack | undefined;
  /** Stacks of the input with this CloudFormation stack name (one per region or account, at most). */
  stacksNamed(name: string): readonly Stack[];
  /**
   * The value a `Custom::CrossRegionExportWriter` of the input writes to the SSM parameter of this name
   * (`/cdk/exports/<consumer>/<producer><region>…`): its node under `WriterProps/exports`.
   */
  crossRegionExport(parameterName: string): NodeRef | undefined;
}

/**
 * The one place that understands CloudFormation intrinsic functions. It never throws: what it cannot know
 * before deployment, or does not understand, is `unknown` with a reason.
 *
 * `Fn::If` yields both branches unless its condition is constant in the template itself: conditions that
 * depend on parameters can go either way at deployment, whatever the defaults say. Each branch is read under the
 * parameter values that make its condition go that way: a default that contradicts the branch does not apply in
 * it (the parameter is then unknown there, with the reason).
 *
 * The work is bounded, not only the result: values are memoised (per scope), alternatives are capped while they
 * are built, strings are capped in length, and one top-level resolution takes at most {@link MAX_RESOLVE_STEPS}.
 */
export class Resolver {
  /**
   * Resolved lists and intrinsics by their template value (plain mappings are not kept: see `#resolve`). A Map,
   * not a WeakMap: it lives as long as this resolver, whose graph holds the templates anyway, and a large WeakMap is
   * costly for the garbage collector (ephemeron tables) and to insert into.
   */
  readonly #memo = new Map<object, Resolved>();
  /** The same for values read under a scope (inside a branch that excludes some defaults), by scope key. */
  readonly #scopedMemo = new Map<string, Map<object, Resolved>>();
  /** Scopes by key, so that equal scopes share one memo; and the exclusions of each branch, by stack. */
  readonly #scopes = new Map<string, Scope>();
  readonly #exclusions = new WeakMap<Stack, Map<string, ReadonlyMap<string, string>>>();
  /** Steps left in the current top-level resolution; `#depth` counts nested top-level calls (from `#step`). */
  #steps = MAX_RESOLVE_STEPS;
  #depth = 0;
  #computed = 0;
  /** The values being resolved right now, further up the call stack: a short list (intrinsics nest a few levels). */
  readonly #active: object[] = [];
  /** Condition outcomes per stack, by `withDefaults` and name; and the ones being evaluated right now. */
  readonly #conditions = new WeakMap<Stack, Map<string, boolean | undefined>>();
  readonly #activeConditions = new Set<string>();

  constructor(private readonly world: ResolverWorld) {}

  /** How many intrinsics and lists this resolver has computed (memo hits excluded): an operation count for tests. */
  get computed(): number {
    return this.#computed;
  }

  /** Resolves the value at a node (read under `scope`, as `Graph.get` does for a resource with a `Condition`). */
  resolve(node: NodeRef, scope: Scope = NO_SCOPE): Resolved {
    if (this.#depth === 0) this.#steps = MAX_RESOLVE_STEPS;
    this.#depth++;
    try {
      return this.#resolve(node, 0, scope);
    } catch (error) {
      return unknown(node, `resolver error: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#depth--;
    }
  }

  /**
   * The scope in which a branch of a condition is read: the scope given, plus the parameters whose default cannot
   * apply when the condition `holds` as given. Used for `Fn::If` and for resources with a `Condition`.
   */
  scopeOf(stack: Stack, condition: string, holds: boolean, within: Scope = NO_SCOPE): Scope {
    try {
      return this.#narrow(within, stack, condition, holds);
    } catch {
      return within;
    }
  }

  /**
   * Reads a property path through objects, lists and alternatives. A missing key is `absent`. The path is an array
   * (`Graph.get` passes its rest parameter as is: no second array per read).
   */
  getPath(from: NodeRef | Resolved, path: readonly (string | number)[], scope: Scope = NO_SCOPE): Resolved {
    let current: Resolved = 'kind' in from ? from : this.resolve(from, scope);
    for (let i = 0; i < path.length; i++) current = this.#step(current, path[i]!);
    return current;
  }

  /** Evaluates a named condition: true/false when constant, undefined when it depends on the deployment. */
  condition(stack: Stack, name: string, withDefaults = false): boolean | undefined {
    try {
      return this.#condition(stack, name, withDefaults, 0);
    } catch {
      return undefined;
    }
  }

  #step(current: Resolved, key: string | number): Resolved {
    switch (current.kind) {
      case 'object': {
        const value = current.at.value as Json;
        const name = String(key);
        if (!Object.hasOwn(value, name)) return { kind: 'absent', at: child(current.at, key), reason: 'missing' };
        // A list or intrinsic read before is memoized by its value: no need to build its node again.
        const next = value[name];
        const scope = current.scope ?? NO_SCOPE;
        const known = next !== null && typeof next === 'object' ? this.#memoOf(scope).get(next) : undefined;
        return known ?? this.resolve(child(current.at, key), scope);
      }
      case 'list': {
        const item = typeof key === 'number' || /^\d+$/.test(key) ? current.items[Number(key)] : undefined;
        return item ?? { kind: 'absent', at: child(current.at, key), reason: 'missing' };
      }
      case 'oneOf':
        return oneOfValue(
          current.at,
          current.options.map((o) => ({ when: o.when, value: this.#step(o.value, key) })),
        );
      case 'absent':
        // Reading into something absent is absent, where the absence is.
        return current;
      case 'unknown':
        return current;
      default:
        return unknown(current.at, `cannot read '${key}' of a ${current.kind}`);
    }
  }

  #memoOf(scope: Scope): Map<object, Resolved> {
    if (scope.key === '') return this.#memo;
    let memo = this.#scopedMemo.get(scope.key);
    if (!memo) this.#scopedMemo.set(scope.key, (memo = new Map()));
    return memo;
  }

  #resolve(node: NodeRef, depth: number, scope: Scope): Resolved {
    const { value } = node;
    if (value === null || typeof value !== 'object') {
      return { kind: 'literal', value: value === undefined ? null : (value as string | number | boolean), at: node };
    }
    const isList = Array.isArray(value);
    const fn = isList ? undefined : intrinsicOf(value);
    // A mapping that is no intrinsic function is read as it is: it reads nothing else (so it cannot be on a cycle),
    // and building its value costs less than remembering it (a map insertion keyed by an object). Most mappings a
    // scan meets are such: resources, their properties. Inside a branch it keeps the branch's scope for its reads.
    if (!isList && fn === undefined) return scope.key === '' ? { kind: 'object', at: node } : { kind: 'object', at: node, scope };
    const memo = this.#memoOf(scope);
    const cached = memo.get(value);
    if (cached) return cached;
    // Templates are trees: a value met again while it is still being resolved was reached through a reference
    // cycle (a parameter default that refers to itself, an export that imports itself). Without this, a cycle
    // that branches (`Fn::Join` of two such refs) would take 2^MAX_RESOLVE_DEPTH steps.
    if (this.#active.includes(value)) return unknown(node, 'the value refers to itself (a reference cycle)');
    if (depth > MAX_RESOLVE_DEPTH) return unknown(node, 'intrinsics nest too deeply (a reference cycle?)');
    // Past the budget, nothing more is computed (nor remembered: a later resolution with a fresh budget may finish).
    if (--this.#steps < 0) return unknown(node, `${TOO_MANY_ALTERNATIVES} (more than ${MAX_RESOLVE_STEPS} steps)`);
    this.#active.push(value);
    this.#computed++;
    let result: Resolved;
    try {
      result = this.#compute(node, fn, depth + 1, scope);
    } finally {
      // After a throw, the value is forgotten as if it had never been met.
      this.#active.pop();
    }
    if (this.#steps >= 0) memo.set(value, result);
    return result;
  }

  /** A list (`fn` undefined) or an intrinsic function (`fn` is its key). */
  #compute(node: NodeRef, fn: string | undefined, depth: number, scope: Scope): Resolved {
    if (fn === undefined) {
      const list = node.value as unknown[];
      const items: Resolved[] = [];
      for (let i = 0; i < list.length; i++) {
        const item = this.#resolve(child(node, i), depth, scope);
        if (item.kind !== 'absent') items.push(item);
      }
      return { kind: 'list', items, at: node };
    }
    const arg = child(node, fn);
    switch (fn) {
      case 'Ref':
        return this.#ref(node, arg.value, depth, scope);
      case 'Fn::GetAtt':
        return this.#getAtt(node, arg, depth, scope);
      case 'Fn::Sub':
        return this.#sub(node, arg, depth, scope);
      case 'Fn::Join':
        return this.#join(node, arg, depth, scope);
      case 'Fn::If':
        return this.#if(node, arg, depth, scope);
      case 'Fn::Select':
        return this.#select(node, arg, depth, scope);
      case 'Fn::Split':
        return this.#split(node, arg, depth, scope);
      case 'Fn::FindInMap':
        return this.#findInMap(node, arg, depth, scope);
      case 'Fn::ImportValue':
        return this.#importValue(node, arg, depth, scope);
      case 'Fn::GetStackOutput':
        return this.#getStackOutput(node, arg, depth, scope);
      case 'Fn::GetAZs':
        return unknown(node, 'Fn::GetAZs lists the availability zones of the region at deployment');
      case 'Fn::Cidr':
        return unknown(node, 'Fn::Cidr computes address blocks at deployment');
      case 'Fn::Base64':
        return unknown(node, 'Fn::Base64 encodes its input');
      default:
        return unknown(node, `${fn} is not evaluated`);
    }
  }

  #ref(node: NodeRef, name: unknown, depth: number, scope: Scope): Resolved {
    if (typeof name !== 'string') return unknown(node, 'Ref needs a name');
    const { stack } = node;
    const resource = stack.resourcesById.get(name);
    if (resource) return { kind: 'ref', resource, attribute: null, at: node };
    if (name.startsWith('AWS::')) return this.#pseudo(node, name);
    const parameter = section(stack, 'Parameters')?.[name];
    if (parameter && typeof parameter === 'object') {
      const p = parameter as Json;
      // A nested stack's parameter is what its parent's AWS::CloudFormation::Stack passes in `Parameters`.
      const passed = this.#passedIn(node, name, depth);
      if (passed) return passed;
      const excluded = scope.excluded.get(`${stack.id}\u0000${name}`);
      if (excluded !== undefined) return unknown(node, excluded, name);
      if (!('Default' in p)) return unknown(node, `parameter '${name}' has no default: its value is chosen at deployment`, name);
      const def = this.#resolve({ stack, pointer: `/Parameters/${escapeToken(name)}/Default`, value: p['Default'] }, depth, scope);
      const type = typeof p['Type'] === 'string' ? p['Type'] : '';
      // The default of an SSM parameter type names a parameter in Parameter Store; the template gets its value.
      if (type.startsWith('AWS::SSM::Parameter::Value<'))
        return unknown(
          node,
          `parameter '${name}' is read from SSM parameter '${def.kind === 'literal' ? String(def.value) : '?'}' at deployment`,
          name,
        );
      if (def.kind === 'literal' && typeof def.value === 'string' && (type.startsWith('List<') || type === 'CommaDelimitedList')) {
        return {
          kind: 'list',
          items: def.value.split(',').map((v) => ({ kind: 'literal', value: v.trim(), at: node, parameter: name })),
          at: node,
        };
      }
      if (def.kind === 'literal') return { ...def, at: node, parameter: name };
      return def;
    }
    return unknown(node, `Ref to '${name}', which is neither a resource nor a parameter of this template`);
  }

  /**
   * The value the parent stack passes for a nested stack's parameter (read in the parent, where it is written);
   * undefined when the stack is not nested in a stack of the input, or the parent does not pass it (the default
   * applies then). Parameters written as one intrinsic cannot be read key by key: unknown.
   */
  #passedIn(node: NodeRef, name: string, depth: number): Resolved | undefined {
    const nested = node.stack.nestedIn;
    if (!nested) return undefined;
    const parent = this.world.stack(nested.stackId);
    const resource = parent?.resourcesById.get(nested.logicalId);
    if (!parent || !resource) return undefined;
    const properties = child(child(resource.node, 'Properties'), 'Parameters');
    const passed = properties.value;
    if (passed === null || typeof passed !== 'object' || Array.isArray(passed)) return undefined;
    if (intrinsicOf(passed) !== undefined)
      return unknown(
        node,
        `the parameters that stack ${parent.name ?? parent.id} passes to this nested stack are not known before deployment`,
      );
    if (!Object.hasOwn(passed, name)) return undefined;
    // Conditions of the parent are its own: the value is read there as a branch-free value.
    return this.#resolve(child(properties, name), depth, NO_SCOPE);
  }

  #pseudo(node: NodeRef, name: string): Resolved {
    const { env } = node.stack;
    const known = (value: string | null | undefined): Resolved =>
      value ? { kind: 'literal', value, at: node } : { kind: 'pseudo', name, at: node };
    switch (name) {
      case 'AWS::NoValue':
        // AWS::NoValue removes the property: treat it as absent.
        return { kind: 'absent', at: node, reason: 'novalue' };
      case 'AWS::Region':
        return known(env.region);
      case 'AWS::AccountId':
        return known(env.account);
      case 'AWS::Partition':
        return known(env.region ? partitionOf(env.region) : null);
      case 'AWS::URLSuffix':
        return known(env.region ? (env.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com') : null);
      case 'AWS::StackName':
        return known(node.stack.nestedIn ? null : node.stack.name);
      case 'AWS::StackId':
      case 'AWS::NotificationARNs':
        return { kind: 'pseudo', name, at: node };
      default:
        return unknown(node, `unknown pseudo parameter ${name}`);
    }
  }

  #getAtt(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    let parts = arg.value;
    if (typeof parts === 'string') {
      const dot = parts.indexOf('.');
      parts = dot === -1 ? [parts] : [parts.slice(0, dot), parts.slice(dot + 1)];
    }
    if (!Array.isArray(parts) || typeof parts[0] !== 'string') return unknown(node, 'Fn::GetAtt needs [resource, attribute]');
    const resource = node.stack.resourcesById.get(parts[0]);
    if (!resource) return unknown(node, `Fn::GetAtt names '${parts[0]}', which is not a resource of this template`);
    let attribute: unknown = parts[1];
    if (attribute !== null && typeof attribute === 'object') {
      const r = this.#resolve(child(arg, 1), depth, scope);
      attribute = r.kind === 'literal' ? r.value : undefined;
    }
    if (typeof attribute !== 'string') return unknown(node, 'Fn::GetAtt attribute is not known before deployment');
    return this.#through(node, resource, attribute, depth) ?? { kind: 'ref', resource, attribute, at: node };
  }

  /**
   * Attributes that pass a value of another stack of the input through: a nested stack's `Outputs.X`, and the
   * value CDK's `Custom::CrossRegionExportReader` reads from the SSM parameter that a `…ExportWriter` in the
   * producing stack (another region) writes. Undefined when the other end is not in the input.
   */
  #through(node: NodeRef, resource: Resource, attribute: string, depth: number): Resolved | undefined {
    if (resource.type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const nested = this.world.nestedStack(node.stack, resource.logicalId);
      return nested ? this.#output(node, nested, attribute.slice('Outputs.'.length), depth) : undefined;
    }
    if (resource.type === 'Custom::CrossRegionExportReader' && attribute.startsWith('/cdk/exports/')) {
      const written = this.world.crossRegionExport(attribute);
      return written ? this.#resolve(written, depth, NO_SCOPE) : undefined;
    }
    return undefined;
  }

  /** The `Value` of an output of another stack, read there. */
  #output(node: NodeRef, stack: Stack, name: string, depth: number): Resolved {
    const outputs = (stack.template.value as Json)['Outputs'];
    const output = outputs && typeof outputs === 'object' && Object.hasOwn(outputs, name) ? (outputs as Json)[name] : undefined;
    if (!output || typeof output !== 'object' || !Object.hasOwn(output, 'Value'))
      return unknown(node, `stack ${stack.name ?? stack.id} has no output '${name}'`);
    const at: NodeRef = { stack, pointer: `/Outputs/${escapeToken(name)}/Value`, value: (output as Json)['Value'] };
    return this.#resolve(at, depth, NO_SCOPE);
  }

  /**
   * `Fn::GetStackOutput {StackName, OutputName, Region, RoleArn}` reads an output of a stack directly, in another
   * region or account (the CDK's weak cross-stack references). The stack is found in the input by its name, and by
   * region when both are known.
   */
  #getStackOutput(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    const args = arg.value;
    if (!args || typeof args !== 'object' || Array.isArray(args)) return unknown(node, 'Fn::GetStackOutput needs {StackName, OutputName}');
    const read = (key: string) => {
      const r = this.#resolve(child(arg, key), depth, scope);
      return r.kind === 'literal' && typeof r.value === 'string' ? r.value : undefined;
    };
    const [stackName, outputName, region] = [read('StackName'), read('OutputName'), read('Region')];
    if (stackName === undefined || outputName === undefined)
      return unknown(node, 'Fn::GetStackOutput names a stack or output not known before deployment');
    const candidates = this.world.stacksNamed(stackName).filter((s) => !region || !s.env.region || s.env.region === region);
    if (candidates.length !== 1)
      return unknown(
        node,
        candidates.length === 0
          ? `Fn::GetStackOutput reads output '${outputName}' of stack '${stackName}'${region ? ` in ${region}` : ''}, which is not in this input`
          : `Fn::GetStackOutput names stack '${stackName}', and several stacks of the input have that name`,
      );
    return this.#output(node, candidates[0]!, outputName, depth);
  }

  #sub(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    let template: unknown = arg.value;
    let variables: Json = {};
    let variablesAt: NodeRef | undefined;
    if (Array.isArray(template)) {
      variablesAt = child(arg, 1);
      variables = template[1] && typeof template[1] === 'object' ? (template[1] as Json) : {};
      template = template[0];
    }
    if (typeof template !== 'string') return unknown(node, 'Fn::Sub needs a string');
    const parts: (string | Resolved)[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = pattern.exec(template); m; m = pattern.exec(template)) {
      parts.push(template.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1]!.trim();
      // `${!Literal}` is the escape for a literal `${Literal}`.
      if (name.startsWith('!')) {
        parts.push('${' + name.slice(1) + '}');
        continue;
      }
      if (variablesAt && Object.hasOwn(variables, name)) {
        parts.push(this.#resolve(child(variablesAt, name), depth, scope));
      } else if (!name.includes('.') || name.startsWith('AWS::')) {
        parts.push(this.#ref(node, name, depth, scope));
      } else {
        const dot = name.indexOf('.');
        parts.push(this.#getAtt(node, { ...arg, value: [name.slice(0, dot), name.slice(dot + 1)] }, depth, scope));
      }
    }
    parts.push(template.slice(last));
    return text(node, parts);
  }

  #join(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    const args = arg.value;
    if (!Array.isArray(args) || typeof args[0] !== 'string') return unknown(node, 'Fn::Join needs [delimiter, list]');
    const delimiter = args[0];
    return this.#mapAlternatives(this.#resolve(child(arg, 1), depth, scope), node, (list) => {
      if (list.kind !== 'list')
        return unknown(node, `Fn::Join of a ${list.kind === 'unknown' ? 'value not known before deployment' : list.kind}`);
      const parts: (string | Resolved)[] = [];
      list.items.forEach((item, i) => {
        if (i > 0) parts.push(delimiter);
        parts.push(item.kind === 'literal' && item.value !== null ? String(item.value) : item);
      });
      return text(node, parts);
    });
  }

  #if(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    const args = arg.value;
    if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string')
      return unknown(node, 'Fn::If needs [condition, then, else]');
    const name = args[0];
    const constant = this.condition(node.stack, name);
    if (constant !== undefined) return this.#resolve(child(arg, constant ? 1 : 2), depth, scope);
    // Each branch under the parameter values that make the condition go its way.
    const branch = (holds: boolean) => ({
      when: [{ condition: name, holds }],
      value: this.#resolve(child(arg, holds ? 1 : 2), depth, this.#narrow(scope, node.stack, name, holds)),
    });
    return oneOfValue(node, [branch(true), branch(false)]);
  }

  #select(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    const args = arg.value;
    if (!Array.isArray(args) || args.length !== 2) return unknown(node, 'Fn::Select needs [index, list]');
    const index = this.#resolve(child(arg, 0), depth, scope);
    if (index.kind !== 'literal' || !/^\d+$/.test(String(index.value)))
      return unknown(node, 'Fn::Select index is not known before deployment');
    return this.#mapAlternatives(this.#resolve(child(arg, 1), depth, scope), node, (list) =>
      list.kind === 'list'
        ? (list.items[Number(index.value)] ?? unknown(node, `Fn::Select index ${index.value} is out of range`))
        : unknown(node, list.kind === 'unknown' ? list.reason : `Fn::Select from a ${list.kind}`),
    );
  }

  #split(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    const args = arg.value;
    if (!Array.isArray(args) || typeof args[0] !== 'string') return unknown(node, 'Fn::Split needs [delimiter, string]');
    const delimiter = args[0];
    return this.#mapAlternatives(this.#resolve(child(arg, 1), depth, scope), node, (source) =>
      source.kind === 'literal' && typeof source.value === 'string'
        ? { kind: 'list', at: node, items: source.value.split(delimiter).map((v) => ({ kind: 'literal', value: v, at: node })) }
        : unknown(node, 'Fn::Split of a value not known before deployment'),
    );
  }

  #findInMap(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    const args = arg.value;
    if (!Array.isArray(args) || args.length < 3) return unknown(node, 'Fn::FindInMap needs [map, key, key]');
    const keys = [0, 1, 2].map((i) => this.#resolve(child(arg, i), depth, scope));
    const mapName = keys[0]!;
    if (mapName.kind !== 'literal') return unknown(node, 'Fn::FindInMap map name is not known before deployment');
    const mapAt: NodeRef = {
      stack: node.stack,
      pointer: `/Mappings/${escapeToken(String(mapName.value))}`,
      value: section(node.stack, 'Mappings')?.[String(mapName.value)],
    };
    const level = (at: NodeRef, key: Resolved, rest: Resolved[], when: Branch[]): Resolved => {
      if (!at.value || typeof at.value !== 'object') return unknown(node, `mapping '${mapName.value}' has no such entry`);
      const entries = at.value as Json;
      const pick = (name: string) => {
        const next = child(at, name);
        return rest.length === 0 ? this.#resolve(next, depth, scope) : level(next, rest[0]!, rest.slice(1), when);
      };
      if (key.kind === 'literal')
        return Object.hasOwn(entries, String(key.value))
          ? pick(String(key.value))
          : unknown(node, `mapping '${mapName.value}' has no key '${key.value}'`);
      // An unknown key (often AWS::Region) can pick any entry: every entry is an alternative. Entries are read only
      // until the alternatives are past the cap: the rest would be cut anyway.
      const names = Object.keys(entries).sort().slice(0, MAX_MAP_FANOUT);
      if (names.length === 0) return unknown(node, `mapping '${mapName.value}' is empty`);
      const options: { when: Branch[]; value: Resolved }[] = [];
      let count = 0;
      for (const name of names) {
        if (count > MAX_ALTERNATIVES) break;
        const value = pick(name);
        count += value.kind === 'oneOf' ? value.options.length : 1;
        options.push({ when: [{ condition: `${mapName.value}[${name}]`, holds: true }], value });
      }
      if (count > MAX_ALTERNATIVES && options.length < names.length)
        options.push({ when: [], value: unknown(node, TOO_MANY_ALTERNATIVES) });
      return oneOfValue(node, options);
    };
    return level(mapAt, keys[1]!, [keys[2]!], []);
  }

  #importValue(node: NodeRef, arg: NodeRef, depth: number, scope: Scope): Resolved {
    const name = this.#resolve(arg, depth, scope);
    if (name.kind !== 'literal' || typeof name.value !== 'string')
      return unknown(node, 'Fn::ImportValue of an export name not known before deployment');
    const found = this.world.exports(name.value);
    if (!found) return unknown(node, `Fn::ImportValue '${name.value}' is exported by a stack outside this input`);
    // The exporting stack's conditions are its own: the value is read there as a branch-free value.
    return this.#resolve(found.value, depth, NO_SCOPE);
  }

  /** `f` applied to each alternative (the options of a resolved `oneOf` are flat and capped: one level). */
  #mapAlternatives(value: Resolved, node: NodeRef, f: (v: Resolved) => Resolved): Resolved {
    if (value.kind !== 'oneOf') return f(value);
    return oneOfValue(
      node,
      value.options.map((o) => ({ when: o.when, value: o.value.kind === 'oneOf' ? this.#mapAlternatives(o.value, node, f) : f(o.value) })),
    );
  }

  /**
   * `scope` plus the parameters whose default cannot apply where condition `name` of `stack` is `holds`. Scopes are
   * interned by key, so the values read under equal scopes share one memo.
   */
  #narrow(scope: Scope, stack: Stack, name: string, holds: boolean): Scope {
    const excluded = this.#excludedBy(stack, name, holds);
    if (excluded.size === 0) return scope;
    const merged = new Map(scope.excluded);
    let grew = false;
    for (const [parameter, reason] of excluded) {
      const key = `${stack.id}\u0000${parameter}`;
      if (!merged.has(key)) {
        merged.set(key, reason);
        grew = true;
      }
    }
    if (!grew) return scope;
    const key = [...merged.keys()].sort().join('\u0001');
    let interned = this.#scopes.get(key);
    if (!interned) this.#scopes.set(key, (interned = { key, excluded: merged }));
    return interned;
  }

  /**
   * The parameters of `stack` that cannot keep their default where condition `name` is `holds`, with the reason.
   * None when the defaults agree with the branch, or when the condition does not depend on the defaults. Otherwise
   * a parameter is excluded when the condition, with that parameter at its default and the others free, is
   * certainly the other way; when no single one is (the defaults contradict the branch only together), all of the
   * condition's parameters are, since which one differs is not known.
   */
  #excludedBy(stack: Stack, name: string, holds: boolean): ReadonlyMap<string, string> {
    let byBranch = this.#exclusions.get(stack);
    if (!byBranch) this.#exclusions.set(stack, (byBranch = new Map()));
    const key = `${holds}\u0000${name}`;
    const known = byBranch.get(key);
    if (known) return known;
    const out = new Map<string, string>();
    byBranch.set(key, out);
    if (this.condition(stack, name, true) === !holds) {
      const parameters = conditionParameters(stack, name);
      const single = parameters.filter((p) => this.#condition(stack, name, p, 0) === !holds);
      const branch = `condition ${name} is ${holds}`;
      for (const p of single.length > 0 ? single : parameters)
        out.set(
          p,
          single.length > 0
            ? `parameter '${p}' cannot have its default${defaultText(stack, p)} where ${branch}, so its value there is chosen at deployment`
            : `the defaults of parameters ${parameters.map((x) => `'${x}'`).join(', ')} do not all apply where ${branch}, so the value of '${p}' there is chosen at deployment`,
        );
    }
    return out;
  }

  #condition(stack: Stack, name: string, withDefaults: Defaults, depth: number): boolean | undefined {
    const conditions = section(stack, 'Conditions');
    if (!conditions || !Object.hasOwn(conditions, name) || depth > MAX_RESOLVE_DEPTH) return undefined;
    // Memoized, and a condition that depends on itself is undecided: `!And [!Condition A, !Condition A]` inside
    // A would otherwise branch 2^MAX_RESOLVE_DEPTH times.
    let known = this.#conditions.get(stack);
    if (!known) this.#conditions.set(stack, (known = new Map()));
    const key = `${withDefaults}\u0000${name}`;
    if (known.has(key)) return known.get(key);
    const activeKey = `${stack.id}\u0000${key}`;
    if (this.#activeConditions.has(activeKey)) return undefined;
    this.#activeConditions.add(activeKey);
    let result: boolean | undefined;
    try {
      result = this.#evaluate({ stack, pointer: `/Conditions/${escapeToken(name)}`, value: conditions[name] }, withDefaults, depth + 1);
    } finally {
      this.#activeConditions.delete(activeKey);
    }
    known.set(key, result);
    return result;
  }

  /** Three-valued: undefined when the outcome depends on the deployment. */
  #evaluate(node: NodeRef, withDefaults: Defaults, depth: number): boolean | undefined {
    const value = node.value;
    if (typeof value === 'boolean') return value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const [fn] = Object.keys(value);
    if (!fn) return undefined;
    const arg = child(node, fn);
    const args = Array.isArray(arg.value) ? arg.value.map((_, i) => child(arg, i)) : [];
    switch (fn) {
      case 'Condition':
        return typeof arg.value === 'string' ? this.#condition(node.stack, arg.value, withDefaults, depth) : undefined;
      case 'Fn::Not':
        return args[0] ? not(this.#evaluate(args[0], withDefaults, depth)) : undefined;
      case 'Fn::And': {
        const results = args.map((a) => this.#evaluate(a, withDefaults, depth));
        return results.includes(false) ? false : results.every((r) => r === true) ? true : undefined;
      }
      case 'Fn::Or': {
        const results = args.map((a) => this.#evaluate(a, withDefaults, depth));
        return results.includes(true) ? true : results.every((r) => r === false) ? false : undefined;
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return undefined;
        const [a, b] = args.map((x) => this.#resolve(x, depth, NO_SCOPE));
        const known = (r: Resolved | undefined) =>
          r?.kind === 'literal' && (withDefaults === true || r.parameter === undefined || r.parameter === withDefaults);
        if (!known(a) || !known(b)) return undefined;
        return String((a as { value: unknown }).value) === String((b as { value: unknown }).value);
      }
      default:
        return undefined;
    }
  }
}

/**
 * The function of an intrinsic (`Ref`, `Fn::Join`, …): the key of a mapping whose only key is `Ref` or starts with
 * `Fn::`; undefined for any other mapping. The resolver and the graph's link walk both ask it. No key array.
 */
export function intrinsicOf(value: object): string | undefined {
  let only: string | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (only !== undefined) return undefined;
    only = key;
  }
  return only !== undefined && (only === 'Ref' || only.startsWith('Fn::')) ? only : undefined;
}

/** Which parameter defaults a condition is evaluated with: none, all, or the named parameter's only. */
type Defaults = boolean | string;

/** ` ''` — the default of a parameter as a message quotes it, or empty when it is not a scalar. */
function defaultText(stack: Stack, name: string): string {
  const p = section(stack, 'Parameters')?.[name];
  const value = p && typeof p === 'object' ? (p as Json)['Default'] : undefined;
  return value === null || value === undefined || typeof value === 'object' ? '' : ` '${String(value as string | number | boolean)}'`;
}

function not(value: boolean | undefined): boolean | undefined {
  return value === undefined ? undefined : !value;
}

/**
 * A node read through its parent. Most nodes the resolver reads are never pointed at (only findings and a few
 * queries ask where a node is), so the pointer is built on first use: an all-rules scan of the bench corpus reads
 * about 190,000 nodes, and building each pointer up front kept some 380,000 concatenated strings (16 MB) alive.
 */
class ChildNode implements NodeRef {
  readonly #parent: NodeRef;
  readonly #key: string | number;
  #pointer: Pointer | undefined;

  constructor(
    readonly stack: Stack,
    readonly value: unknown,
    parent: NodeRef,
    key: string | number,
  ) {
    this.#parent = parent;
    this.#key = key;
  }

  /** The same pointer as `childPointer(parent.pointer, key)`, without its token arrays. */
  get pointer(): Pointer {
    return (this.#pointer ??= this.#parent.pointer + '/' + escapeToken(this.#key));
  }
}

/** The node of `key` under `node`, its pointer built on first use. The graph makes its resource nodes with it too. */
export function child(node: NodeRef, key: string | number): NodeRef {
  const value = node.value as Json | unknown[] | null;
  const next = value && typeof value === 'object' ? (value as Json)[key as string] : undefined;
  return new ChildNode(node.stack, next, node, key);
}

function text(node: NodeRef, parts: (string | Resolved)[]): Resolved {
  // Merge adjacent strings; a string with no holes is a literal.
  const merged: (string | Resolved)[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && part === '') continue;
    const flat = typeof part !== 'string' && part.kind === 'text' ? part.parts : [part];
    for (const p of flat) {
      const s = typeof p !== 'string' && p.kind === 'literal' && p.value !== null ? String(p.value) : p;
      if (typeof s === 'string' && typeof merged.at(-1) === 'string') merged[merged.length - 1] += s;
      else merged.push(s);
    }
  }
  if (merged.length > MAX_TEXT_PARTS || merged.some((p) => typeof p === 'string' && p.length > MAX_TEXT_LENGTH))
    return unknown(node, `the string is built from more than ${MAX_TEXT_PARTS} parts or ${MAX_TEXT_LENGTH} characters; it was not built`);
  if (merged.length === 0) return { kind: 'literal', value: '', at: node };
  if (merged.length === 1 && typeof merged[0] === 'string') return { kind: 'literal', value: merged[0], at: node };
  return { kind: 'text', parts: merged, at: node };
}

function unknown(at: NodeRef, reason: string, parameter?: string): Resolved {
  return parameter === undefined ? { kind: 'unknown', reason, at } : { kind: 'unknown', reason, at, parameter };
}

function section(stack: Stack, name: 'Parameters' | 'Mappings' | 'Conditions'): Json | undefined {
  const value = (stack.template.value as Json)[name];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}
