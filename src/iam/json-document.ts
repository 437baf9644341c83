import type { Graph } from '../graph/build.js';
import type { Resolved, Stack } from '../graph/query.js';
import { alternatives } from '../graph/query.js';

/**
 * Policy documents written as JSON strings. CloudFormation takes a JSON string wherever a property is of type Json
 * (`PolicyDocument`, `KeyPolicy`, `AssumeRolePolicyDocument` …), and templates do that: a plain string, or
 * `PolicyDocument: !Sub |` with a JSON body whose strings hold `${…}`. Such a document is parsed here once per node,
 * so every reader of statements (`statementsOf`) sees it as the mapping it stands for.
 *
 * A `Fn::Sub` body is parsed with its `${…}` in place; each string that holds one becomes an `Fn::Sub` of its own
 * (with the same variable map), so the resolver reads the references as it would have in the whole string. A `${…}`
 * outside a JSON string (`"Resource": ${Arns}`) makes the body invalid JSON: the document is then unknown, and why.
 *
 * The parsed document has no text of its own in the template: findings inside it are located at the string (the
 * nearest node that exists), and `Statement.inString` says so, for messages ("inside the policy string").
 */
export function parsedDocument(graph: Graph, value: Resolved): Resolved | undefined {
  if (value.kind !== 'literal' && value.kind !== 'text') return undefined;
  let byPointer = cache.get(value.at.stack);
  if (!byPointer) cache.set(value.at.stack, (byPointer = new Map()));
  const key = value.at.pointer;
  if (byPointer.has(key)) return byPointer.get(key);
  const parsed = parse(graph, value);
  byPointer.set(key, parsed);
  return parsed;
}

const cache = new WeakMap<Stack, Map<string, Resolved | undefined>>();

/** Documents made from a string (the `Resolved` parsed here), to tell messages where their statements are. */
export function isFromString(document: Resolved): boolean {
  return fromString.has(document);
}

const fromString = new WeakSet<Resolved>();

/** A string longer than this is not parsed (IAM caps policies at 10,240 characters, key policies at 32 KB). */
const MAX_POLICY_TEXT = 1 << 20;

function parse(graph: Graph, value: Resolved & { kind: 'literal' | 'text' }): Resolved | undefined {
  const at = value.at;
  let body: string;
  let vars: unknown;
  let pointer = at.pointer;
  if (value.kind === 'literal') {
    if (typeof value.value !== 'string') return undefined;
    body = value.value;
  } else {
    // Only a Fn::Sub written here can be rewritten (a Join of pieces, or a text from elsewhere, cannot).
    const raw = at.value as Record<string, unknown> | null;
    const sub = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw['Fn::Sub'] : undefined;
    if (typeof sub === 'string') {
      body = sub;
      pointer += '/Fn::Sub';
    } else if (Array.isArray(sub) && typeof sub[0] === 'string') {
      body = sub[0];
      vars = sub[1];
      pointer += '/Fn::Sub/0';
    } else return unknown(value, 'the policy document is a string built with an intrinsic other than Fn::Sub: its JSON is not read');
  }
  if (!/^\s*\{/.test(body)) return undefined;
  if (body.length > MAX_POLICY_TEXT)
    return unknown(value, `the policy document string is longer than ${MAX_POLICY_TEXT} characters: not read`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return unknown(value, `the policy document is a string that is not valid JSON (${why})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return unknown(value, 'the policy document string is not a JSON object');
  const document = graph.resolve({ stack: at.stack, pointer, value: value.kind === 'text' ? subs(json, vars) : json });
  fromString.add(document);
  return document;
}

/** The parsed JSON with each string that holds `${…}` turned into an `Fn::Sub` (with the body's variable map). */
function subs(json: unknown, vars: unknown, depth = 0): unknown {
  if (typeof json === 'string')
    return json.includes('${') ? { 'Fn::Sub': vars === undefined ? json : [json, structuredClone(vars)] } : json;
  // A policy nests a few levels (Statement, Condition, operator, key); deeper input is left as parsed.
  if (depth > MAX_DEPTH) return null;
  if (Array.isArray(json)) return json.map((item) => subs(item, vars, depth + 1));
  if (json && typeof json === 'object') return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, subs(v, vars, depth + 1)]));
  return json;
}

const MAX_DEPTH = 32;

function unknown(value: Resolved, reason: string): Resolved {
  const out: Resolved = { kind: 'unknown', at: value.at, reason };
  fromString.add(out);
  return out;
}

/** Why a document written as a string could not be read, one reason per alternative that could not (empty when all were). */
export function unreadableReasons(graph: Graph, document: Resolved): string[] {
  const out: string[] = [];
  for (const alt of alternatives(document)) {
    const parsed = parsedDocument(graph, alt.value);
    if (parsed?.kind === 'unknown') out.push(parsed.reason);
  }
  return out;
}
