import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { readDocument } from '../load/read.js';
import type { Severity } from '../model/types.js';
import type { Profile } from '../rules/define.js';
import { isObject } from '../model/json.js';

/** `stackwarden.config.json`, or the `stackwarden` key of package.json. Every key is optional. */
export interface Config {
  profile?: Profile;
  failOn?: Severity | 'none';
  /** Per-rule severity, or `off`. Keys are rule ids (`s3/versioning`, `stackwarden/suppression-unused`). */
  rules?: Record<string, Severity | 'off'>;
  /** Globs of paths that discovery skips, relative to the working directory. */
  ignore?: string[];
  /** Ports that may be open to the world (SRM-1). */
  allowedPorts?: number[];
  /** The central suppressions file; relative paths are relative to the config file's folder. Made absolute here. */
  suppressions?: string;
  /**
   * Custom rules: local module paths (relative to the config file's folder; made absolute here) or package names,
   * each exporting a rule or a list of rules (see docs/custom-rules.md). Plugins are code: they are only ever
   * named here or in the API, never by anything inside a scanned template.
   */
  plugins?: string[];
  /** Accept a run that finds nothing to scan (`--allow-empty`); by default it is a `NOTHING_SCANNED` error. */
  allowEmpty?: boolean;
  /** Follow symbolic links that lead out of the scanned folders (`--follow-symlinks`); off by default. */
  followSymlinks?: boolean;
  /** The folder package names in `plugins` are resolved from (the configuration's). Set by `loadConfig`. */
  pluginBase?: string;
}

/** The config that applies, and where it came from (`null`: none found, the defaults apply). */
export interface LoadedConfig {
  config: Config;
  file: string | null;
  /** Where the configuration sits in its file: `''` for a config file, `'stackwarden'` in package.json. */
  key: string;
}

