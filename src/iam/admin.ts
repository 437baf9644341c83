import { classifyAction } from './classify.js';
import type { PolicyDocument } from './documents.js';
import type { Statement } from './policy.js';
import { classifyResource } from './resource.js';

/**
 * Whether a statement of an identity policy allows every action (`*`) on every resource (`*`): administrator
 * access. One concern, one finding: iam/no-allow-not-action reports it (`admin`), and iam/no-wildcard-actions and
 * iam/no-wildcard-resources leave its `*` action and `*` resource alone (docs/rules.md, "Which rule owns what").
 */
export function isAdministratorAccess(statement: Statement, document: PolicyDocument): boolean {
  return (
    document.kind === 'identity' &&
    statement.effect === 'Allow' &&
    statement.resources.some((r) => classifyResource(r.value).scope === 'everything') &&
    statement.actions.some((a) => classifyAction(a.value).shape === 'all')
  );
}
