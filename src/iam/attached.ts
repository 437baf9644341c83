import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource } from '../graph/query.js';
import { listItems, matchableText } from '../graph/query.js';
import type { PolicyDocument } from './documents.js';
import { documentsOf, kindOf } from './documents.js';
import { generatesRole, SAM_IMPLICIT_POLICY } from '../aws/sam.js';
import { managedPolicyDocument } from './managed-policies.js';

/** A policy document attached to a principal, and how it got there. */
export interface AttachedPolicy extends PolicyDocument {
  /**
   * - `inline`: the principal's own `Policies`;
   * - `policy`: an `AWS::IAM::Policy` / `AWS::IAM::RolePolicy` / `UserPolicy` / `GroupPolicy` naming the principal;
   * - `managed`: a customer managed policy of the input (`AWS::IAM::ManagedPolicy`), attached through its
   *   `Roles`/`Users`/`Groups` or through the principal's `ManagedPolicyArns`.
   */
  attachment: 'inline' | 'policy' | 'managed';
  /** The group a user inherits the policy from; null for the principal's own policies. */
  via: Resource | null;
}

/** The property a standalone policy uses to name each kind of principal. */
const LIST_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'Roles',
  'AWS::IAM::User': 'Users',
  'AWS::IAM::Group': 'Groups',
};
const SINGLE: Readonly<Record<string, { type: string; property: string }>> = {
  'AWS::IAM::Role': { type: 'AWS::IAM::RolePolicy', property: 'RoleName' },
  'AWS::IAM::User': { type: 'AWS::IAM::UserPolicy', property: 'UserName' },
  'AWS::IAM::Group': { type: 'AWS::IAM::GroupPolicy', property: 'GroupName' },
};

/**
 * Every identity policy document attached to a role, user or group, found through the graph's links (by
 * `Ref`, `Fn::GetAtt`, imports, or the principal's physical name): inline `Policies`; `AWS::IAM::Policy` and
 * `AWS::IAM::ManagedPolicy` listing it in `Roles`/`Users`/`Groups`; `ManagedPolicyArns` entries that point at a
 * customer managed policy of the input; `AWS::IAM::RolePolicy`/`UserPolicy`/`GroupPolicy`. A user also gets the
 * policies of its groups (`Groups`, `AWS::IAM::UserToGroupAddition`). AWS managed policies have no document in
 * the input: see `awsManagedPolicies`.
 */
export function policiesOf(graph: Graph, principal: Resource): AttachedPolicy[] {
  const out = direct(graph, principal, null);
  if (principal.type === 'AWS::IAM::User') for (const group of groupsOf(graph, principal)) out.push(...direct(graph, group, group));
  return out;
}

function direct(graph: Graph, principal: Resource, via: Resource | null): AttachedPolicy[] {
  const out: AttachedPolicy[] = [];
  // A set, not a scan of `out`: a role may have tens of thousands of policies attached, and a scan per policy
  // made collecting them quadratic.
  const holders = new Set<Resource>();
  const add = (resource: Resource, attachment: AttachedPolicy['attachment']) => {
    if (holders.has(resource)) return;
    holders.add(resource);
    for (const doc of documentsOf(graph, resource)) if (doc.kind === 'identity') out.push({ ...doc, attachment, via });
  };
  add(principal, 'inline');
  const list = LIST_PROPERTY[principal.type];
  const single = SINGLE[principal.type];
  if (list) {
    for (const policy of graph.referencing(principal, 'AWS::IAM::Policy', list)) add(policy, 'policy');
    for (const policy of graph.referencing(principal, 'AWS::IAM::ManagedPolicy', list)) add(policy, 'managed');
  }
  if (single) for (const policy of graph.referencing(principal, single.type, single.property)) add(policy, 'policy');
  for (const policy of graph.referencedBy(principal, 'ManagedPolicyArns', 'AWS::IAM::ManagedPolicy')) add(policy, 'managed');
  // SAM puts the customer managed policies named in `Policies` (by Ref or ARN) into its generated role's ManagedPolicyArns.
  if (generatesRole(principal))
    for (const policy of graph.referencedBy(principal, 'Policies', 'AWS::IAM::ManagedPolicy')) add(policy, 'managed');
  // A group's standalone policies do not name the group in their label: say how the user gets them.
  return out.map((p) => (via && p.holder !== via ? { ...p, label: `${p.label} (through ${kindOf(via)} '${via.logicalId}')` } : p));
}

