import { policyBucketLabel } from '../../aws/s3.js';
import { describeBranches, nodeWithin } from '../../graph/query.js';
import { breadthOf, broadActionReason, classifyAction, reaches } from '../../iam/classify.js';
import { describeActions, describePrincipals } from '../../iam/describe.js';
import { grantingStatements } from '../../iam/documents.js';
import type { Statement } from '../../iam/policy.js';
import { principalAccount } from '../../iam/principal.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/least-privilege-policy',
  title: 'Bucket policies grant named principals only the actions they need',
  description:
    'The guidance: "Implement least privilege access." A bucket policy breaks it when an Allow statement grants every ' +
    'action (`*`, `s3:*`), a wildcard that reaches permissions management (`s3:Put*` includes PutBucketPolicy and ' +
    'PutObjectAcl, so the grantee can give itself or anyone more access), or everyone but a few principals ' +
    '(NotPrincipal, which includes anonymous callers). Wildcards that stay within read, list, write and tagging actions, ' +
    'such as the CDK grants (`s3:GetObject*`, `s3:DeleteObject*`), are not reported. Actions are judged by the IAM ' +
    'catalog exactly as iam/no-wildcard-actions judges them (a wildcard that matches no action, or an action not known ' +
    'before deployment, is a note); that rule skips bucket policies, so a wildcard in a bucket policy is one finding, ' +
    "under both S3-2 and IAM-2. Statements for the account's own root delegate to its IAM policies and are skipped, as " +
    'IAM-2 does. Allow with NotAction is left to iam/no-allow-not-action (IAM-2). Grants to another ' +
    'account are reported with the account: as an error when they reach permissions management (Security Hub S3.6), ' +
    "as a warning otherwise, and as a note when the stack's own account is not known (a plain template), so the reader " +
    'can confirm the account is theirs. AWS-owned accounts that the AWS documentation prescribes (the Elastic Load ' +
    'Balancing log delivery account of each region, table in src/aws/service-accounts.ts with its source) are not ' +
    'another party: a grant of s3:PutObject to one passes, and a broader grant is a warning that names the service.',
  fix:
    'List the exact actions each principal needs (CDK: `bucket.grantRead(principal)` and friends), name principals ' +
    'with Principal rather than NotPrincipal, and keep bucket-policy and ACL management with the bucket owner. For ' +
    'another account, grant only object-level read/write and have that account delegate to its own roles.',
  controls: ['S3-2', 'IAM-2'],
  severity: 'error',
  appliesTo: ['AWS::S3::BucketPolicy'],
  peers: { cdkNag: [], checkov: [], cfnNag: ['F15', 'F9'], securityHub: ['S3.6'] },
  messages: {
    broadAction: "Bucket policy '{{policy}}' grants {{principal}} {{what}} on bucket '{{bucket}}'{{when}}.",
    unmatched:
      "Bucket policy '{{policy}}' grants {{principal}} '{{action}}' on bucket '{{bucket}}'{{when}}: {{reason}}, so it grants nothing today but may match actions AWS adds later.",
    notKnown:
      "Bucket policy '{{policy}}' grants {{principal}} an action not known before deployment on bucket '{{bucket}}'{{when}}: {{reason}}.",
    notPrincipal:
      "Bucket policy '{{policy}}' grants {{actions}} on bucket '{{bucket}}' to every principal except {{excluded}} (Allow with NotPrincipal){{when}}, anonymous callers included.",
    crossAccount: "Bucket policy '{{policy}}' grants account {{account}} {{actions}} on bucket '{{bucket}}'{{when}}; {{context}}.",
    serviceAccount:
      "Bucket policy '{{policy}}' grants {{service}} ({{account}}) {{actions}} on bucket '{{bucket}}'{{when}}: AWS documents only s3:PutObject for log delivery.",
  },
  *check(policy, ctx) {
    const base = { policy: policy.logicalId, bucket: policyBucketLabel(ctx.graph, policy) };
    const own = policy.stack.env.account;
    // Allow statements only, and not those for the account's own root: they delegate to IAM policies (as in IAM-2).
    for (const { statement, when: given } of grantingStatements(ctx.graph, policy)) {
      const data = {
        ...base,
        principal: describePrincipals(statement.principals ?? []),
        actions: describeActions(statement),
        when: describeBranches(given),
      };
      if (statement.notPrincipals)
        yield {
          at: statement.element('NotPrincipal'),
          messageId: 'notPrincipal',
          data: { ...data, excluded: describePrincipals(statement.notPrincipals) },
        };
      for (const { value, when } of statement.actions) {
        const cls = classifyAction(value);
        const breadth = breadthOf(cls, false);
        const at = nodeWithin(policy, [value, statement.element('Action')]);
        const where = { ...data, when: describeBranches([...given, ...when]) };
        if (breadth?.kind === 'unmatched' || breadth?.kind === 'notKnown')
          yield { at, messageId: breadth.kind, severity: 'note', data: { ...where, action: cls.text, reason: breadth.reason } };
        else if (breadth) yield { at, messageId: 'broadAction', data: { ...where, what: broadActionReason(cls) } };
      }
      for (const entry of statement.principals ?? []) {
        const account = principalAccount(entry, policy.stack);
        if (account?.kind === 'aws-service') {
          // AWS's own log-delivery account, as the AWS documentation prescribes: it only ever writes objects.
          // Anything more than s3:PutObject is more than AWS asks for, and worth a warning naming the service.
          if (onlyPutsObjects(statement)) continue;
          yield {
            at: nodeWithin(policy, [entry.value.value, statement.element('Principal')]),
            messageId: 'serviceAccount',
            severity: 'warning',
            data: { ...data, account: account.id, service: account.service.label, when: describeBranches([...given, ...entry.value.when]) },
          };
          continue;
        }
        if (account?.kind !== 'account') continue;
        const severity = own === null ? 'note' : reachesPermissionsManagement(statement) ? 'error' : 'warning';
        const context =
          own === null ? `the stack's account is not known, so confirm ${account.id} is your own` : `the stack deploys to account ${own}`;
        yield {
          at: nodeWithin(policy, [entry.value.value, statement.element('Principal')]),
          messageId: 'crossAccount',
          severity,
          data: { ...data, account: account.id, context, when: describeBranches([...given, ...entry.value.when]) },
        };
      }
    }
  },
});

/** Whether a statement allows only `s3:PutObject` (the one action AWS's log delivery needs), written literally. */
function onlyPutsObjects(statement: Statement): boolean {
  return (
    statement.notActions.length === 0 &&
    statement.actions.length > 0 &&
    statement.actions.every(({ value }) => classifyAction(value).text.toLowerCase() === 's3:putobject')
  );
}

/** Whether a statement can change who has access (NotAction counts: it allows nearly everything). */
function reachesPermissionsManagement(statement: Statement): boolean {
  if (statement.notActions.length > 0) return true;
  return statement.actions.some(({ value }) => reaches(classifyAction(value), 'Permissions management'));
}
