import { grantsNoPrincipalAccess } from '../aws/service-only-policies.js';
import type { Branch } from '../graph/query.js';
import { classifyAction } from './classify.js';
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
  // Without `*`, only the broad ARNs grant, each on the resources of its own service (`*` for `arn:aws:*:…`).
  const services = everything ? undefined : resources.filter(isUnscoped).map((r) => arnService(r.text));
  const out: Escalation[] = [];
  if (statement.notActions.length > 0) out.push({ kind: 'escalation', text: 'NotAction', when: statement.when, examples: [] });
  for (const action of statement.actions) {
    const cls = classifyAction(action.value);
    const when = [...statement.when, ...action.when];
    if (cls.shape === 'all') out.push({ kind: everything ? 'admin' : 'escalation', text: cls.text, when, examples: [] });
    else if (cls.levels.includes('Permissions management')) {
      // The catalog files a few reads under Permissions management (billing:GetResourcePolicy,
      // backup:ListIndexedRecoveryPointsForSearch): reading who has access grants nothing, so only the others escalate.
      // An ARN of every resource of a kind grants an action only on that service's resources, and never an action
      // without resource types (logs:PutResourcePolicy): those match `Resource: "*"` alone. So logs:* on
      // arn:aws:logs:*:*:* (AWSLambdaExecute) manages no permission, while s3:* on arn:aws:s3:::* still rewrites
      // every bucket policy. Nor do policies AWS enforces only for its services (CloudWatch Logs resource policies,
      // which vended logs need on `*`): they cannot grant a principal anything.
      const examples = cls.actions
        .filter((a) => a.levels.includes('Permissions management') && !READS.test(a.name) && !grantsNoPrincipalAccess(a.action))
        .filter((a) => services === undefined || (a.resourceLevel !== 'none' && services.some((s) => s === '*' || s === a.service)))
        .map((a) => a.action);
      if (examples.length > 0) out.push({ kind: 'escalation', text: cls.text, when, examples });
    }
  }
  return out;
}

/** The service of an ARN as written (`s3` for `arn:aws:s3:::*`), `*` when it is a wildcard or not written out. */
function arnService(text: string): string {
  const service = /^arn:[^:]*:([^:]*):/.exec(text)?.[1] ?? '*';
  return /^[a-z0-9-]+$/i.test(service) ? service.toLowerCase() : '*';
}

/** Action names that only read (`Get…`, `List…`, `Describe…`): they cannot change a permission. */
const READS = /^(?:Get|List|Describe|Search|View|BatchGet)[A-Z]/;

/**
 * Actions that make an AWS service act as a role the caller names at creation (a function's, an instance's, a
 * stack's role). With iam:PassRole on every role, a principal that can call one of them can have the service run
 * its code, or deploy its stack, as any role of the account: the classic privilege escalation through PassRole.
 * Lower case: IAM action names are case-insensitive.
 */
const LAUNCHERS: ReadonlySet<string> = new Set([
  'lambda:createfunction',
  'lambda:updatefunctionconfiguration',
  'ec2:runinstances',
  'cloudformation:createstack',
  'cloudformation:updatestack',
  'cloudformation:createchangeset',
  'ecs:registertaskdefinition',
  'glue:createdevendpoint',
  'glue:createjob',
  'codebuild:createproject',
  'states:createstatemachine',
  'sagemaker:createnotebookinstance',
  'datapipeline:createpipeline',
]);

/** A grant of a statement on the way to escalation through iam:PassRole: the pass itself, or a launch. */
export interface PassRoleGrant {
  kind: 'passRole' | 'launch';
  /** The action as written (`iam:PassRole`, `lambda:*`). */
  text: string;
  when: Branch[];
  /** The actions it reaches of its kind (`iam:PassRole`; `lambda:CreateFunction` …). */
  examples: readonly string[];
}

/**
 * The grants of an Allow statement that iam/principal-least-privilege joins into escalation through iam:PassRole:
 * iam:PassRole on every role (`*`, or a role ARN with a wildcard account or path), with no condition (a condition
 * such as iam:PassedToService may limit it, so none is assumed away), and the actions of {@link LAUNCHERS} on any
 * resource (creating a function under a named prefix still runs it as any role). `*` is administrator access,
 * which {@link escalationsOf} reports.
 */
export function passRoleGrantsOf(statement: Statement): PassRoleGrant[] {
  if (statement.effect !== 'Allow' || grantsNothing(statement) || statement.notActions.length > 0) return [];
  const onEveryRole =
    statement.conditions.length === 0 &&
    (statement.notResources.length > 0 ||
      statement.resources.some((r) => {
        const cls = classifyResource(r.value);
        return cls.scope === 'everything' || (isUnscoped(cls) && /^arn:[^:]*:(iam|\*):[^:]*:[^:]*:(role\/)?\*$/i.test(cls.text));
      }));
  const out: PassRoleGrant[] = [];
  for (const action of statement.actions) {
    const cls = classifyAction(action.value);
    if (cls.shape === 'all' || cls.shape === 'notKnown') continue;
    const when = [...statement.when, ...action.when];
    const names = cls.actions.map((a) => a.action);
    if (onEveryRole && names.some((a) => a.toLowerCase() === 'iam:passrole'))
      out.push({ kind: 'passRole', text: cls.text, when, examples: ['iam:PassRole'] });
    const launches = names.filter((a) => LAUNCHERS.has(a.toLowerCase()));
    if (launches.length > 0) out.push({ kind: 'launch', text: cls.text, when, examples: launches });
  }
  return out;
}
