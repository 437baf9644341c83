import type { Graph } from '../graph/build.js';
import type { Branch, Resolved } from '../graph/query.js';
import { alternatives, listItems, matchableText } from '../graph/query.js';
import { isFromString, parsedDocument, unreadableReasons } from './json-document.js';

/** One value of a statement element (an action, a resource, a principal), with the branches that lead to it. */
export interface Item {
  value: Resolved;
  when: Branch[];
}

/** One condition test: `"StringEquals": { "aws:PrincipalOrgID": ["o-123"] }` is one entry per key. */
export interface ConditionEntry {
  /** The operator as written, e.g. `StringEquals`, `ForAnyValue:StringLike`, `BoolIfExists`. */
  operator: string;
  /** The key as written; IAM compares condition keys case-insensitively. */
  key: string;
  values: Item[];
  at: Resolved;
  /** Branches under which this test exists (a `Condition` block inside `Fn::If`); empty when always. */
  when: Branch[];
}

/** A principal entry: `"*"` is `{ type: '*' }`; `{"AWS": "arn…"}` is one entry per value. */
export interface PrincipalEntry {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*' | string;
  value: Item;
}

/**
 * A policy statement with every element resolved and normalized to lists, so that rules never read `Action`
 * as "a string or a list" or look at intrinsics themselves.
 */
export interface Statement {
  /** The statement node (to point findings at). */
  at: Resolved;
  index: number;
  /** Branches under which this statement exists (a statement inside `Fn::If`). */
  when: Branch[];
  sid: string | null;
  /** True for a statement of a document written as a JSON string: it is located at the string. */
  inString?: true;
  /** `Allow`, `Deny`, or null when not known before deployment. */
  effect: 'Allow' | 'Deny' | null;
  actions: Item[];
  notActions: Item[];
  resources: Item[];
  notResources: Item[];
  /** Null when the statement has no `Principal` (identity policies). */
  principals: PrincipalEntry[] | null;
  notPrincipals: PrincipalEntry[] | null;
  conditions: ConditionEntry[];
  /** The raw elements, to point findings at a specific one. */
  element: (name: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal' | 'Condition' | 'Effect') => Resolved;
}

/** The statements of a policy document (`{Version, Statement}`), through `Fn::If` and `AWS::NoValue`. */
export function statementsOf(graph: Graph, document: Resolved): readonly Statement[] {
  // Every IAM and S3 rule reads the same documents: normalize each once. Resolved values belong to one graph.
  // A document written as a mapping is resolved anew at each read (the resolver keeps no plain mappings): it is
  // known by the mapping itself.
  const key: object = document.kind === 'object' ? (document.at.value as object) : document;
  let statements = statementCache.get(key);
  if (!statements) {
    statements = normalize(graph, document);
    statementCache.set(key, statements);
  }
  return statements;
}

const statementCache = new WeakMap<object, readonly Statement[]>();

function normalize(graph: Graph, document: Resolved): Statement[] {
  const out: Statement[] = [];
  for (const doc of alternatives(document)) {
    // A document written as a JSON string is read as the mapping it stands for (json-document.ts).
    const value = parsedDocument(graph, doc.value) ?? doc.value;
    if (value.kind !== 'object') continue;
    const inString = isFromString(value);
    const statements = listItems(graph.get(value, 'Statement'));
    for (let index = 0; index < statements.length; index++) {
      const { when, item } = statements[index]!;
      if (item.kind !== 'object') continue;
      // Each element is read once and kept: rules ask for them again to point findings at them. An element the
      // statement does not have is absent, and its normalized form is empty: no need to read it here.
      const raw = item.at.value as Record<string, unknown>;
      const elements = new Map<string, Resolved>();
      const element = (name: string) => {
        let value = elements.get(name);
        if (value === undefined) elements.set(name, (value = graph.get(item, name)));
        return value;
      };
      const has = (name: string) => Object.hasOwn(raw, name);
      const effect = has('Effect') ? element('Effect') : undefined;
      const text = effect?.kind === 'literal' ? String(effect.value) : null;
      const sid = has('Sid') ? element('Sid') : undefined;
      out.push({
        at: item,
        index,
        when: doc.when.length === 0 ? when : [...doc.when, ...when],
        ...(inString ? { inString } : {}),
        sid: sid?.kind === 'literal' && sid.value !== null ? String(sid.value) : null,
        effect: text === 'Allow' || text === 'Deny' ? text : null,
        actions: has('Action') ? items(element('Action')) : [],
        notActions: has('NotAction') ? items(element('NotAction')) : [],
        resources: has('Resource') ? items(element('Resource')) : [],
        notResources: has('NotResource') ? items(element('NotResource')) : [],
        principals: has('Principal') ? principalsOf(graph, element('Principal')) : null,
        notPrincipals: has('NotPrincipal') ? principalsOf(graph, element('NotPrincipal')) : null,
        conditions: has('Condition') ? conditionsOf(graph, element('Condition')) : [],
        element,
      });
    }
  }
  return out;
}

function items(value: Resolved): Item[] {
  const out: Item[] = [];
  for (const { when, item } of listItems(value)) out.push({ value: item, when });
  return out;
}

function principalsOf(graph: Graph, value: Resolved): PrincipalEntry[] | null {
  if (value.kind === 'absent') return null;
  const out: PrincipalEntry[] = [];
  for (const alt of alternatives(value)) {
    const v = alt.value;
    if (v.kind !== 'object') {
      // `"Principal": "*"` is everyone; anything else that is not a mapping is kept as an opaque value.
      out.push({ type: v.kind === 'literal' && v.value === '*' ? '*' : 'AWS', value: { value: v, when: alt.when } });
      continue;
    }
    for (const type of Object.keys(v.at.value as object))
      for (const item of items(graph.get(v, type))) out.push({ type, value: { value: item.value, when: [...alt.when, ...item.when] } });
  }
  return out;
}

function conditionsOf(graph: Graph, value: Resolved): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (const alt of alternatives(value)) {
    if (alt.value.kind !== 'object') continue;
    for (const operator of Object.keys(alt.value.at.value as object)) {
      for (const block of alternatives(graph.get(alt.value, operator))) {
        if (block.value.kind !== 'object') continue;
        for (const key of Object.keys(block.value.at.value as object)) {
          const at = graph.get(block.value, key);
          out.push({ operator, key, values: items(at), at, when: [...alt.when, ...block.when] });
        }
      }
    }
  }
  return out;
}