export const CONFIG_FILE = 'stackwarden.config.json';
const PROFILES = ['recommended', 'strict'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;
const RULE_LEVELS = ['error', 'warning', 'note', 'off'] as const;
const KEYS = [
  '$schema',
  'profile',
  'failOn',
  'rules',
  'ignore',
  'allowedPorts',
  'suppressions',
  'plugins',
  'allowEmpty',
  'followSymlinks',
] as const;

/**
 * Limits on configuration values, far above any real configuration: a value past them is a mistake or an attack
 * (the configuration of a pull request is input too), and fails validation instead of the run.
 */
export const CONFIG_LIMITS = {
  /** Characters in one glob, path or package name (Linux's PATH_MAX). */
  string: 4096,
  /** Entries in `ignore`. */
  ignore: 10_000,
  /** Entries in `plugins`. */
  plugins: 1_000,
  /** Entries in `allowedPorts` (every port once). */
  allowedPorts: 65_536,
  /** Keys in `rules`. */
  rules: 10_000,
} as const;

/**
 * Finds and validates the configuration: `explicit` (from `--config`), else `stackwarden.config.json` in `cwd`,
 * else the `stackwarden` key of `cwd/package.json`. Errors name the file and the exact key, one per line.
 */
export function loadConfig(
  cwd: string,
  explicit: string | undefined,
  knownRules: readonly string[] | null,
): LoadedConfig | { errors: string[] } {
  const display = (abs: string) => relative(cwd, abs).split(sep).join('/') || abs;
  let abs: string;
  let key: string | null = null;
  if (explicit !== undefined) abs = resolve(cwd, explicit);
  else if (existsSync(join(cwd, CONFIG_FILE))) abs = join(cwd, CONFIG_FILE);
  else if (existsSync(join(cwd, 'package.json'))) {
    abs = join(cwd, 'package.json');
    key = 'stackwarden';
  } else return { config: {}, file: null, key: '' };

  const outcome = readDocument(abs, display(abs));
  if ('error' in outcome) {
    const e = outcome.error;
    return { errors: [`${e.file}:${e.line}:${e.column}: ${e.code === 'NOT_FOUND' ? 'configuration file not found' : e.message}`] };
  }
  let value = outcome.document.value;
  if (key !== null) {
    const section = isObject(value) ? value[key] : undefined;
    if (section === undefined) return { config: {}, file: null, key: '' };
    value = section;
  }
  const errors: string[] = [];
  const config = validateConfig(value, key ?? '', knownRules, errors);
  if (errors.length > 0) return { errors: errors.map((e) => `${outcome.document.file}: ${e}`) };
  if (config.suppressions !== undefined) config.suppressions = resolve(dirname(abs), config.suppressions);
  // A plugin written as a path is relative to the configuration; a bare name is a package, found from there.
  if (config.plugins) config.plugins = config.plugins.map((p) => (isPath(p) ? resolve(dirname(abs), p) : p));
  if (config.plugins) config.pluginBase = dirname(abs);
  return { config, file: outcome.document.file, key: key ?? '' };
}

/**
 * Checks a configuration value and returns what is valid of it. Each problem is pushed to `errors` as
 * `<key path>: <what is wrong>`, the key path written as in JavaScript (`rules["s3/versioning"]`, `allowedPorts[2]`),
 * prefixed with `prefix` (`stackwarden` inside package.json).
 */
export function validateConfig(value: unknown, prefix: string, knownRules: readonly string[] | null, errors: string[]): Config {
  const path = (...keys: (string | number)[]) =>
    keys.reduce<string>(
      (p, k) =>
        typeof k === 'number'
          ? `${p}[${k}]`
          : /^[A-Za-z_$][\w$]*$/.test(k) && k.length <= 80
            ? p
              ? `${p}.${k}`
              : k
            : `${p}[${k.length > 80 ? `${JSON.stringify(k.slice(0, 79)).slice(0, -1)}…"` : JSON.stringify(k)}]`,
      prefix,
    );
  const config: Config = {};
  if (!isObject(value)) {
    errors.push(`${prefix || '(root)'}: must be an object`);
    return config;
  }
  for (const key of Object.keys(value))
    if (!(KEYS as readonly string[]).includes(key))
      errors.push(`${path(key)}: unknown key (known: ${KEYS.filter((k) => k !== '$schema').join(', ')})`);

  const oneOf = <T extends string>(v: unknown, allowed: readonly T[], at: string): T | undefined => {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    errors.push(`${at}: must be one of ${allowed.join(', ')}${v === undefined ? '' : `, not ${describe(v)}`}`);
    return undefined;
  };
  if (value['profile'] !== undefined) config.profile = oneOf(value['profile'], PROFILES, path('profile'));
  if (value['failOn'] !== undefined) config.failOn = oneOf(value['failOn'], FAIL_ON, path('failOn'));

  const rules = value['rules'];
  if (rules !== undefined) {
    if (!isObject(rules)) errors.push(`${path('rules')}: must be an object mapping rule ids to ${RULE_LEVELS.join(', ')}`);
    else if (Object.keys(rules).length > CONFIG_LIMITS.rules)
      errors.push(`${path('rules')}: ${Object.keys(rules).length} keys, more than the limit of ${CONFIG_LIMITS.rules}`);
    else {
      config.rules = {};
      for (const [id, level] of Object.entries(rules)) {
        if (knownRules && !knownRules.includes(id))
          errors.push(`${path('rules', id)}: no rule has this id${id.length <= 200 ? suggest(id, knownRules) : ''}`);
        const ok = oneOf(level, RULE_LEVELS, path('rules', id));
        if (ok) config.rules[id] = ok;
      }
    }
  }

  const ignore = value['ignore'];
  if (ignore !== undefined) {
    if (!Array.isArray(ignore)) errors.push(`${path('ignore')}: must be a list of globs`);
    else if (ignore.length > CONFIG_LIMITS.ignore)
      errors.push(`${path('ignore')}: ${ignore.length} globs, more than the limit of ${CONFIG_LIMITS.ignore}`);
    else {
      config.ignore = [];
      ignore.forEach((g, i) => {
        if (typeof g !== 'string' || g === '')
          errors.push(`${path('ignore', i)}: must be a non-empty glob${typeof g === 'string' ? '' : `, not ${describe(g)}`}`);
        else if (g.length > CONFIG_LIMITS.string)
          errors.push(`${path('ignore', i)}: the glob has ${g.length} characters, more than the limit of ${CONFIG_LIMITS.string}`);
        else {
          const problem = globProblem(g);
          if (problem) errors.push(`${path('ignore', i)}: not a valid glob (${problem})`);
          else config.ignore!.push(g);
        }
      });
    }
  }

  const ports = value['allowedPorts'];
  if (ports !== undefined) {
    if (!Array.isArray(ports)) errors.push(`${path('allowedPorts')}: must be a list of port numbers`);
    else if (ports.length > CONFIG_LIMITS.allowedPorts)
      errors.push(`${path('allowedPorts')}: ${ports.length} entries, more than the limit of ${CONFIG_LIMITS.allowedPorts}`);
    else {
      ports.forEach((p, i) => {
        if (!Number.isInteger(p) || (p as number) < 0 || (p as number) > 65535)
          errors.push(`${path('allowedPorts', i)}: must be a port number from 0 to 65535, not ${describe(p)}`);
      });
      config.allowedPorts = ports.filter((p): p is number => Number.isInteger(p) && p >= 0 && p <= 65535);
    }
  }

  const plugins = value['plugins'];
  if (plugins !== undefined) {
    if (!Array.isArray(plugins)) errors.push(`${path('plugins')}: must be a list of module paths or package names`);
    else if (plugins.length > CONFIG_LIMITS.plugins)
      errors.push(`${path('plugins')}: ${plugins.length} entries, more than the limit of ${CONFIG_LIMITS.plugins}`);
    else {
      plugins.forEach((p, i) => {
        if (typeof p !== 'string' || p === '')
          errors.push(
            `${path('plugins', i)}: must be a module path or a package name${typeof p === 'string' ? '' : `, not ${describe(p)}`}`,
          );
        else if (p.length > CONFIG_LIMITS.string)
          errors.push(`${path('plugins', i)}: ${p.length} characters, more than the limit of ${CONFIG_LIMITS.string}`);
      });
      config.plugins = plugins.filter((p): p is string => typeof p === 'string' && p !== '' && p.length <= CONFIG_LIMITS.string);
    }
  }

  const suppressions = value['suppressions'];
  if (suppressions !== undefined) {
    if (typeof suppressions !== 'string' || suppressions === '')
      errors.push(
        `${path('suppressions')}: must be the path of a suppressions file${typeof suppressions === 'string' ? '' : `, not ${describe(suppressions)}`}`,
      );
    else if (suppressions.length > CONFIG_LIMITS.string)
      errors.push(`${path('suppressions')}: ${suppressions.length} characters, more than the limit of ${CONFIG_LIMITS.string}`);
    else config.suppressions = suppressions;
  }

  for (const key of ['allowEmpty', 'followSymlinks'] as const) {
    const flag = value[key];
    if (flag === undefined) continue;
    if (typeof flag !== 'boolean') errors.push(`${path(key)}: must be true or false, not ${describe(flag)}`);
    else config[key] = flag;
  }
  return config;
}

/** Config `rules` keys that name no known rule, as errors in the same form as `validateConfig`'s. */
export function unknownRuleIds(config: Config, knownRules: readonly string[], prefix = ''): string[] {
  const errors: string[] = [];
  validateConfig({ rules: config.rules ?? {} }, prefix, knownRules, errors);
  return errors;
}

/** What picomatch says of a glob it cannot compile, or undefined. */
function globProblem(glob: string): string | undefined {
  try {
    picomatch(glob, { dot: true });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A value for a message, short: `42`, `"x…"` (at most 40 characters), `an object`, `a list`. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** `./rules/x.js`, `../x`, `/abs/x.js`: a path; anything else (`stackwarden-rules-acme`, `@acme/rules`) is a package. */
function isPath(spec: string): boolean {
  return /^(\.{1,2}[\\/]|\/|[A-Za-z]:[\\/])/.test(spec) || spec === '.' || spec === '..';
}

/** " (did you mean s3/versioning?)" for a near miss, else empty. */
function suggest(id: string, known: readonly string[]): string {
  const best = known.map((k) => [k, distance(id, k)] as const).sort((a, b) => a[1] - b[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(id.length / 4)) ? ` (did you mean ${best[0]}?)` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
