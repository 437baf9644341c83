import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RuleModule } from '../rules/define.js';
import { ruleProblems } from '../rules/validate.js';

/** A custom rule and the plugin it came from. */
export interface PluginRule {
  rule: RuleModule;
  plugin: string;
}

/**
 * Loads custom rules from the plugins a configuration (or the API) names. A plugin exports a rule, a list of
 * rules, or `{ rules: [...] }`, as its default export or as the module itself. Each rule must pass the same checks
 * as the built-in rules, and its id must be new. Plugins are code and run with the user's rights: they come only
 * from the configuration or the API, never from a scanned template or assembly.
 *
 * Loading is synchronous (`require`), so that the CDK plugin, whose `validate` is synchronous, loads the same
 * plugins. CommonJS plugins load on every supported Node.js; ES modules without top-level await load where
 * `require` of ES modules is on (Node.js 20.19 and later).
 */
export function loadPlugins(
  specs: readonly string[],
  base: string,
  takenIds: readonly string[],
): { rules: PluginRule[] } | { errors: string[] } {
  const load = createRequire(join(base, 'stackwarden-plugins.js'));
  const errors: string[] = [];
  const rules: PluginRule[] = [];
  const taken = new Map<string, string>(takenIds.map((id) => [id, 'a built-in rule']));
  for (const spec of specs) {
    let exported: unknown;
    try {
      exported = load(spec);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE'
          ? 'it is an ES module that this Node.js cannot load synchronously (use Node.js 20.19 or later, avoid top-level await, or write it as CommonJS)'
          : error instanceof Error
            ? error.message.split('\n')[0]
            : String(error);
      errors.push(`plugin '${spec}': cannot load: ${why}`);
      continue;
    }
    const candidates = rulesOf(exported);
    if (candidates.length === 0) {
      errors.push(`plugin '${spec}': exports no rule (export a rule, a list of rules, or { rules: [...] })`);
      continue;
    }
    for (const candidate of candidates) {
      const problems = ruleProblems(candidate);
      const id = (candidate as { id?: unknown }).id;
      const name = typeof id === 'string' && id !== '' ? `rule '${id}'` : 'a rule';
      if (problems.length > 0) {
        errors.push(...problems.map((p) => `plugin '${spec}': ${name} ${p}`));
        continue;
      }
      const rule = candidate as RuleModule;
      const holder = taken.get(rule.id);
      if (holder) {
        errors.push(`plugin '${spec}': rule '${rule.id}' has the id of ${holder}`);
        continue;
      }
      taken.set(rule.id, `a rule of plugin '${spec}'`);
      rules.push({ rule, plugin: spec });
    }
  }
  return errors.length > 0 ? { errors } : { rules };
}

function rulesOf(exported: unknown): unknown[] {
  // An ES module loaded by require is its namespace: the rules are its default export.
  const value = isObject(exported) && 'default' in exported && !('check' in exported) ? exported['default'] : exported;
  if (Array.isArray(value)) return value;
  if (isObject(value) && Array.isArray(value['rules'])) return value['rules'];
  if (isObject(value) && 'check' in value) return [value];
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
