/**
 * Shared helpers for the foundation tests: build stacks and graphs from template text, make temporary
 * folders, and turn resolved values into small plain shapes that table tests can compare.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Graph } from '../src/graph/build.js';
import type { Resolved } from '../src/graph/values.js';
import type { SourceDocument } from '../src/load/document.js';
import { parseJson } from '../src/load/json.js';
import type { LoadedStack, StackEnvironment } from '../src/load/stack.js';
import { parseYaml } from '../src/load/yaml.js';
import { AWS_NAMING } from '../src/aws/names.js';

/** Parses a template by its file name: `.json` with the JSON loader, anything else as YAML. Throws on bad input. */
export function parse(text: string, file = 'template.yaml'): SourceDocument {
  return file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text);
}

export interface StackSpec {
  template: string;
  file?: string;
  name?: string | null;
  env?: Partial<StackEnvironment>;
  terminationProtection?: boolean | null;
}

/** A loaded stack as the loader would produce it for a plain template (or an assembly stack, given a name). */
export function stackOf(spec: StackSpec | string): LoadedStack {
  const s = typeof spec === 'string' ? { template: spec } : spec;
  const template = parse(s.template, s.file ?? 'template.yaml');
  return {
    id: s.name ?? template.file,
    name: s.name ?? null,
    template,
    env: { account: s.env?.account ?? null, region: s.env?.region ?? null },
    terminationProtection: s.terminationProtection ?? null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
}

/** A graph of one or more stacks. */
export function graphOf(...specs: (StackSpec | string)[]): Graph {
  return new Graph(specs.map(stackOf), AWS_NAMING);
}

/**
 * A compact, comparable form of a resolved value:
 * literal → the value (or `{ literal, parameter }` when it came from a parameter default), ref → `{ ref }`,
 * text → `{ text: [...] }`, list → an array, oneOf → `{ oneOf: [{ when, value }] }`, and
 * `{ absent }`, `{ unknown }` (the reason), `{ pseudo }`, `{ object }` (the pointer).
 */
export type Shape = unknown;

export function shape(value: Resolved): Shape {
  switch (value.kind) {
    case 'literal':
      return value.parameter === undefined ? value.value : { literal: value.value, parameter: value.parameter };
    case 'ref':
      return { ref: value.attribute === null ? value.resource.logicalId : `${value.resource.logicalId}.${value.attribute}` };
    case 'text':
      return { text: value.parts.map((p) => (typeof p === 'string' ? p : shape(p))) };
    case 'list':
      return value.items.map(shape);
    case 'oneOf':
      return {
        oneOf: value.options.map((o) => ({ when: o.when.map((b) => `${b.condition}=${b.holds}`).join(' & '), value: shape(o.value) })),
      };
    case 'absent':
      return { absent: value.reason };
    case 'unknown':
      return { unknown: value.reason };
    case 'pseudo':
      return { pseudo: value.name };
    case 'object':
      return { object: value.at.pointer };
  }
}

/** Runs `body` with a fresh temporary folder, removed afterwards. */
export function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'stackwarden-test-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Makes a temporary folder that the caller removes (for suites that share one across tests). */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'stackwarden-test-'));
}

/** The text a range covers, for 1-based line/column ranges over `text`. */
export function textOfRange(
  text: string,
  range: { start: { line: number; column: number }; end: { line: number; column: number } },
): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: { line: number; column: number }) => starts[p.line - 1]! + p.column - 1;
  return text.slice(offset(range.start), offset(range.end));
}

/** The 1-based line and column of the first occurrence of `needle` in `text` (after `from`, when given). */
export function positionOf(text: string, needle: string, from?: string): { line: number; column: number } {
  const base = from === undefined ? 0 : text.indexOf(from);
  if (base === -1) throw new Error(`'${from}' not in text`);
  const offset = text.indexOf(needle, base);
  if (offset === -1) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
