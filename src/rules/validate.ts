import { CONTROL_IDS, SEVERITY_RANK } from '../model/types.js';
import type { RuleModule } from './define.js';

/** Rule ids: `area/name`, lowercase words joined by hyphens. The `stackwarden/` area is the engine's own. */
const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * What is wrong with a rule's metadata, one sentence per problem; empty when it is sound. The meta-test applies
 * it to every built-in rule, and the plugin loader to every custom rule, so both meet the same bar.
 */
export function ruleProblems(candidate: unknown): string[] {
  if (candidate === null || typeof candidate !== 'object') return ['is not a rule object (defineRule({ … }))'];
  const rule = candidate as Partial<Record<keyof RuleModule, unknown>>;
  const problems: string[] = [];
  const text = (key: 'id' | 'title' | 'description' | 'fix') => {
    const value = rule[key];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`has no ${key}`);
  };
  text('id');
  if (typeof rule.id === 'string' && rule.id !== '') {
    if (!RULE_ID.test(rule.id)) problems.push(`id '${rule.id}' is not of the form area/name (lowercase, hyphens)`);
    else if (rule.id.startsWith('stackwarden/')) problems.push(`id '${rule.id}' is in the engine's own area 'stackwarden/'`);
  }
  text('title');
  text('description');
  text('fix');
  if (!Array.isArray(rule.controls) || rule.controls.length === 0) problems.push('names no control (controls: ["S3-4"], …)');
  else
    for (const c of rule.controls)
      if (!(CONTROL_IDS as readonly unknown[]).includes(c))
        problems.push(`names the unknown control ${JSON.stringify(c)} (known: ${CONTROL_IDS.join(', ')})`);
  if (typeof rule.severity !== 'string' || !Object.hasOwn(SEVERITY_RANK, rule.severity))
    problems.push(`has the severity ${JSON.stringify(rule.severity)} (error, warning or note)`);
  const messages = rule.messages;
  if (messages === null || typeof messages !== 'object' || Object.keys(messages).length === 0) problems.push('has no messages');
  else
    for (const [id, message] of Object.entries(messages))
      if (typeof message !== 'string' || message.trim() === '') problems.push(`has an empty message '${id}'`);
  const appliesTo = rule.appliesTo;
  if (
    appliesTo !== 'stack' &&
    !(
      Array.isArray(appliesTo) &&
      appliesTo.length > 0 &&
      appliesTo.every((t) => typeof t === 'string' && /^[\w-]+::[\w-]+::[\w-]+$/.test(t))
    )
  )
    problems.push(`appliesTo must be 'stack' or a list of resource types (AWS::S3::Bucket), not ${JSON.stringify(appliesTo)}`);
  if (typeof rule.check !== 'function') problems.push('has no check function');
  return problems;
}
