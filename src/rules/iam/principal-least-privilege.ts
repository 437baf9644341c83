import { describeBranches } from '../../graph/query.js';
import { awsManagedPolicies, policiesOf } from '../../iam/attached.js';
import { actionsAt, classifyAction, listExamples } from '../../iam/classify.js';
import { kindOf, PRINCIPAL_TYPES } from '../../iam/documents.js';
import { statementsOf } from '../../iam/policy.js';
import { classifyResource, isUnscoped } from '../../iam/resource.js';
import { generatesRole, SAM_ROLE_TYPES } from '../../aws/sam.js';
import { defineRule } from '../define.js';

/**
 * AWS managed policies whose effect is well known. Their documents are not in the input: AdministratorAccess
 * allows `*` on `*`; IAMFullAccess allows `iam:*` on `*`; PowerUserAccess allows every action but IAM,
 * Organizations and Account on `*`, which still includes resource-policy actions such as s3:PutBucketPolicy.
 */
const KNOWN_MANAGED: Readonly<Record<string, 'admin' | 'permissions'>> = {
  AdministratorAccess: 'admin',
  IAMFullAccess: 'permissions',
  PowerUserAccess: 'permissions',
};

export default defineRule({
  id: 'iam/principal-least-privilege',
  title: 'No role, user or group can manage permissions on every resource',
  description:
    'The seed asks for least privilege, which is a property of a principal, not of one policy: a role gets the union of ' +
    'its inline policies, the AWS::IAM::Policy and customer managed policies attached to it (by Ref or by name, from ' +
    'any stack of the input), its AWS managed policies, and for a user the policies of its groups. This rule joins them ' +
    'and reports once per principal when the union is administrator access (`*` on `*`) or reaches the Permissions ' +
    'management access level of the IAM catalog on every resource (iam:PutRolePolicy, s3:PutBucketPolicy, ' +
    'kms:PutKeyPolicy …): such a principal can grant itself or anyone else more access, which is privilege escalation. ' +
    'The finding lists every policy that contributes. Deny statements are not subtracted.',
  fix:
    'Remove the wildcard grants listed in the finding, or limit their resources to the roles, buckets or keys the ' +
    'workload manages. Permissions management on `*` is almost never needed by an application.',
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
    admin: "{{kind}} '{{principal}}' has administrator access through {{grants}}.",
    generatedAdmin: "{{kind}} '{{principal}}' (SAM's generated role) has administrator access through {{grants}}.",
    escalation:
      "{{kind}} '{{principal}}' can manage permissions on every resource{{examples}} through {{grants}}: it can grant itself more access.",
    generatedEscalation:
      "{{kind}} '{{principal}}' (SAM's generated role) can manage permissions on every resource{{examples}} through {{grants}}: it can grant itself more access.",
  },
  *check(principal, ctx) {
    // A SAM function or state machine stands for the role SAM generates for it; with `Role`, that role is judged.
    if (SAM_ROLE_TYPES.includes(principal.type) && !generatesRole(principal)) return;
    const admin: string[] = [];
    const escalation: string[] = [];
    const examples = new Set<string>();
    for (const policy of policiesOf(ctx.graph, principal))
      for (const statement of statementsOf(ctx.graph, policy.document)) {
        if (statement.effect !== 'Allow') continue;
        const resources = statement.resources.map((r) => classifyResource(r.value));
        const everything = statement.notResources.length > 0 || resources.some((r) => r.scope === 'everything');
        if (!everything && !resources.some(isUnscoped)) continue;
        const where = (text: string, when = statement.when) => `'${text}' in ${policy.label}${describeBranches([...policy.when, ...when])}`;
        if (statement.notActions.length > 0) escalation.push(where('NotAction'));
        for (const action of statement.actions) {
          const cls = classifyAction(action.value);
          if (cls.shape === 'all') (everything ? admin : escalation).push(where(cls.text, [...statement.when, ...action.when]));
          else if (cls.levels.includes('Permissions management')) {
            escalation.push(where(cls.text, [...statement.when, ...action.when]));
            for (const action of actionsAt(cls, 'Permissions management')) examples.add(action);
          }
        }
      }
    for (const managed of awsManagedPolicies(ctx.graph, principal)) {
      const effect = KNOWN_MANAGED[managed.name];
      if (effect)
        (effect === 'admin' ? admin : escalation).push(`the AWS managed policy '${managed.name}'${describeBranches(managed.when)}`);
    }
    // The role SAM generates has messages of their own: the data of a role's finding (its fingerprint) stays as it was.
    const generated = SAM_ROLE_TYPES.includes(principal.type);
    const data = { kind: kindOf(principal).replace(/^./, (c) => c.toUpperCase()), principal: principal.logicalId };
    const join = (list: string[]) => [...new Set(list)].join('; ');
    if (admin.length > 0)
      yield {
        at: principal,
        messageId: generated ? 'generatedAdmin' : 'admin',
        data: { ...data, grants: join([...admin, ...escalation]) },
      };
    else if (escalation.length > 0) {
      const shown = examples.size === 0 ? '' : ` (${listExamples(examples, 4)})`;
      yield {
        at: principal,
        messageId: generated ? 'generatedEscalation' : 'escalation',
        data: { ...data, grants: join(escalation), examples: shown },
      };
    }
  },
});