/** The groups of the input a user belongs to. */
export function groupsOf(graph: Graph, user: Resource): Resource[] {
  const groups = graph.referencedBy(user, 'Groups', 'AWS::IAM::Group');
  for (const addition of graph.referencing(user, 'AWS::IAM::UserToGroupAddition', 'Users'))
    for (const group of graph.referencedBy(addition, 'GroupName', 'AWS::IAM::Group')) if (!groups.includes(group)) groups.push(group);
  return groups;
}

/** `arn:<partition>:iam::aws:policy/<path/>Name`: the account `aws` marks an AWS managed policy. */
const AWS_MANAGED = /^arn:(?:[\w-]*|\u0000):iam::aws:policy\/(?:.*\/)?([^/\u0000]+)$/;

/** An AWS managed policy in `ManagedPolicyArns`, in any form (literal, `Fn::Join` with `AWS::Partition`, `Fn::Sub`, a parameter default). */
export interface ManagedPolicyRef {
  name: string;
  at: Resolved;
  when: Branch[];
  /** True for a policy the input does not write: the one SAM attaches to the role it generates. */
  implicit?: true;
}

/** The AWS managed policies attached to a role, user or group. */
export function awsManagedPolicies(graph: Graph, principal: Resource): ManagedPolicyRef[] {
  const out: ManagedPolicyRef[] = [];
  if (generatesRole(principal)) {
    // SAM attaches its implicit policy to the role it generates, and each `Policies` string: an AWS managed
    // policy by name (`AmazonS3FullAccess`) or any policy by ARN. Customer managed ARNs are not AWS managed.
    const implicit = SAM_IMPLICIT_POLICY[principal.type];
    if (implicit) out.push({ name: implicit, at: graph.get(principal, 'Type'), when: [], implicit: true });
    for (const { when, item } of listItems(graph.get(principal, 'Properties', 'Policies'))) {
      const text = matchableText(item);
      if (text === undefined) continue;
      const name = text.startsWith('arn:') ? AWS_MANAGED.exec(text)?.[1] : /^[\w+=,.@-]+$/.test(text) ? text : undefined;
      if (name) out.push({ name, at: item, when });
    }
    return out;
  }
  for (const { when, item } of listItems(graph.get(principal, 'Properties', 'ManagedPolicyArns'))) {
    const arn = matchableText(item);
    const name = arn === undefined ? undefined : AWS_MANAGED.exec(arn)?.[1];
    if (name) out.push({ name, at: item, when });
  }
  return out;
}

/**
 * The latest document of an AWS managed policy (see managed-policies.ts), as a value the policy readers take
 * (`statementsOf`), or undefined when the data does not know the policy. The document is not in the template: its
 * node is the policy's entry (`ManagedPolicyArns/0`, the SAM function for its implicit policy), so anything located
 * inside it is located there. Each principal gets its own copy, whose statements carry that entry.
 */
export function managedPolicyValue(graph: Graph, principal: Resource, ref: ManagedPolicyRef): Resolved | undefined {
  let byRef = managedValues.get(principal);
  if (!byRef) managedValues.set(principal, (byRef = new Map()));
  const key = `${ref.at.at.pointer}\u0000${ref.name}`;
  if (byRef.has(key)) return byRef.get(key);
  const data = managedPolicyDocument(ref.name);
  const value =
    data === undefined
      ? undefined
      : graph.resolve({ stack: ref.at.at.stack, pointer: ref.at.at.pointer, value: structuredClone(data.document) });
  byRef.set(key, value);
  return value;
}

const managedValues = new WeakMap<Resource, Map<string, Resolved | undefined>>();
