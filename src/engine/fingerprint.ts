import { hash } from 'node:crypto';
import type { SourceDocument } from '../load/document.js';
import { escapeToken, parsePointer } from '../load/pointer.js';

/**
 * A stable identity for a finding: rule, file, stack, logical id, pointer and detail, never a line number,
 * so moving lines around keeps it. One-shot `crypto.hash` (Node 20.12+) is several times cheaper than a Hash
 * object per finding.
 */
export function fingerprint(parts: readonly (string | null)[]): string {
  // `join` writes null as an empty string, into one flat string: no copied array, no chain of concatenations.
  return hash('sha256', parts.join('\u0000'), 'hex').slice(0, 32);
}

/**
 * The positions of the pointer and of the message data (JSON) in the parts `toFinding` (engine/run.ts) builds:
 * `[rule, file, stack, logicalId, pointer, messageId, data, …]`.
 */
const POINTER_PART = 4;
const DATA_PART = 6;

/**
 * The fingerprint of a finding with list positions replaced by the content of the list items, so that a
 * baseline survives inserting, removing or reordering items in front of a known one: a policy statement is
 * known by its Sid (or its whole content, keys sorted), an ingress or egress rule by its protocol, ports and
 * peer, any other item by its content. Equal items are told apart by their order among themselves only.
 * "statement 3" in the message data is positional too, and is dropped from the hash (the pointer already
 * says which statement).
 *
 * `rememberLegacy` keeps the positional fingerprint beside it, so baselines written before still match.
 */
export function contentFingerprint(parts: readonly (string | null)[], document: SourceDocument): string {
  return fingerprint(contentParts(parts, document));
}

function contentParts(parts: readonly (string | null)[], document: SourceDocument): readonly (string | null)[] {
  const pointer = parts[POINTER_PART];
  const data = parts[DATA_PART];
  const stablePointer = typeof pointer === 'string' ? contentPointer(document.value, pointer) : pointer;
  const stableData = typeof data === 'string' ? data.replace(/\bstatement \d+\b/g, 'statement #') : data;
  // A finding outside any list keeps the fingerprint it always had.
  if (stablePointer === pointer && stableData === data) return parts;
  const out = [...parts];
  out[POINTER_PART] = stablePointer ?? null;
  out[DATA_PART] = stableData ?? null;
  return out;
}

/** The parts before the detail entries: built-in rules gave no detail before content identity. */
const PARTS_BEFORE_DETAIL = 8;

/**
 * The fingerprints a finding had before content identity, where they differ from its content fingerprint, so that
 * baselines written before still match: the positional one of the same parts, and the one without detail (the IAM
 * rules gained cdk-nag detail with content identity). The engine's baseline stage accepts either.
 */
export function legacyFingerprints(current: string, parts: readonly (string | null)[]): string[] {
  const old = new Set([fingerprint(parts), fingerprint(parts.slice(0, PARTS_BEFORE_DETAIL))]);
  old.delete(current);
  return [...old];
}

/**
 * A pointer with every list index replaced by the identity of the item at that index (`/Statement/[sid:Read]`),
 * read from the document's value. Tokens past what exists are kept as written.
 */
export function contentPointer(root: unknown, pointer: string): string {
  if (pointer === '' || !/\/\d+(?:\/|$)/.test(pointer)) return pointer;
  let node: unknown = root;
  let out = '';
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node) && /^\d+$/.test(token)) {
      const index = Number(token);
      const keys = itemKeys(node);
      out += `/[${keys[index] ?? token}]`;
      node = node[index];
      continue;
    }
    out += `/${escapeToken(token)}`;
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, token) ? (node as Record<string, unknown>)[token] : undefined;
  }
  return out;
}

/** The identity of each item of a list, computed once per list (findings often point into the same one). */
function itemKeys(list: readonly unknown[]): string[] {
  let keys = keyCache.get(list);
  if (!keys) {
    const seen = new Map<string, number>();
    keys = list.map((item) => {
      const key = itemKey(item);
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n === 0 ? key : `${key}~${n}`;
    });
    keyCache.set(list, keys);
  }
  return keys;
}

const keyCache = new WeakMap<readonly unknown[], string[]>();

/** Security-group rule properties that say what a rule opens: its identity, whatever its description says. */
const RULE_KEYS = [
  'IpProtocol',
  'FromPort',
  'ToPort',
  'CidrIp',
  'CidrIpv6',
  'SourceSecurityGroupId',
  'SourceSecurityGroupName',
  'SourcePrefixListId',
  'DestinationPrefixListId',
  'DestinationSecurityGroupId',
];

function itemKey(item: unknown): string {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const record = item as Record<string, unknown>;
    // A policy statement's Sid is its name, chosen to be unique within the document.
    if (typeof record['Sid'] === 'string' && record['Sid'] !== '') return `sid:${record['Sid']}`;
    if (Object.hasOwn(record, 'IpProtocol'))
      return `rule:${short(canonical(Object.fromEntries(RULE_KEYS.filter((k) => Object.hasOwn(record, k)).map((k) => [k, record[k]]))))}`;
  }
  return `item:${short(canonical(item))}`;
}

function short(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 12);
}

/** JSON with object keys sorted, so that the same content always gives the same text; bounded in depth. */
function canonical(value: unknown, depth = 0): string {
  if (depth > 64) return '"…"';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k], depth + 1)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
