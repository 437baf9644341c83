import type { Resolved } from '../../graph/query.js';
import { describeBranches, limitedList, renderText } from '../../graph/query.js';
import { classifyAction } from '../../iam/classify.js';
import { capitalized, grantingStatements, IDENTITY_POLICY_TYPES, RESOURCE_POLICY_TYPES } from '../../iam/documents.js';
import type { Item } from '../../iam/policy.js';
import { describeStatement, problemOf } from '../../iam/policy.js';
import { classifyResource } from '../../iam/resource.js';
import { defineRule } from '../define.js';

/** `'iam:*', 's3:DeleteBucket'` (at most four, then a count). */
function list(items: readonly Item[]): string {
  return limitedList(
    items.map((i) => `'${renderText(i.value) ?? '?'}'`),
    4,
  );
}

export default defineRule({
  id: 'iam/no-allow-not-action',
  title: 'Allow statements name what they grant, not what they leave out',
  description:
    'The guidance asks for policies that grant least privileges. An Allow with NotAction grants every action except the ' +
    'listed ones, including every action AWS adds later; an Allow with NotResource grants on every resource except the ' +
    'listed ones, in every account the principal can reach. Both grant far more than they appear to. An Allow of `*` ' +
    'on `Resource: "*"` in an identity policy is administrator access and gets its own message. Deny statements with ' +
    'NotAction or NotResource are the usual way to build guardrails and are not flagged. Bucket policies are checked here ' +
    'too: s3/least-privilege-policy leaves NotAction to this rule.',
  fix:
    'Turn the statement around: Allow the actions (and resources) the workload needs. To keep an exception, add a Deny ' +
    'statement for it next to a narrow Allow.',
  controls: ['IAM-2'],
  severity: 'error',
  appliesTo: [...new Set([...IDENTITY_POLICY_TYPES, ...RESOURCE_POLICY_TYPES])],
  peers: { cdkNag: ['NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess'], checkov: ['CKV_AWS_62'], cfnNag: [], securityHub: ['IAM.1'] },
  messages: {
    notAction: '{{where}} allows every action except {{excluded}} (NotAction){{onAll}} in {{statement}}{{when}}.',
    notResource: '{{where}} allows {{actions}} on every resource except {{excluded}} (NotResource) in {{statement}}{{when}}.',
    admin:
      "{{where}} allows every action ('{{action}}') on every resource ('{{resource}}') in {{statement}}{{when}}: this is administrator access.",
  },
  *check(resource, ctx) {
    for (const { document, statement, when } of grantingStatements(ctx.graph, resource)) {
      const data = { where: capitalized(document.label), statement: describeStatement(statement), when: describeBranches(when) };
      const problem = problemOf(statement);
      const everything = statement.resources.find((r) => classifyResource(r.value).scope === 'everything');
      if (statement.notActions.length > 0) {
        // In an identity policy `*` is every resource; a resource policy covers its own resource anyway.
        const onAll = document.kind === 'identity' && (everything || statement.notResources.length > 0) ? ' on every resource' : '';
        yield {
          at: statement.element('NotAction').at,
          messageId: 'notAction',
          data: { ...data, excluded: list(statement.notActions), onAll },
          problem,
        };
      }
      if (statement.notResources.length > 0) {
        const actions = statement.actions.length > 0 ? list(statement.actions) : 'the actions it names';
        yield {
          at: statement.element('NotResource').at,
          messageId: 'notResource',
          data: { ...data, actions, excluded: list(statement.notResources) },
          problem,
        };
      }
      if (document.kind !== 'identity' || !everything) continue;
      for (const action of statement.actions) {
        if (classifyAction(action.value).shape !== 'all') continue;
        const at: Resolved = action.value;
        yield {
          at,
          messageId: 'admin',
          data: {
            ...data,
            action: renderText(at) ?? '*',
            resource: renderText(everything.value) ?? '*',
            when: describeBranches([...when, ...action.when, ...everything.when]),
          },
          problem,
        };
      }
    }
  },
});
