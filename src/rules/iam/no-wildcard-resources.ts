import { nagText } from '../../graph/detail.js';
import { describeBranches, describeOrigin, limitedList } from '../../graph/query.js';
import type { ActionClass } from '../../iam/classify.js';
import { classifyAction } from '../../iam/classify.js';
import { capitalized, grantingStatements, IDENTITY_POLICY_TYPES } from '../../iam/documents.js';
import { isAdministratorAccess } from '../../iam/admin.js';
import { describeStatement, problemOf } from '../../iam/policy.js';
import { classifyResource, isUnscoped } from '../../iam/resource.js';
import { defineRule } from '../define.js';

/** `'s3:GetObject', 's3:*' and 2 more`. */
function list(entries: readonly ActionClass[]): string {
  return limitedList(
    entries.map((e) => `'${e.text}'`),
    4,
  );
}

/** Whether an entry grants an action whose resources can be named, and how firmly (see `ActionInfo.resourceLevel`). */
function scopable(cls: ActionClass, level: 'required' | 'optional'): boolean {
  return cls.shape === 'all' || cls.actions.some((a) => a.resourceLevel === level);
}

export default defineRule({
  id: 'iam/no-wildcard-resources',
  title: 'Identity policies name the resources their actions apply to',
  description:
    'The guidance: "some policies use wildcards to specify resources to expedite development. The best practice is to create ' +
    'policies that grant least privileges." `Resource: "*"` (or an ARN that is only wildcards after its type, such as ' +
    '`arn:aws:s3:::*`) grants an action on every resource of the account. That is an error for actions that support ' +
    'resource-level permissions (per the IAM action catalog), and fine for those that do not (`s3:ListAllMyBuckets`, ' +
    '`logs:DescribeLogGroups`, `xray:PutTraceSegments`), which only work with `*`. Actions whose only resource type is ' +
    'optional (`cloudwatch:PutMetricData`) get a warning. An ARN that starts with a reference to a resource of the input ' +
    "(the CDK's `${Bucket.Arn}/*`) names that resource and is not flagged. Resource policies are not checked: their " +
    '`Resource: "*"` means the resource the policy is attached to (a key policy always says `*`).',
  fix:
    'Replace `*` with the ARNs of the resources the workload uses (CDK: `bucket.grantRead(fn)`, or `resources: [table.tableArn]`). ' +
    'Put actions that only work with `*` in a statement of their own.',
  controls: ['IAM-2'],
  severity: 'error',
  appliesTo: IDENTITY_POLICY_TYPES,
  peers: { cdkNag: ['AwsSolutions-IAM5'], checkov: ['CKV_AWS_108', 'CKV_AWS_111'], cfnNag: ['W11', 'W12', 'W13'], securityHub: [] },
  messages: {
    scopable:
      "{{where}} allows {{actions}} on '{{resource}}'{{origin}} in {{statement}}{{when}}; these actions support resource-level permissions and can name the resources they need.",
    optional:
      "{{where}} allows {{actions}} on '{{resource}}'{{origin}} in {{statement}}{{when}}; these actions can optionally be limited to a resource type.",
    unknownActions:
      "{{where}} allows {{actions}} on '{{resource}}'{{origin}} in {{statement}}{{when}}; the IAM catalog cannot say whether they support resource-level permissions.",
    resourceNotKnown: '{{where}} applies {{statement}}{{when}} to a resource not known before deployment: {{reason}}.',
  },
  *check(resource, ctx) {
    for (const { document, statement, when } of grantingStatements(ctx.graph, resource, 'identity')) {
      // NotAction statements are iam/no-allow-not-action's: they grant every other action.
      if (statement.notActions.length > 0) continue;
      // `*` on `*` is administrator access: iam/no-allow-not-action's finding; its `*` resource is not reported again.
      const admin = isAdministratorAccess(statement, document);
      const actions = statement.actions.map((a) => classifyAction(a.value));
      for (const item of statement.resources) {
        const cls = classifyResource(item.value);
        const data = {
          where: capitalized(document.label),
          statement: describeStatement(statement),
          resource: cls.text,
          origin: describeOrigin(item.value),
          when: describeBranches([...when, ...item.when]),
        };
        const at = item.value.at;
        // cdk-nag's AwsSolutions-IAM5 names the resource as written (`Resource::*`, `Resource::<Bucket.Arn>/*`).
        const detail = [`Resource::${nagText(item.value)}`];
        const problem = problemOf(statement);
        if (cls.scope === 'notKnown') {
          yield { at, messageId: 'resourceNotKnown', data: { ...data, reason: cls.reason }, severity: 'note', detail, problem };
          continue;
        }
        if (!isUnscoped(cls) || (admin && cls.scope === 'everything')) continue;
        const required = actions.filter((a) => scopable(a, 'required'));
        const optional = actions.filter((a) => scopable(a, 'optional'));
        const unknown = actions.filter((a) => a.shape === 'notKnown' || a.expansion?.kind === 'unknown');
        if (required.length > 0) yield { at, messageId: 'scopable', data: { ...data, actions: list(required) }, detail, problem };
        else if (optional.length > 0)
          yield { at, messageId: 'optional', data: { ...data, actions: list(optional) }, severity: 'warning', detail, problem };
        else if (unknown.length > 0)
          yield { at, messageId: 'unknownActions', data: { ...data, actions: list(unknown) }, severity: 'note', detail, problem };
      }
    }
  },
});
