import type { Branch } from '../../graph/query.js';
import { bucketPoliciesOf, externalBucketCovers, resourceCovers } from '../../aws/s3.js';
import { nagText } from '../../graph/detail.js';
import { branchWithout, describeBranches, nodeWithin, renderList, whyUnknown } from '../../graph/query.js';
import { missingStatementReasons, statementsOf } from '../../iam/policy.js';
import { insecureTransportDenial } from '../../iam/secure-transport.js';
import type { Graph } from '../../graph/build.js';
import type { Resource } from '../../graph/query.js';
import { refuse, tlsOnlyFix } from '../../aws/fixes.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/tls-only',
  title: 'S3 buckets deny every request that does not use TLS, on the bucket and on its objects',
  description:
    'The guidance: "Enforce encryption in-transit by restricting access using secure transport (TLS)." S3 accepts plain ' +
    'HTTP unless the bucket policy refuses it: a Deny for every principal ("*") and every S3 action (s3:* or *) with ' +
    'the condition aws:SecureTransport = false (Bool or BoolIfExists; "false" or false), whose Resource covers both ' +
    'the bucket ARN (bucket-level requests such as ListBucket) and bucket/* (object requests). The policy is found ' +
    'through its Bucket property: Ref, the bucket name (also Fn::Sub/Fn::Join names), or Fn::ImportValue from another ' +
    'stack of the assembly; its Resource may use Fn::GetAtt Arn, Fn::Join, Fn::Sub or the literal ARN. A Deny that has ' +
    'other conditions too only refuses the requests that also meet them. A Deny inside Fn::If counts only for the ' +
    'deployments where it exists. A bucket has exactly one policy, so an AWS::S3::BucketPolicy for a bucket that is ' +
    'not in the input (its Bucket is a parameter or a name) decides whether that bucket refuses plain HTTP: it is ' +
    'checked the same way, on the policy, with the bucket known only by the name as written or resolved.',
  fix:
    'Add to the bucket policy: { Effect: Deny, Principal: "*", Action: "s3:*", Resource: [<Bucket.Arn>, <Bucket.Arn>/*], ' +
    'Condition: { Bool: { "aws:SecureTransport": "false" } } } (CDK: `enforceSSL: true`).',
  controls: ['S3-4'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
  fixable: true,
  peers: {
    cdkNag: ['AwsSolutions-S10', 'HIPAA.Security-S3BucketSSLRequestsOnly', 'NIST.800.53.R5-S3BucketSSLRequestsOnly'],
    checkov: [],
    cfnNag: [],
    securityHub: ['S3.5'],
  },
  messages: {
    noPolicy: "Bucket '{{bucket}}' has no bucket policy, so nothing denies requests that do not use TLS (aws:SecureTransport = false).",
    noDeny: "Bucket '{{bucket}}' has bucket policy '{{policy}}', but no statement in it denies requests with aws:SecureTransport = false.",
    unknownPolicy:
      "Bucket '{{bucket}}': the document of bucket policy '{{policy}}' is not known before deployment ({{reason}}), so whether it denies requests without TLS cannot be checked.",
    weakDeny:
      "Bucket '{{bucket}}': the Deny on aws:SecureTransport = false in policy '{{policy}}' {{shortfall}}, so it does not refuse every request without TLS.",
    objectsOnly:
      "Bucket '{{bucket}}': the Deny on aws:SecureTransport = false in policy '{{policy}}' covers only its objects (bucket/*), not the bucket ARN itself: bucket-level requests (ListBucket, GetBucketPolicy, PutBucketPolicy …) can still use plain HTTP.",
    bucketOnly:
      "Bucket '{{bucket}}': the Deny on aws:SecureTransport = false in policy '{{policy}}' covers only the bucket ARN, not its objects (bucket/*): GetObject and PutObject can still use plain HTTP.",
    otherResources:
      "Bucket '{{bucket}}': policy '{{policy}}' denies requests without TLS on {{resources}}, which covers neither this bucket's ARN nor its objects.",
    externalNoDeny:
      "Bucket policy '{{policy}}' is the policy of bucket '{{bucket}}' (not in the input), and no statement in it denies requests with aws:SecureTransport = false: a bucket has one policy, so nothing refuses plain HTTP.",
    externalPartial:
      "Bucket policy '{{policy}}' of bucket '{{bucket}}' (not in the input) denies requests without TLS, but {{shortfall}}, so it does not refuse every request without TLS.",
    someBranches: "Bucket '{{bucket}}' is covered by a Deny on aws:SecureTransport = false only in some deployments: not {{part}}{{when}}.",
  },
  *check(bucket, ctx) {
    if (bucket.type === 'AWS::S3::BucketPolicy') {
      yield* checkExternal(ctx.graph, bucket);
      return;
    }
    const policies = bucketPoliciesOf(ctx.graph, bucket);
    const base = { bucket: bucket.logicalId };
    const fix = tlsOnlyFix(ctx.graph, bucket, policies);
    if (policies.length === 0) {
      yield { at: bucket, messageId: 'noPolicy', data: base, fix };
      return;
    }
    const denials = policies.flatMap((policy) =>
      statementsOf(ctx.graph, ctx.graph.get(policy, 'Properties', 'PolicyDocument')).flatMap((statement) => {
        const denial = insecureTransportDenial(statement, 's3');
        // A policy with a resource Condition exists only when it holds.
        return denial ? [{ policy, ...denial, exists: policy.condition ? [{ condition: policy.condition, holds: true }] : [] }] : [];
      }),
    );
    const full = denials.filter((d) => d.scope.full);
    const [first] = full.length > 0 ? full : denials;
    if (!first) {
      const documents = policies.map((p) => ({ policy: p, document: ctx.graph.get(p, 'Properties', 'PolicyDocument') }));
      // A document the resolver cannot read (a parameter, an unsupported intrinsic) may well hold the Deny.
      const unknown = documents.find((d) => d.document.kind === 'unknown' || d.document.kind === 'ref' || d.document.kind === 'pseudo');
      // A document that is no policy as written (no Statement: the input of a template macro) cannot be judged either.
      const unread = unknown ? undefined : documents.find((d) => missingStatementReasons(ctx.graph, d.document).length > 0);
      if (unknown)
        yield {
          at: unknown.document,
          messageId: 'unknownPolicy',
          severity: 'warning',
          data: { ...base, policy: unknown.policy.logicalId, reason: whyUnknown(unknown.document) },
          fix: refuse('the policy document is not known before deployment: add the Deny where it is defined'),
        };
      else if (unread)
        yield {
          at: unread.document,
          messageId: 'unknownPolicy',
          severity: 'warning',
          data: { ...base, policy: unread.policy.logicalId, reason: missingStatementReasons(ctx.graph, unread.document).join('; ') },
          fix: refuse('the policy document is not a policy as written: add the Deny where it is defined'),
        };
      else
        yield {
          at: documents[0]!.document,
          messageId: 'noDeny',
          data: { ...base, policy: policies.map((p) => p.logicalId).join("', '") },
          fix,
        };
      return;
    }
    const data = { ...base, policy: first.policy.logicalId };
    if (!first.scope.full) {
      yield { at: first.statement.at, messageId: 'weakDeny', data: { ...data, shortfall: first.scope.shortfall }, fix };
      return;
    }
    const covered: Record<'bucket' | 'objects', Branch[][]> = { bucket: [], objects: [] };
    for (const denial of full)
      for (const { value, when } of denial.statement.resources) {
        const covers = resourceCovers(ctx.graph, value, bucket);
        const branches = [...denial.exists, ...(denial.scope.full ? denial.scope.when : []), ...when];
        if (covers.bucket) covered.bucket.push(branches);
        if (covers.objects) covered.objects.push(branches);
      }
    const at = nodeWithin(first.policy, [first.statement.element('Resource'), first.statement.at]);
    if (covered.bucket.length === 0 && covered.objects.length === 0)
      yield {
        at,
        messageId: 'otherResources',
        data: { ...data, resources: renderList(first.statement.resources.map((r) => r.value)) },
        fix,
      };
    else if (covered.bucket.length === 0) yield { at, messageId: 'objectsOnly', data, fix };
    else if (covered.objects.length === 0) yield { at, messageId: 'bucketOnly', data, fix };
    else {
      const given = bucket.condition ? [{ condition: bucket.condition, holds: true }] : [];
      const gapBucket = branchWithout(covered.bucket, given);
      const gapObjects = branchWithout(covered.objects, given);
      const gap = gapBucket ?? gapObjects;
      const part = gapBucket && gapObjects ? 'the bucket ARN or its objects' : gapBucket ? 'the bucket ARN' : 'its objects';
      if (gap)
        yield {
          at: first.statement.at,
          messageId: 'someBranches',
          data: { ...data, part, when: describeBranches(gap) },
          fix: refuse('the Deny exists only in some deployments: decide which condition should carry it'),
        };
    }
  },
});

