import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import type { Document, Pair, Scalar, Tags, YAMLMap, Node as YamlNode } from 'yaml';
import type { OffsetFinder, SourceDocument } from './document.js';
import { LoadFailure, makeLocator, MAX_DEPTH } from './document.js';

/**
 * The `yaml` package, loaded on first use: importing it costs about 30 ms of start-up, and scans of JSON templates
 * (every CDK cloud assembly) never need it.
 */
let library: typeof YamlLibrary | undefined;
function yaml(): typeof YamlLibrary {
  library ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary;
  return library;
}

/** Short-form tags and the long-form key each stands for. `!Ref` and `!Condition` keep their names. */
export const SHORT_FORMS: Readonly<Record<string, string>> = Object.fromEntries([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'And',
    'Base64',
    'Cidr',
    'Contains',
    'EachMemberEquals',
    'EachMemberIn',
    'Equals',
    'FindInMap',
    'ForEach',
    'GetAtt',
    'GetAZs',
    'If',
    'ImportValue',
    'Join',
    'Length',
    'Not',
    'Or',
    'RefAll',
    'Select',
    'Split',
    'Sub',
    'ToJsonString',
    'Transform',
    'ValueOf',
    'ValueOfAll',
  ].map((name) => [`!${name}`, `Fn::${name}`]),
]);

