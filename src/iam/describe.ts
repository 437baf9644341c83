import { limitedList, renderList, renderText } from '../graph/query.js';
import type { PrincipalEntry, Statement } from './policy.js';
import { isEveryone } from './policy.js';

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
