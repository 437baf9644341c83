import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource } from '../graph/values.js';
import { childPointer } from '../load/pointer.js';
import type { AutoFix, FixOperation, FixRefusal } from '../model/fix.js';

/**
 * Building blocks for the fixes rules offer (model/fix.ts). A fix edits only what the resource itself writes: a
 * value read from a parameter default, a mapping or another stack lives elsewhere and is refused, as is a value
 * inside `Fn::If` (which branch to change is the author's decision).
 */

/** A fix made of operations. */
export function fix(description: string, cdk: string, ...operations: FixOperation[]): AutoFix {
  return { kind: 'fix', description, operations, cdk };
}

/** A finding the rule cannot fix safely, and what the author has to decide. */
export function refuse(reason: string, cdk?: string): FixRefusal {
  return cdk === undefined ? { kind: 'refused', reason } : { kind: 'refused', reason, cdk };
}

/** The pointer of a property path under a resource (`/Resources/Bucket/Properties/VersioningConfiguration`). */
export function propertyPointer(resource: Resource, ...path: (string | number)[]): string {
  return childPointer(resource.node.pointer, 'Properties', ...path);
}

/** Why a fix at this value is not safe, or undefined when the value is written in the resource itself, without conditions. */
export function unsafeAt(resource: Resource, value: Resolved, when: readonly Branch[]): string | undefined {
  const branches = conditionsOnly(when);
  if (branches) return branches;
  if (value.at.stack !== resource.stack || !`${value.at.pointer}/`.startsWith(`${resource.node.pointer}/`))
    return 'the value comes from outside the resource (a parameter, a mapping or another stack): change it where it is defined';
  if (value.kind === 'literal' && value.parameter !== undefined)
    return `the value comes from the default of parameter '${value.parameter}': change the parameter or its default`;
  return undefined;
}

/**
 * Sets a property path of a resource. When the author wrote a different value there (`explicit`), the fix is
 * refused unless the run allows overriding explicit values.
 */
export function setProperty(
  resource: Resource,
  path: readonly (string | number)[],
  value: unknown,
  at: Resolved,
  when: readonly Branch[],
  text: { description: string; cdk: string; overrideExplicit: boolean | undefined },
): AutoFix | FixRefusal {
  const unsafe = at.kind === 'absent' ? conditionsOnly(when) : unsafeAt(resource, at, when);
  if (unsafe) return refuse(unsafe, text.cdk);
  if (at.kind !== 'absent' && !text.overrideExplicit)
    return refuse(
      'the template sets this value explicitly; fix with --override-explicit (Aspect: overrideExplicit) if it is not wanted',
      text.cdk,
    );
  return fix(text.description, text.cdk, { op: 'set', pointer: propertyPointer(resource, ...path), value });
}

/** A value inside `Fn::If` (or a property that only some branches set): which branch to change is the author's call. */
function conditionsOnly(when: readonly Branch[]): string | undefined {
  if (when.length === 0) return undefined;
  return `the value depends on conditions (${[...new Set(when.map((b) => b.condition))].join(', ')}): change the branch that needs it by hand`;
}

/** A logical id not used in the resource's stack: `base`, else `base2`, `base3` … */
export function freeLogicalId(resource: Resource, base: string): string {
  const taken = resource.stack.resourcesById;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/** The TLS-only Deny: every principal, every S3 action, the bucket ARN and its objects, on aws:SecureTransport = false. */
export function tlsDenyStatement(bucket: Resource): Record<string, unknown> {
  const arn = { 'Fn::GetAtt': [bucket.logicalId, 'Arn'] };
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

const TLS_CDK = '`enforceSSL: true`';

/**
 * The TLS-only fix for a bucket: the Deny statement appended to its first bucket policy (a Deny only narrows
 * access, so adding one never widens a permission), or a new AWS::S3::BucketPolicy when it has none. The new
 * policy takes the bucket's Condition, so it exists exactly when the bucket does.
 */
export function tlsOnlyFix(graph: Graph, bucket: Resource, policies: readonly Resource[]): AutoFix | FixRefusal {
  const statement = tlsDenyStatement(bucket);
  const policy = policies[0];
  if (!policy) {
    const resource: Record<string, unknown> = {
      Type: 'AWS::S3::BucketPolicy',
      ...(bucket.condition ? { Condition: bucket.condition } : {}),
      Properties: { Bucket: { Ref: bucket.logicalId }, PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
    };
    return fix('adds a bucket policy that denies requests without TLS', TLS_CDK, {
      op: 'addResource',
      logicalId: freeLogicalId(bucket, `${bucket.logicalId}TlsOnlyPolicy`),
      resource,
    });
  }
  const statements = graph.get(policy, 'Properties', 'PolicyDocument', 'Statement');
  const pointer = propertyPointer(policy, 'PolicyDocument', 'Statement');
  if (statements.kind !== 'list' || statements.at.pointer !== pointer || statements.at.stack !== policy.stack)
    return refuse(`the Statement of policy '${policy.logicalId}' is not a list written in the policy: add the Deny by hand`, TLS_CDK);
  const sids = new Set(statements.items.map((s) => graph.get(s, 'Sid')).flatMap((s) => (s.kind === 'literal' ? [String(s.value)] : [])));
  if (sids.has('DenyInsecureTransport')) delete statement['Sid'];
  return fix(`adds a Deny without TLS to bucket policy '${policy.logicalId}'`, TLS_CDK, { op: 'append', pointer, value: statement });
}