/** Every short form is accepted on a scalar, a sequence and a mapping; the converter gives it meaning. */
export const CFN_TAGS: Tags = Object.keys(SHORT_FORMS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as Tags;

/** Nodes that aliases may add in total. A billion-laughs file stops here instead of exhausting memory. */
export const ALIAS_NODE_BUDGET = 100_000;

/**
 * Parses a CloudFormation YAML template. The `yaml` package gives a tree with offsets; this converts it to
 * plain JSON with short-form tags in long form, and keeps the tree to locate findings later.
 *
 * YAML 1.2 core schema, like CloudFormation in practice: an unquoted `2012-10-17` stays a string, and so do
 * `yes`/`no`/`on`/`off`. Plain numbers with a leading zero (account ids like `012345678901`) keep their text,
 * because reading them as numbers would silently drop the zero.
 */
export function parseYaml(file: string, text: string): SourceDocument {
  let doc: Document.Parsed;
  try {
    doc = yaml().parseDocument(text, { customTags: CFN_TAGS, prettyErrors: false, strict: false, uniqueKeys: false });
  } catch (error) {
    // The parser recurses; absurd nesting overflows its stack before it can report anything.
    if (error instanceof RangeError) throw new LoadFailure('TOO_DEEP', 'nesting too deep to parse');
    throw new LoadFailure('PARSE', `invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const first = doc.errors[0];
  // The composer recurses and reports its own stack overflow as RESOURCE_EXHAUSTION: that is nesting, not syntax.
  if (first?.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(first.message))
    throw new LoadFailure('TOO_DEEP', 'nesting too deep to parse', first.pos[0]);
  if (first) throw new LoadFailure('PARSE', `invalid YAML: ${first.message.split('\n')[0]}`, first.pos[0]);
  const value = new Converter(doc).convert(doc.contents, 0, false);
  return { file, format: 'yaml', text, value, locate: makeLocator(text, () => yamlFinder(doc, text)) };
}

class Converter {
  #aliasNodes = 0;
  readonly #expanding = new Set<YamlNode>();
  #targets: Map<YamlNode, YamlNode> | undefined;

  constructor(private readonly doc: Document.Parsed) {}

  #target(alias: YamlNode): YamlNode | undefined {
    this.#targets ??= aliasTargets(this.doc);
    return this.#targets.get(alias);
  }

  /**
   * The plain value of a node at `depth`, counted as checkDepth counts the parsed JSON value (the root is 0): a
   * container (a sequence, a mapping, or the `{"Fn::If": …}` object a short-form tag becomes) at depth
   * {@link MAX_DEPTH} or deeper is TOO_DEEP, at the node. JSON and YAML templates therefore share one limit.
   */
  convert(node: YamlNode | null | unknown, depth: number, viaAlias: boolean): unknown {
    if (viaAlias && ++this.#aliasNodes > ALIAS_NODE_BUDGET)
      throw new LoadFailure('ALIAS_LIMIT', `aliases expand to more than ${ALIAS_NODE_BUDGET} nodes (alias bomb?)`, offsetOf(node));
    if (node === null || node === undefined) return null;
    if (yaml().isAlias(node)) {
      const target = this.#target(node);
      if (!target) throw new LoadFailure('PARSE', `unknown alias *${node.source}`, offsetOf(node));
      if (this.#expanding.has(target)) throw new LoadFailure('ALIAS_LIMIT', `alias *${node.source} refers to itself`, offsetOf(node));
      this.#expanding.add(target);
      try {
        return this.convert(target, depth, true);
      } finally {
        this.#expanding.delete(target);
      }
    }
    const longForm = typeof node === 'object' && 'tag' in node && typeof node.tag === 'string' ? SHORT_FORMS[node.tag] : undefined;
    const seq = yaml().isSeq(node);
    const map = !seq && yaml().isMap(node);
    // A short form's content sits one level inside the object it becomes.
    const inner = longForm ? depth + 1 : depth;
    if (seq || map ? inner >= MAX_DEPTH : longForm !== undefined && depth >= MAX_DEPTH)
      throw new LoadFailure('TOO_DEEP', `nesting deeper than ${MAX_DEPTH} levels`, offsetOf(node));
    let value: unknown;
    if (yaml().isScalar(node)) value = scalarValue(node.value, node.source, node.type);
    else if (seq) value = node.items.map((item) => this.convert(item, inner + 1, viaAlias));
    else if (map) value = this.mapping(node.items, inner, viaAlias);
    else return null;
    if (!longForm) return value;
    // `!GetAtt Bucket.Arn` names the resource before the first dot; the rest is the attribute (`Endpoint.Address`).
    if (longForm === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      value = dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
    }
    return { [longForm]: value };
  }

  mapping(items: readonly Pair<unknown, unknown>[], depth: number, viaAlias: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    // Duplicate keys are checked here, on the keys as CloudFormation reads them: the parser's own check
    // (`uniqueKeys`) compares every key with every earlier one, which made a mapping of 60,000 keys take minutes.
    const written = new Set<string>();
    for (const pair of items) {
      const key = yaml().isScalar(pair.key) ? keyText(pair.key) : String(this.convert(pair.key, depth + 1, viaAlias));
      const merge = key === '<<' && yaml().isScalar(pair.key) && pair.key.type === 'PLAIN';
      if (!merge) {
        if (written.has(key))
          throw new LoadFailure('PARSE', `invalid YAML: Map keys must be unique ('${key}' appears twice)`, offsetOf(pair.key));
        written.add(key);
      }
      const value = this.convert(pair.value as YamlNode | null, depth + 1, viaAlias);
      // YAML merge keys (`<<: *base`) copy entries that the mapping does not set itself.
      if (merge) {
        for (const source of Array.isArray(value) ? value : [value])
          if (source && typeof source === 'object')
            for (const [k, v] of Object.entries(source)) if (!Object.hasOwn(out, k)) setOwn(out, k, v);
        continue;
      }
      setOwn(out, key, value);
    }
    return out;
  }
}

/** `out[key] = value`, except that a `__proto__` key is an entry as in JSON.parse, not the object's prototype. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * A mapping key as CloudFormation reads it: always a string, and for a plain scalar the text as written. In the
 * core schema `Null`, `True` and `012345678901` would be null, true and a number; as keys (logical ids, mapping
 * keys by account id) they must stay `"Null"`, `"True"` and `"012345678901"`.
 */
function keyText(key: Scalar): string {
  return typeof key.value === 'string' ? key.value : (key.source ?? String(key.value));
}

function scalarValue(value: unknown, source: string | undefined, type: string | undefined): unknown {
  // The value must be plain JSON. Explicit YAML tags (`!!timestamp`, `!!binary`) and `.inf`/`.nan` give a Date,
  // bytes or a non-finite number, which JSON cannot hold and no CloudFormation property expects: keep the text.
  if ((typeof value === 'number' && !Number.isFinite(value)) || typeof value === 'bigint' || (value !== null && typeof value === 'object'))
    return source ?? String(value);
  if (typeof value === 'number' && type === 'PLAIN' && source !== undefined) {
    if (/^[-+]?0\d/.test(source) || (!Number.isSafeInteger(value) && /^[-+]?\d+$/.test(source))) return source;
  }
  return value;
}

/**
 * What each alias refers to: the last node before it with that anchor, as YAML defines it. One iterative pass
 * in document order; `Alias.resolve` walks the whole document on every call, which makes a file with many
 * aliases take quadratic time (10,000 aliases took 11 s).
 */
function aliasTargets(doc: Document.Parsed): Map<YamlNode, YamlNode> {
  const targets = new Map<YamlNode, YamlNode>();
  const anchors = new Map<string, YamlNode>();
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (yaml().isPair(node)) {
      pending.push(node.value, node.key);
      continue;
    }
    if (yaml().isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
      continue;
    }
    if (!yaml().isScalar(node) && !yaml().isMap(node) && !yaml().isSeq(node)) continue;
    if (node.anchor) anchors.set(node.anchor, node);
    if (yaml().isMap(node) || yaml().isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
  }
  return targets;
}

function offsetOf(node: unknown): number {
  return node && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? (node.range[0] as number) : 0;
}

/** Finds the offsets of a token path in the YAML tree, stepping through short-form tags and aliases. */
function yamlFinder(doc: Document.Parsed, text: string): OffsetFinder {
  let targets: Map<YamlNode, YamlNode> | undefined;
  return (tokens) => {
    let node: unknown = doc.contents;
    let start: number | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (yaml().isAlias(node)) node = (targets ??= aliasTargets(doc)).get(node);
      const tag = node && typeof node === 'object' && 'tag' in node ? SHORT_FORMS[String(node.tag)] : undefined;
      if (tag === token) {
        // `/Fn::GetAtt` on `!GetAtt A.B` is the tagged node itself, and so are its two parts. The range starts at
        // the tag, not at the key that holds it: `/Name/Ref` is `!Ref X`, as in JSON it is `"Ref": "X"`.
        if (yaml().isScalar(node) && tag === 'Fn::GetAtt' && /^[01]$/.test(tokens[i + 1] ?? '')) i++;
        start = undefined;
        continue;
      }
      start = undefined;
      if (yaml().isMap(node)) {
        const pair = keysOf(node).get(token);
        if (!pair) return undefined;
        start = offsetOf(pair.key);
        node = pair.value;
      } else if (yaml().isSeq(node) && /^\d+$/.test(token)) {
        node = node.items[Number(token)];
      } else return undefined;
      if (node === undefined) return undefined;
    }
    const range = node && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? (node.range as number[]) : undefined;
    if (!range) return start === undefined ? [0, 0] : [start, start];
    return [start ?? withTag(text, node, range[0]!), range[1]!];
  };
}

/**
 * The pairs of a mapping by key, built on first lookup: searching the items for every finding made locating
 * quadratic in the size of a mapping (349 KB of YAML took 20 s). A repeated key keeps its last pair, as the
 * converter does.
 */
const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
function keysOf(node: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(node);
  if (!index) {
    index = new Map();
    for (const pair of node.items) if (yaml().isPair(pair) && yaml().isScalar(pair.key)) index.set(keyText(pair.key), pair as Pair);
    keyIndexes.set(node, index);
  }
  return index;
}

/** A node's range starts after its tag; a finding on `!Ref AWS::NoValue` should start at `!Ref`. */
function withTag(text: string, node: unknown, offset: number): number {
  const tag = node && typeof node === 'object' && 'tag' in node && typeof node.tag === 'string' ? node.tag : undefined;
  if (!tag || !SHORT_FORMS[tag]) return offset;
  let i = offset;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return text.slice(i - tag.length, i) === tag ? i - tag.length : offset;
}
