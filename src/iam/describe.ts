import { limitedList, renderList, renderText } from '../graph/query.js';
import type { PrincipalEntry, Statement } from './policy.js';
import { grantsNothing, isEveryone } from './policy.js';
import { classifyResource, isUnscoped } from './resource.js';

/** A statement's actions for a message: `s3:GetObject, s3:PutObject`, or `every action except s3:DeleteObject`. */
export function describeActions(statement: Statement): string {
  if (statement.actions.length > 0) return renderList(statement.actions.map((a) => a.value));
  if (statement.notActions.length > 0) return `every action except ${renderList(statement.notActions.map((a) => a.value))}`;
  return 'no action';
}

/** Principal entries for a message: `everyone`, `arn:aws:iam::111122223333:root`, `service cloudfront.amazonaws.com`. */
export function describePrincipals(entries: readonly PrincipalEntry[], max = 3): string {
  return limitedList(entries.map(describePrincipal), max);
}

function describePrincipal(entry: PrincipalEntry): string {
  if (isEveryone(entry)) return 'everyone';
  const text = renderText(entry.value.value) ?? `(${entry.value.value.kind})`;
  return entry.type === 'AWS' ? text : `${entry.type.toLowerCase()} ${text}`;
}

/**
 * What a document's Allow statements grant, for a message: `s3:*, s3-object-lambda:* on every resource`, or
 * `every action except iam:*, organizations:*, account:* on every resource; iam:CreateServiceLinkedRole … on
 * named resources and 2 more statements`. At most `max` statements are shown.
 */
export function describeGrants(statements: readonly Statement[], max = 2): string {
  const allows = statements.filter((s) => s.effect === 'Allow' && !grantsNothing(s));
  if (allows.length === 0) return 'nothing (no Allow statement)';
  const shown = allows.slice(0, max).map((s) => {
    const everything = s.notResources.length > 0 || s.resources.some((r) => classifyResource(r.value).scope === 'everything');
    const broad = !everything && s.resources.some((r) => isUnscoped(classifyResource(r.value)));
    return `${describeActions(s)} on ${everything ? 'every resource' : broad ? 'every resource of a kind' : 'named resources'}`;
  });
  const rest = allows.length - shown.length;
  return shown.join('; ') + (rest > 0 ? ` and ${rest} more statement${rest > 1 ? 's' : ''}` : '');
}