/** True when a principal entry is everyone: `"*"` or `{"AWS": "*"}` (IAM rejects partial wildcards in principals). */
export function isEveryone(entry: PrincipalEntry): boolean {
  if (entry.type === '*') return true;
  if (entry.type !== 'AWS' && entry.type !== 'CanonicalUser') return false;
  const text = matchableText(entry.value.value);
  return text === '*';
}

/** Condition entries whose key matches (case-insensitively, as IAM compares keys). */
export function conditionsOn(statement: Statement, key: string): ConditionEntry[] {
  const wanted = key.toLowerCase();
  return statement.conditions.filter((c) => c.key.toLowerCase() === wanted);
}

/** `statement 'ReadData'` (by Sid) or `statement 2` (1-based position), for messages. */
export function describeStatement(statement: Statement): string {
  const where = statement.inString ? ' (inside the policy string)' : '';
  return statement.sid ? `statement '${statement.sid}'${where}` : `statement ${statement.index + 1}${where}`;
}

/**
 * The problem key of findings about one statement (`Report.problem`): its wildcard actions, its wildcard
 * resources and what it alone lets a principal do are one problem, reported as one finding with the others as
 * related information. Statements of one JSON policy string share their node, so the position joins the key.
 */
export function problemOf(statement: Statement): string {
  const node = statement.at.at;
  return `iam-statement\u0000${node.stack.template.file}\u0000${node.pointer}\u0000${statement.index}`;
}

/**
 * Why a document has no statements to read, one reason per alternative that has none: a JSON string that cannot be
 * read (json-document.ts), or a mapping without `Statement`, which is no policy as written (a template macro's
 * input, such as a document a Transform expands, looks like that). Empty when every alternative is a policy.
 */
export function missingStatementReasons(graph: Graph, document: Resolved): string[] {
  const out = unreadableReasons(graph, document);
  for (const alt of alternatives(document)) {
    const value = parsedDocument(graph, alt.value) ?? alt.value;
    if (value.kind === 'object' && graph.get(value, 'Statement').kind === 'absent')
      out.push('it is a mapping without Statement, so not a policy document as written');
  }
  return out;
}

/**
 * True for an `Allow` that can match no request: its `NotAction` or `NotResource` lists `*`, which excludes every
 * action or every resource (an action without resource-level permissions is evaluated against `*` as well). Such
 * a statement grants nothing, so no rule counts it as a grant. Only an entry that is there in every branch counts.
 */
export function grantsNothing(statement: Statement): boolean {
  if (statement.effect !== 'Allow') return false;
  const excludesAll = (items: readonly Item[]) => items.some((i) => i.when.length === 0 && /^\*+$/.test(matchableText(i.value) ?? ''));
  return excludesAll(statement.notActions) || excludesAll(statement.notResources);
}
