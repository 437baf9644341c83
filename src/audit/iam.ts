import type { AttachedPolicy, ManagedPolicyDetail } from '@aws-sdk/client-iam';
import { paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { rules as allRules } from '../rules/index.js';
import type { AccountAudit } from './context.js';
import { evaluateSynthetic, type SyntheticResource } from './synthetic.js';

/** The rules that read IAM principals and policies: managed policies (IAM-1), wildcards and the per-principal view (IAM-2). */
const IAM_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::ManagedPolicy'];
const IAM_RULES = allRules.filter((r) => r.appliesTo !== 'stack' && r.appliesTo.some((t) => IAM_TYPES.includes(t)));

/**
 * IAM of the account, from `GetAccountAuthorizationDetails` (paged through): roles, users and groups with their inline
 * policies, attached managed policies and trust policies, and the customer managed policies' default versions. They
 * are written as one synthetic template (a customer managed policy attached by `Ref`, an AWS managed one by its ARN,
 * a user's groups by `Ref`), so the same IAM layer and rules as the static scan judge them, the per-principal view
 * included. Service-linked roles (path `/aws-service-role/`) are left out: AWS attaches and owns their policies.
 */
export async function auditIam(audit: AccountAudit): Promise<void> {
  const client = audit.clients.iam();
  const synthetic: SyntheticResource[] = [];
  const ids = new Set<string>();
  /** Logical ids are names; a role and a user may share one, so the second gets its kind appended. */
  const idFor = (name: string, kind: string) => {
    const id = ids.has(name) ? `${name} (${kind})` : name;
    ids.add(id);
    return id;
  };
  const policyIds = new Map<string, string>();
  const pending: { resource: SyntheticResource; attached: AttachedPolicy[]; groups?: string[] }[] = [];
  const groupIds = new Map<string, string>();
  const accountArn = `arn:${audit.partition}:iam::${audit.account}:*`;
  const ok = await audit.guarded('iam:GetAccountAuthorizationDetails', accountArn, 'global', async () => {
    const pages = paginateGetAccountAuthorizationDetails({ client }, { Filter: ['Role', 'User', 'Group', 'LocalManagedPolicy'] });
    for (;;) {
      const next = await audit.call('iam', () => pages.next());
      if (next.done) break;
      const page = next.value;
      for (const policy of page.Policies ?? []) {
        const document = defaultVersion(policy);
        if (!policy.Arn || !policy.PolicyName || document === undefined) continue;
        const id = idFor(policy.PolicyName, 'policy');
        policyIds.set(policy.Arn, id);
        synthetic.push({
          logicalId: id,
          type: 'AWS::IAM::ManagedPolicy',
          properties: { ManagedPolicyName: policy.PolicyName, PolicyDocument: document },
          live: audit.resource(policy.Arn, 'AWS::IAM::ManagedPolicy', 'global', policy.Arn),
          rename: { from: 'PolicyDocument', to: '/DefaultVersion/Document' },
        });
      }
      for (const role of page.RoleDetailList ?? []) {
        if (!role.RoleName || !role.Arn || role.Path?.startsWith('/aws-service-role/')) continue;
        const properties: Record<string, unknown> = {
          RoleName: role.RoleName,
          Policies: inline(role.RolePolicyList),
          ...(role.AssumeRolePolicyDocument ? { AssumeRolePolicyDocument: decode(role.AssumeRolePolicyDocument) } : {}),
        };
        const resource = {
          logicalId: idFor(role.RoleName, 'role'),
          type: 'AWS::IAM::Role',
          properties,
          live: audit.resource(role.Arn, 'AWS::IAM::Role', 'global', role.RoleName),
        };
        pending.push({ resource, attached: role.AttachedManagedPolicies ?? [] });
      }
      for (const group of page.GroupDetailList ?? []) {
        if (!group.GroupName || !group.Arn) continue;
        const resource = {
          logicalId: idFor(group.GroupName, 'group'),
          type: 'AWS::IAM::Group',
          properties: { GroupName: group.GroupName, Policies: inline(group.GroupPolicyList) },
          live: audit.resource(group.Arn, 'AWS::IAM::Group', 'global', group.GroupName),
        };
        groupIds.set(group.GroupName, resource.logicalId);
        pending.push({ resource, attached: group.AttachedManagedPolicies ?? [] });
      }
      for (const user of page.UserDetailList ?? []) {
        if (!user.UserName || !user.Arn) continue;
        const resource = {
          logicalId: idFor(user.UserName, 'user'),
          type: 'AWS::IAM::User',
          properties: { UserName: user.UserName, Policies: inline(user.UserPolicyList) } as Record<string, unknown>,
          live: audit.resource(user.Arn, 'AWS::IAM::User', 'global', user.UserName),
        };
        pending.push({ resource, attached: user.AttachedManagedPolicies ?? [], groups: user.GroupList ?? [] });
      }
    }
    return true;
  });
  if (!ok) return;
  // Attachments are written once every page is read: a policy or group may come on a later page than its principal.
  for (const { resource, attached, groups } of pending) {
    const arns = attached.map((a) => a.PolicyArn).filter((a): a is string => !!a);
    if (arns.length > 0)
      resource.properties['ManagedPolicyArns'] = arns.map((arn) => (policyIds.has(arn) ? { Ref: policyIds.get(arn) } : arn));
    const refs = (groups ?? []).map((g) => groupIds.get(g)).filter((g): g is string => !!g);
    if (refs.length > 0) resource.properties['Groups'] = refs.map((g) => ({ Ref: g }));
    synthetic.push(resource);
    audit.sink.resources++;
  }
  evaluateSynthetic(synthetic, IAM_RULES, audit.options, { account: audit.account, region: null }, audit.sink);
}

/** Inline policies as a template's `Policies` list. */
function inline(list: readonly { PolicyName?: string | undefined; PolicyDocument?: string | undefined }[] | undefined): unknown[] {
  return (list ?? []).flatMap((p) => {
    const document = p.PolicyDocument ? decode(p.PolicyDocument) : undefined;
    return document === undefined ? [] : [{ PolicyName: p.PolicyName ?? '?', PolicyDocument: document }];
  });
}

/** The default version's document of a customer managed policy. */
function defaultVersion(policy: ManagedPolicyDetail): unknown {
  const version = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? policy.PolicyVersionList?.[0];
  return version?.Document ? decode(version.Document) : undefined;
}

/** IAM returns policy documents URL-encoded (RFC 3986); undefined when the text is neither that nor JSON. */
export function decode(text: string): unknown {
  for (const candidate of [text, safeDecode(text)]) {
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // Try the next reading.
    }
  }
  return undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return undefined;
  }
}
