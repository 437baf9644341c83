import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource } from '../graph/query.js';
import { alternatives, listItems, renderText } from '../graph/query.js';
import type { Statement } from './policy.js';
import { grantsNothing, statementsOf } from './policy.js';
import { isOwnAccount } from './principal.js';
import { cachedBy } from './memo.js';
import { expandSamPolicyTemplate, generatesRole, SAM_ROLE_TYPES, samTemplateName } from '../aws/sam.js';

/** Where a policy document sits and how it grants. */
export interface PolicyDocument {
  /** The resource whose template holds the document. */
  holder: Resource;
  /**
   * `identity`: attached to a role, user or group, it grants that principal access to the listed resources.
   * `resource`: attached to a resource (bucket, queue, topic, key, repository, secret, or a role's trust policy),
   * it grants the listed principals access to that resource.
   */
  kind: 'identity' | 'resource';
  /** How messages name it: `policy 'X'`, `inline policy 'P' of role 'R'`, `key policy of key 'K'`. */
  label: string;
  /** The document itself (`{Version, Statement}`), as resolved; read it with `statementsOf`. */
  document: Resolved;
  /** Branches under which the document exists (an inline policy inside `Fn::If`). */
  when: Branch[];
}

/** Resources that are identity policies, with the property that holds the document. */
const IDENTITY_POLICY: Readonly<Record<string, string>> = {
  'AWS::IAM::Policy': 'PolicyDocument',
  'AWS::IAM::ManagedPolicy': 'PolicyDocument',
  'AWS::IAM::RolePolicy': 'PolicyDocument',
  'AWS::IAM::UserPolicy': 'PolicyDocument',
  'AWS::IAM::GroupPolicy': 'PolicyDocument',
};

/** Resources that carry a resource policy, with the property that holds it and how to name it. */
const RESOURCE_POLICY: Readonly<Record<string, { property: string; name: string }>> = {
  'AWS::S3::BucketPolicy': { property: 'PolicyDocument', name: 'bucket policy' },
  'AWS::SQS::QueuePolicy': { property: 'PolicyDocument', name: 'queue policy' },
  'AWS::SQS::QueueInlinePolicy': { property: 'PolicyDocument', name: 'queue policy' },
  'AWS::SNS::TopicPolicy': { property: 'PolicyDocument', name: 'topic policy' },
  'AWS::SNS::TopicInlinePolicy': { property: 'PolicyDocument', name: 'topic policy' },
  'AWS::KMS::Key': { property: 'KeyPolicy', name: 'key policy' },
  'AWS::ECR::Repository': { property: 'RepositoryPolicyText', name: 'repository policy' },
  'AWS::SecretsManager::ResourcePolicy': { property: 'ResourcePolicy', name: 'secret policy' },
};

/** Roles, users and groups: they hold inline `Policies`, and a role also holds its trust policy. */
export const PRINCIPAL_TYPES: readonly string[] = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/**
 * Every resource type that holds an identity policy (inline or standalone). SAM functions and state machines hold
 * the inline documents of their `Policies`, which SAM puts in the role it generates.
 */
export const IDENTITY_POLICY_TYPES: readonly string[] = [...PRINCIPAL_TYPES, ...Object.keys(IDENTITY_POLICY), ...SAM_ROLE_TYPES];

/** Every resource type that holds a resource policy document (`AWS::Lambda::Permission` has none: see `principal.ts`). */
export const RESOURCE_POLICY_TYPES: readonly string[] = ['AWS::IAM::Role', ...Object.keys(RESOURCE_POLICY)];

/** `role`, `user`, `group` for the principal types; the type's last segment otherwise. */
export function kindOf(resource: Resource): string {
  // The last `::` segment (the whole type when it has none), without splitting the type into an array.
  const type = resource.type;
  const at = type.lastIndexOf('::');
  return (at === -1 ? type : type.slice(at + 2)).toLowerCase();
}

/**
 * The policy documents a resource holds itself: a role's, user's or group's inline `Policies` (and a role's
 * trust policy, as a resource policy), a standalone policy's `PolicyDocument`, a resource's policy. Policies
 * attached from elsewhere are found with `policiesOf`. Documents written as JSON strings are read by `statementsOf`
 * (json-document.ts).
 */
export function documentsOf(graph: Graph, resource: Resource): readonly PolicyDocument[] {
  // Several rules read the same resource's documents; a resource belongs to one graph, so it keys the cache.
  let documents = documentCache.get(resource);
  if (!documents) {
    documents = collectDocuments(graph, resource);
    documentCache.set(resource, documents);
  }
  return documents;
}

const documentCache = new WeakMap<Resource, readonly PolicyDocument[]>();

