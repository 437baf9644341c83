import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { FixOperation } from '../model/fix.js';
import { parsePointer } from '../load/pointer.js';
import { CFN_TAGS, SHORT_FORMS } from '../load/yaml.js';
import { FixConflict } from './operations.js';

let library: typeof YamlLibrary | undefined;
function yaml(): typeof YamlLibrary {
  library ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary;
  return library;
}

/** Long form → short-form tag (`Fn::GetAtt` → `!GetAtt`), to write new intrinsics the way the file writes its own. */
const TAG_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(SHORT_FORMS).map(([tag, key]) => [key, tag]));

/**
 * Applies operations to YAML text by splicing: each operation finds the node it edits in the parsed tree and
 * replaces or inserts text at that node's offsets only. Comments, short-form tags, key order, quoting and
 * indentation elsewhere are never re-serialized, so every line the fix does not touch stays byte-identical.
 * New text follows the file: its indentation step, its line ending, and short-form tags when it uses them.
 * Throws {@link FixConflict} when the edit would pass through an alias, a merge key or an intrinsic.
 */
export function applyToYamlText(text: string, operations: readonly FixOperation[]): string {
  let out = text;
  for (const operation of operations) out = applyOne(out, operation);
  return out;
}

interface Style {
  step: number;
  eol: string;
  short: boolean;
}

