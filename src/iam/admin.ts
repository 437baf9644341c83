import type { Branch } from '../graph/query.js';
import { actionsAt, classifyAction } from './classify.js';
import type { PolicyDocument } from './documents.js';
import type { Statement } from './policy.js';
import { grantsNothing } from './policy.js';
import { classifyResource, isUnscoped } from './resource.js';

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

/** One grant of a statement that lets a principal give itself more access. */
export interface Escalation {
  /** `admin`: every action on every resource; `escalation`: Permissions management (or NotAction) on every resource. */
  kind: 'admin' | 'escalation';
  /** The element as written (`*`, `iam:*`, `NotAction`). */
  text: string;
  /** The branches of the statement and of the action. */
  when: Branch[];
  /** Permissions-management actions it reaches, for the message. */
  examples: readonly string[];
}

/**
 * The grants of an Allow statement that reach administrator access or Permissions management on every resource
 * (`*`, `NotResource`, or an ARN of every resource of a kind): what iam/principal-least-privilege joins per principal.
 */
export function escalationsOf(statement: Statement): Escalation[] {
  if (statement.effect !== 'Allow' || grantsNothing(statement)) return [];
  const resources = statement.resources.map((r) => classifyResource(r.value));
  const everything = statement.notResources.length > 0 || resources.some((r) => r.scope === 'everything');
  if (!everything && !resources.some(isUnscoped)) return [];
  const out: Escalation[] = [];
  if (statement.notActions.length > 0) out.push({ kind: 'escalation', text: 'NotAction', when: statement.when, examples: [] });
  for (const action of statement.actions) {
    const cls = classifyAction(action.value);
    const when = [...statement.when, ...action.when];
    if (cls.shape === 'all') out.push({ kind: everything ? 'admin' : 'escalation', text: cls.text, when, examples: [] });
    else if (cls.levels.includes('Permissions management')) {
      // The catalog files a few reads under Permissions management (billing:GetResourcePolicy,
      // backup:ListIndexedRecoveryPointsForSearch): reading who has access grants nothing, so only the others escalate.
      const examples = actionsAt(cls, 'Permissions management').filter((a) => !READS.test(a.slice(a.indexOf(':') + 1)));
      if (examples.length > 0) out.push({ kind: 'escalation', text: cls.text, when, examples });
    }
  }
  return out;
}

/** Action names that only read (`Get…`, `List…`, `Describe…`): they cannot change a permission. */
const READS = /^(?:Get|List|Describe|Search|View|BatchGet)[A-Z]/;