function collectDocuments(graph: Graph, resource: Resource): PolicyDocument[] {
  const out: PolicyDocument[] = [];
  const identity = IDENTITY_POLICY[resource.type];
  if (identity) {
    for (const alt of alternatives(graph.get(resource, 'Properties', identity)))
      out.push({ holder: resource, kind: 'identity', label: `policy '${resource.logicalId}'`, document: alt.value, when: alt.when });
  }
  if (PRINCIPAL_TYPES.includes(resource.type)) {
    for (const { when, item } of listItems(graph.get(resource, 'Properties', 'Policies'))) {
      const name = graph.get(item, 'PolicyName');
      // A name built with Fn::Sub reads as written (`${AWS::StackName}-logs`); only a name that is not text reads `?`.
      const label = `inline policy '${renderText(name) ?? '?'}' of ${kindOf(resource)} '${resource.logicalId}'`;
      for (const alt of alternatives(graph.get(item, 'PolicyDocument')))
        out.push({ holder: resource, kind: 'identity', label, document: alt.value, when: [...when, ...alt.when] });
    }
  }
  if (generatesRole(resource)) {
    // SAM's `Policies`: a policy name or ARN (see `awsManagedPolicies`), a SAM policy template (`S3ReadPolicy: {…}`,
    // expanded from SAM's definitions), or an inline document, recognized by its `Statement`. SAM puts each in the
    // generated role.
    const owner = `${kindOf(resource)} '${resource.logicalId}' (SAM's generated role)`;
    const label = `inline policy in Policies of ${owner}`;
    for (const { when, item } of listItems(graph.get(resource, 'Properties', 'Policies'))) {
      if (item.kind !== 'object') continue;
      if (Object.hasOwn(item.at.value as object, 'Statement')) {
        out.push({ holder: resource, kind: 'identity', label, document: item, when });
        continue;
      }
      const expanded = expandSamPolicyTemplate(item.at);
      if (expanded)
        out.push({
          holder: resource,
          kind: 'identity',
          label: `SAM policy template '${samTemplateName(item.at)}' in Policies of ${owner}`,
          document: graph.resolve(expanded),
          when,
        });
    }
  }
  const policy =
    resource.type === 'AWS::IAM::Role' ? { property: 'AssumeRolePolicyDocument', name: 'trust policy' } : RESOURCE_POLICY[resource.type];
  if (policy) {
    // A policy resource is named by itself; a key, repository or role by "… policy of <kind> '<id>'".
    const label = resource.type.endsWith('Policy')
      ? `${policy.name} '${resource.logicalId}'`
      : `${policy.name} of ${kindOf(resource)} '${resource.logicalId}'`;
    for (const alt of alternatives(graph.get(resource, 'Properties', policy.property)))
      out.push({ holder: resource, kind: 'resource', label, document: alt.value, when: alt.when });
  }
  return out.filter((d) => d.document.kind !== 'absent');
}

/** One statement of a document, with every branch that leads to it (the document's and the statement's). */
export interface DocumentStatement {
  document: PolicyDocument;
  statement: Statement;
  when: Branch[];
}

/** The statements of every document a resource holds (see `documentsOf`), optionally of one kind. */
export function statementsIn(graph: Graph, resource: Resource, kind?: PolicyDocument['kind']): readonly DocumentStatement[] {
  // Five rules read the statements of the same resource: build each list once. Resources belong to one graph.
  return cachedBy(statementsCache, resource, kind, () => {
    const out: DocumentStatement[] = [];
    for (const document of documentsOf(graph, resource)) {
      if (kind !== undefined && document.kind !== kind) continue;
      for (const statement of statementsOf(graph, document.document))
        out.push({ document, statement, when: concat(document.when, statement.when) });
    }
    return out;
  });
}

/**
 * The statements that grant: `Allow` statements (a `Deny` only takes away) that can match a request (grantsNothing),
 * except resource-policy statements
 * whose principals are all the account itself. Such a statement (the default key policy's `kms:*` for the
 * account root) delegates to the account's IAM policies and grants nobody anything by itself.
 */
export function grantingStatements(graph: Graph, resource: Resource, kind?: PolicyDocument['kind']): readonly DocumentStatement[] {
  return cachedBy(grantingCache, resource, kind, () =>
    statementsIn(graph, resource, kind).filter(({ statement, document }) => {
      if (statement.effect !== 'Allow' || grantsNothing(statement)) return false;
      const principals = statement.principals ?? [];
      return !(document.kind === 'resource' && principals.length > 0 && principals.every((p) => isOwnAccount(p, resource.stack)));
    }),
  );
}

type ByKind = Map<PolicyDocument['kind'] | undefined, readonly DocumentStatement[]>;
const statementsCache = new WeakMap<Resource, ByKind>();
const grantingCache = new WeakMap<Resource, ByKind>();

/** `[...a, ...b]`, sharing `a` or `b` when the other is empty (branch lists are never modified). */
function concat(a: Branch[], b: Branch[]): Branch[] {
  return b.length === 0 ? a : a.length === 0 ? b : [...a, ...b];
}

/** The document's label with a capital letter, to start a message. */
export function capitalized(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}