function applyOne(text: string, operation: FixOperation): string {
  if (operation.op === 'stackSetting') return text;
  const doc = yaml().parseDocument(text, { customTags: CFN_TAGS, prettyErrors: false, strict: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw new FixConflict(`the YAML does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
  const style: Style = {
    step: indentStep(text),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    short: /(^|[\s[{,:-])!(Ref|Sub|GetAtt|Join|If|Select)\b/m.test(text),
  };
  const editor = new Splicer(text, doc, style);
  if (operation.op === 'addResource') return editor.set(['Resources', operation.logicalId], operation.resource);
  const tokens = parsePointer(operation.pointer);
  if (operation.op === 'set') return editor.set(tokens, operation.value);
  if (operation.op === 'remove') return editor.remove(tokens);
  return editor.append(tokens, operation.value);
}

class Splicer {
  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly style: Style,
  ) {}

  /** Sets the value at `tokens`: replaces an existing value, or inserts the first missing key under its deepest existing mapping. */
  set(tokens: readonly string[], value: unknown): string {
    const walk = this.walk(tokens);
    if (walk.rest.length === 0) {
      const pair = walk.pair;
      if (!pair) throw new FixConflict('cannot replace this node');
      return this.replaceValue(pair, value);
    }
    const [key, ...deeper] = walk.rest as [string, ...string[]];
    const nested = deeper.reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
    const node = walk.node;
    if (yaml().isMap(node)) return this.insertPair(node, key, nested);
    // `Properties:` with nothing after it: a null value, which the model treats as an empty mapping.
    if (walk.pair && isEmptyScalar(walk.pair.value)) return this.replaceValue(walk.pair, { [key]: nested });
    throw new FixConflict(`cannot add '${key}' here: the parent is not a mapping`);
  }

  append(tokens: readonly string[], item: unknown): string {
    const walk = this.walk(tokens);
    if (walk.rest.length > 0) return this.set(tokens, [item]);
    const seq = walk.node;
    if (!yaml().isSeq(seq) || seq.tag) throw new FixConflict('the value to append to is not a plain list');
    if (seq.flow || seq.items.length === 0) return this.insertFlow(seq, toFlow(item));
    const first = seq.items[0] as YamlNode;
    const dash = this.dashBefore(start(first));
    const column = dash - lineStart(this.text, dash);
    const at = this.lineEndAfter(end(seq.items[seq.items.length - 1] as YamlNode));
    const body = this.block(item, column + 2).trimStart();
    return this.splice(at, at, `${this.newlineIfNeeded(at)}${' '.repeat(column)}- ${body}${this.style.eol}`);
  }

  remove(tokens: readonly string[]): string {
    const walk = this.walk(tokens);
    if (walk.rest.length > 0) throw new FixConflict('the value to remove does not exist');
    const parent = walk.parent;
    if (yaml().isSeq(parent)) {
      const item = walk.node as YamlNode;
      if (parent.flow) return this.removeFlowItem(item);
      if (parent.items.length === 1) throw new FixConflict('removing the only item would leave an empty block list');
      const dash = this.dashBefore(start(item));
      return this.splice(lineStart(this.text, dash), this.lineEndAfter(end(item)), '');
    }
    const pair = walk.pair;
    if (!pair || !yaml().isMap(parent) || parent.flow) throw new FixConflict('only block mapping entries and list items can be removed');
    if (parent.items.length === 1) throw new FixConflict('removing the only entry would leave an empty mapping');
    const keyNode = pair.key as YamlNode;
    const valueEnd = pair.value ? end(pair.value as YamlNode) : end(keyNode);
    return this.splice(lineStart(this.text, start(keyNode)), this.lineEndAfter(valueEnd), '');
  }

  /** Follows tokens through plain mappings and lists; stops at the first missing one. Aliases, merge keys and tags refuse. */
  private walk(tokens: readonly string[]): { node: unknown; parent: unknown; pair: Pair | undefined; rest: string[] } {
    let node: unknown = this.doc.contents;
    let parent: unknown;
    let pair: Pair | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (yaml().isAlias(node)) throw new FixConflict('the path goes through a YAML alias');
      if (node && typeof node === 'object' && 'tag' in node && typeof node.tag === 'string' && SHORT_FORMS[node.tag])
        throw new FixConflict(`the path goes through the intrinsic ${node.tag}`);
      if (yaml().isMap(node)) {
        if (node.items.some((p) => yaml().isScalar(p.key) && p.key.value === '<<'))
          throw new FixConflict('the mapping uses a YAML merge key');
        const found = node.items.findLast((p) => yaml().isScalar(p.key) && String(p.key.value) === token);
        if (!found) return { node, parent, pair, rest: tokens.slice(i) };
        if (found.value === null || isEmptyScalar(found.value)) {
          // A key without a value is where new children go.
          if (i < tokens.length - 1) return { node: found.value, parent: node, pair: found, rest: tokens.slice(i + 1) };
        }
        parent = node;
        pair = found;
        node = found.value;
      } else if (yaml().isSeq(node)) {
        const item = /^\d+$/.test(token) ? node.items[Number(token)] : undefined;
        if (item === undefined) throw new FixConflict(`no list item ${token}`);
        parent = node;
        pair = undefined;
        node = item;
      } else throw new FixConflict(`cannot step into a scalar at '${token}'`);
    }
    return { node, parent, pair, rest: [] };
  }

  private insertPair(map: YAMLMap, key: string, value: unknown): string {
    if (map.tag) throw new FixConflict(`the mapping is the intrinsic ${map.tag}`);
    if (map.flow || map.items.length === 0) return this.insertFlow(map, `${flowKey(key)}: ${toFlow(value)}`);
    const firstKey = map.items[0]!.key as YamlNode;
    const column = start(firstKey) - lineStart(this.text, start(firstKey));
    const last = map.items[map.items.length - 1]!;
    const at = this.lineEndAfter(last.value ? end(last.value as YamlNode) : end(last.key as YamlNode));
    // Entries separated by blank lines (resources, usually) get one before the new entry too.
    const second = map.items[1]?.key as YamlNode | undefined;
    const spaced = second !== undefined && /\n[ \t]*\r?\n/.test(this.text.slice(end(map.items[0]!.value as YamlNode) - 1, start(second)));
    const gap = spaced ? this.style.eol : '';
    return this.splice(at, at, this.newlineIfNeeded(at) + gap + this.block({ [key]: value }, column) + this.style.eol);
  }

  /** Replaces a pair's value, keeping its key, its tag-free neighbours and the comment after it. */
  private replaceValue(pair: Pair, value: unknown): string {
    const keyNode = pair.key as YamlNode;
    const colon = this.text.indexOf(':', end(keyNode));
    if (colon === -1) throw new FixConflict('cannot find the key’s colon');
    const old = pair.value as YamlNode | null;
    const from = colon + 1;
    let to = old && !isEmptyScalar(old) ? end(old) : from;
    // A block value's range runs over its last line break; the replacement keeps that break.
    while (to > from && /[\r\n]/.test(this.text[to - 1]!)) to--;
    const keyColumn = start(keyNode) - lineStart(this.text, start(keyNode));
    const inFlow = this.insideFlow(keyNode);
    if (value === null || typeof value !== 'object' || inFlow)
      return this.splice(from, to, ` ${inFlow ? toFlow(value) : this.scalar(value)}`);
    const body = this.block(value, keyColumn + this.style.step);
    return this.splice(from, to, `${this.style.eol}${body}`);
  }

  private insertFlow(collection: YAMLMap | YAMLSeq, entry: string): string {
    const close = end(collection as YamlNode) - 1;
    const closer = this.text[close];
    if (closer !== '}' && closer !== ']') throw new FixConflict('cannot find the end of a flow collection');
    const empty = collection.items.length === 0;
    let at = close;
    while (at > 0 && /\s/.test(this.text[at - 1]!)) at--;
    return this.splice(at, at, `${empty ? '' : ', '}${entry}`);
  }

  private removeFlowItem(item: YamlNode): string {
    let from = this.withTag(item);
    let to = end(item);
    const after = /^\s*,\s*/.exec(this.text.slice(to));
    if (after) to += after[0].length;
    else {
      const before = /,\s*$/.exec(this.text.slice(0, from));
      if (before) from -= before[0].length;
    }
    return this.splice(from, to, '');
  }

  private insideFlow(node: YamlNode): boolean {
    let inFlow = false;
    yaml().visit(this.doc, {
      Node: (_key, n, path) => {
        if (n === node) {
          inFlow = path.some((p) => (yaml().isMap(p) || yaml().isSeq(p)) && p.flow === true);
          return yaml().visit.BREAK;
        }
        return undefined;
      },
      Pair: (_key, p, path) => {
        if (p.key === node) {
          inFlow = path.some((q) => (yaml().isMap(q) || yaml().isSeq(q)) && q.flow === true);
          return yaml().visit.BREAK;
        }
        return undefined;
      },
    });
    return inFlow;
  }

  /** A value as block YAML, every line indented by `column` (no final line break). */
  private block(value: unknown, column: number): string {
    const doc = new (yaml().Document)(null, { customTags: CFN_TAGS });
    doc.contents = this.node(doc, value) as typeof doc.contents;
    const rendered = doc.toString({ indent: this.style.step, lineWidth: 0, indentSeq: true }).replace(/\n$/, '');
    return rendered
      .split('\n')
      .map((line) => (line === '' ? line : ' '.repeat(column) + line))
      .join(this.style.eol);
  }

  private scalar(value: unknown): string {
    const doc = new (yaml().Document)(value);
    return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
  }

  /** A YAML node for a plain value; intrinsics become short-form tags when the file uses them. */
  private node(doc: Document, value: unknown): unknown {
    if (Array.isArray(value)) {
      const seq = doc.createNode([]) as YAMLSeq;
      for (const item of value) seq.items.push(this.node(doc, item));
      return seq;
    }
    if (value === null || typeof value !== 'object') return doc.createNode(value);
    const entries = Object.entries(value);
    const tag = entries.length === 1 ? TAG_OF[entries[0]![0]] : undefined;
    if (this.style.short && tag) {
      const inner = entries[0]![1];
      // `!GetAtt Bucket.Arn` for the two-name form, as people write it.
      const shortValue =
        tag === '!GetAtt' && Array.isArray(inner) && inner.length === 2 && inner.every((p) => typeof p === 'string')
          ? inner.join('.')
          : inner;
      const node = this.node(doc, shortValue) as YamlNode & { tag?: string; flow?: boolean };
      node.tag = tag;
      if (yaml().isCollection(node)) node.flow = true;
      return node;
    }
    const map = doc.createNode({}) as YAMLMap;
    for (const [k, v] of entries) map.items.push(doc.createPair(k, this.node(doc, v)) as Pair<unknown, unknown>);
    return map;
  }

  private withTag(node: YamlNode): number {
    const offset = start(node);
    const tag = 'tag' in node && typeof node.tag === 'string' ? node.tag : undefined;
    if (!tag) return offset;
    const i = this.text.lastIndexOf(tag, offset);
    return i >= 0 && /^\s*$/.test(this.text.slice(i + tag.length, offset)) ? i : offset;
  }

  private dashBefore(offset: number): number {
    let i = offset - 1;
    while (i >= 0 && this.text[i] !== '-') {
      if (!/[ \t]/.test(this.text[i]!)) throw new FixConflict('unexpected list layout');
      i--;
    }
    if (i < 0) throw new FixConflict('unexpected list layout');
    return i;
  }

  /** The start of the line after the one `offset` ends on (an offset right after a line break is that start). */
  private lineEndAfter(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  private newlineIfNeeded(at: number): string {
    return at > 0 && this.text[at - 1] !== '\n' ? this.style.eol : '';
  }

  private splice(from: number, to: number, insert: string): string {
    return this.text.slice(0, from) + insert + this.text.slice(to);
  }
}

function start(node: YamlNode): number {
  return (node.range as [number, number, number])[0];
}
function end(node: YamlNode): number {
  return (node.range as [number, number, number])[1];
}
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}
function isEmptyScalar(node: unknown): boolean {
  return node === null || (yaml().isScalar(node) && node.value === null && (node.source === '' || node.source === undefined) && !node.tag);
}

/** JSON is YAML's flow style: new entries inside `{…}` or `[…]` are written as JSON. */
function toFlow(value: unknown): string {
  return JSON.stringify(value);
}
function flowKey(key: string): string {
  return /^[A-Za-z_][\w:.-]*$/.test(key) ? key : JSON.stringify(key);
}

/** The file's indentation step: the smallest indentation of a line under a top-level key; 2 when none. */
function indentStep(text: string): number {
  const match = /\n( +)[^\s#-]/.exec(text);
  return match ? Math.min(match[1]!.length, 8) : 2;
}
