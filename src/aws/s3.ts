import type { Graph } from '../graph/build.js';
import type { Resolved, Resource } from '../graph/values.js';
import { alternatives, holeIdentity, renderText } from '../graph/values.js';

/** Which parts of one bucket a policy `Resource` value names. */
export interface BucketCoverage {
  /** The bucket ARN itself (`arn:aws:s3:::name`): bucket-level actions such as ListBucket or PutBucketPolicy. */
  bucket: boolean;
  /** Every object of the bucket (`arn:aws:s3:::name/*`): object-level actions such as GetObject. */
  objects: boolean;
}

/**
 * The `AWS::S3::BucketPolicy` resources that apply to a bucket: those whose `Bucket` names it through `Ref`, a
 * literal bucket name, `Fn::Sub`/`Fn::Join` names, or `Fn::ImportValue` from another stack of the same assembly.
 */
export function bucketPoliciesOf(graph: Graph, bucket: Resource): Resource[] {
  return graph.referencing(bucket, 'AWS::S3::BucketPolicy', 'Bucket');
}

// Sentinels for symbolic parts while matching. None can occur in an ARN or a bucket name.
/** A value not known before deployment: it matches nothing, so it never proves coverage. */
const HOLE = '\u0000';
/** The partition the bucket is deployed in (`AWS::Partition`, or any partition written literally). */
const PARTITION = '\u0001';
/** The bucket's own name (`Ref Bucket`). */
const NAME = '\u0002';
/** Any object key: only a `*` covers it. */
const ANY_KEY = '\u0003';
/** Brackets a pseudo parameter of the bucket's own stack (`${AWS::AccountId}` in a bucket name). */
const PSEUDO = '\u0004';

/**
 * Whether a policy statement's `Resource` value covers the bucket ARN and/or all of its objects.
 *
 * Understands `Fn::GetAtt Bucket.Arn`, `Fn::Join ['', [Bucket.Arn, '/*']]` (the CDK's form),
 * `Fn::Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'`, `Fn::Sub '${Bucket.Arn}/*'`, literal ARNs that name the
 * bucket's `BucketName` (also a `Fn::Sub` name built from the same unknowns of the stack: pseudo parameters,
 * parameters with no default), and IAM wildcards (`*`,
 * `arn:aws:s3:::*`, a `logs-*` bucket pattern). A part not known before deployment never counts as covering.
 * A list covers what any item covers; alternatives (`Fn::If`) cover what every alternative covers.
 */
export function resourceCovers(graph: Graph, resource: Resolved, bucket: Resource): BucketCoverage {
  if (resource.kind === 'list') {
    const parts = resource.items.map((item) => resourceCovers(graph, item, bucket));
    return { bucket: parts.some((p) => p.bucket), objects: parts.some((p) => p.objects) };
  }
  if (resource.kind === 'oneOf') {
    const parts = alternatives(resource).map((a) => resourceCovers(graph, a.value, bucket));
    return { bucket: parts.every((p) => p.bucket), objects: parts.every((p) => p.objects) };
  }
  const sameStack = resource.at.stack === bucket.stack;
  const pattern = symbolic(resource, bucket, sameStack);
  if (pattern === undefined) return { bucket: false, objects: false };
  // The partition segment: a policy is evaluated in the bucket's own partition, so any partition written there
  // (`aws`, `${AWS::Partition}`, `*`) is taken as that one. A policy for another partition could not be attached.
  const normalized = pattern.replace(/^arn:([^:\u0000]*):/, `arn:${PARTITION}:`);
  const names = [NAME];
  const name = graph.get(bucket, 'Properties', 'BucketName');
  const literalName =
    name.kind === 'literal'
      ? typeof name.value === 'string'
        ? name.value
        : undefined
      : sameStack
        ? symbolic(name, bucket, true)
        : undefined;
  if (literalName && !literalName.includes(HOLE)) names.push(literalName);
  const arns = names.map((n) => `arn:${PARTITION}:s3:::${n}`);
  return {
    bucket: arns.some((arn) => globMatches(normalized, arn)),
    objects: arns.some((arn) => globMatches(normalized, `${arn}/${ANY_KEY}`)),
  };
}

/** Renders a string value with the bucket's references, the partition and (same stack) pseudo parameters as sentinels. */
function symbolic(value: Resolved, bucket: Resource, sameStack: boolean): string | undefined {
  return renderText(value, (hole) => {
    if (hole.kind === 'ref' && hole.resource === bucket) {
      // `Ref` to a bucket is its name; `Fn::GetAtt Bucket.Arn` is `arn:<partition>:s3:::<name>`.
      if (hole.attribute === null) return NAME;
      if (hole.attribute === 'Arn') return `arn:${PARTITION}:s3:::${NAME}`;
      return HOLE;
    }
    if (hole.kind === 'pseudo' && hole.name === 'AWS::Partition') return PARTITION;
    // Within one stack, `${AWS::AccountId}` in the policy is the same value as in the bucket's name, and so is
    // `${Env}` for a parameter with no default (the graph's identity of a hole: the same expression, the same name).
    const id = sameStack ? holeIdentity(hole) : undefined;
    if (id !== undefined) return `${PSEUDO}${id}${PSEUDO}`;
    return HOLE;
  });
}

/**
 * IAM resource matching: `*` matches any run of characters (sentinels included), `?` one ordinary character.
 * ARNs are case-sensitive.
 */
function globMatches(pattern: string, text: string): boolean {
  // Classic two-pointer wildcard match with backtracking to the last `*`.
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      star = p++;
      mark = t;
    } else if (pc !== undefined && pc !== HOLE && (pc === text[t] || (pc === '?' && text[t]! > PSEUDO))) {
      p++;
      t++;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * How a message names the bucket a bucket policy applies to: the logical id of the bucket when it is in the input
 * (`Bucket83908E77`), else the bucket name as written (`${AWS::AccountId}-logs`).
 */
export function policyBucketLabel(graph: Graph, policy: Resource): string {
  const buckets = graph.referencedBy(policy, 'Bucket', 'AWS::S3::Bucket');
  if (buckets.length > 0) return buckets.map((b) => b.logicalId).join("' or '");
  return renderText(graph.get(policy, 'Properties', 'Bucket')) ?? '(a bucket not known before deployment)';
}