/** The policy of a bucket outside the input: it alone decides whether that bucket refuses plain HTTP. */
function* checkExternal(graph: Graph, policy: Resource) {
  // A policy of a bucket in the input is judged on that bucket (above).
  if (graph.referencedBy(policy, 'Bucket', 'AWS::S3::Bucket').length > 0) return;
  const name = graph.get(policy, 'Properties', 'Bucket');
  const document = graph.get(policy, 'Properties', 'PolicyDocument');
  // A policy without a Bucket, or whose document the resolver cannot read, cannot be judged here.
  if (name.kind === 'absent' || document.kind === 'unknown' || document.kind === 'ref' || document.kind === 'pseudo') return;
  // A name not known before deployment is shown as written (`<DataBucket>` for `Ref: DataBucket`).
  const data = { policy: policy.logicalId, bucket: name.kind === 'literal' && name.value !== '' ? String(name.value) : nagText(name) };
  const denials = statementsOf(graph, document).flatMap((statement) => insecureTransportDenial(statement, 's3') ?? []);
  if (denials.length === 0) {
    yield { at: document, messageId: 'externalNoDeny' as const, data };
    return;
  }
  let shortfall = '';
  for (const denial of denials) {
    if (!denial.scope.full) {
      shortfall ||= denial.scope.shortfall;
      continue;
    }
    const covers = denial.statement.resources.map((r) => externalBucketCovers(r.value, name));
    const bucketArn = covers.some((c) => c.bucket);
    const objects = covers.some((c) => c.objects);
    if (bucketArn && objects) return;
    shortfall ||= bucketArn
      ? 'only on the bucket ARN, not its objects (bucket/*)'
      : objects
        ? 'only on its objects (bucket/*), not the bucket ARN'
        : 'not on this bucket';
  }
  yield { at: denials[0]!.statement.at, messageId: 'externalPartial' as const, data: { ...data, shortfall } };
}
