import { alternatives, describeBranches, describeOrigin, isLiteral, listItems, whyUnknown } from '../../graph/query.js';
import { fix, propertyPointer, refuse, unsafeAt } from '../../aws/fixes.js';
import type { Branch, NodeRef, Resource } from '../../graph/query.js';
import type { RuleContext } from '../define.js';
import { defineRule } from '../define.js';

const CDK = '`objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED`';

/**
 * Why disabling ACLs could break the bucket, or undefined: a canned ACL (AccessControl) may grant access that
 * BucketOwnerEnforced would drop, and CloudFront standard logging writes to its bucket through an ACL.
 */
function aclDependency(bucket: Resource, ctx: RuleContext): string | undefined {
  if (ctx.graph.get(bucket, 'Properties', 'AccessControl').kind !== 'absent')
    return 'the bucket sets AccessControl: check that nothing relies on ACL grants, remove it, then set BucketOwnerEnforced';
  for (const distribution of ctx.graph.resourcesOfType('AWS::CloudFront::Distribution')) {
    const target = ctx.graph.get(distribution, 'Properties', 'DistributionConfig', 'Logging', 'Bucket');
    if (target.kind === 'ref' && target.resource === bucket)
      return `distribution '${distribution.logicalId}' writes its standard logs to this bucket through an ACL: move it to logging v2 first`;
  }
  return undefined;
}

/**
 * The canned ACLs (AccessControl) that grant nothing beyond the bucket owner: S3 accepts them on a bucket whose ACLs
 * are disabled (BucketOwnerEnforced). Every other canned ACL grants through an ACL and needs ACLs enabled.
 */
const OWNER_ONLY_ACLS = new Set(['private', 'bucketownerfullcontrol']);

/** The canned ACL a bucket grants through (known, and granting someone besides the owner), with its branches. */
function grantingAcl(bucket: Resource, ctx: RuleContext): { acl: string; at: NodeRef; when: Branch[] } | undefined {
  for (const { when, value } of alternatives(ctx.graph.get(bucket, 'Properties', 'AccessControl')))
    if (value.kind === 'literal' && typeof value.value === 'string' && !OWNER_ONLY_ACLS.has(value.value.toLowerCase()))
      return { acl: value.value, at: value.at, when };
  return undefined;
}

/** What each ACL-enabled setting means for who controls access to objects. */
const ACLS_ENABLED: Readonly<Record<string, string>> = {
  objectwriter: 'the account that uploads an object owns it and controls its ACL',
  bucketownerpreferred: 'the bucket owner owns only uploads that carry the bucket-owner-full-control ACL, and ACLs still grant access',
};

export default defineRule({
  id: 's3/object-ownership',
  title: 'S3 buckets disable ACLs (ObjectOwnership BucketOwnerEnforced)',
  description:
    'Least privilege (the guidance, S3 item 2) is only reviewable when one policy decides access. With ACLs enabled, every ' +
    'object can carry its own grants, invisible in the bucket policy, and objects uploaded by another account can stay ' +
    'owned by it. BucketOwnerEnforced disables ACLs: the bucket owner owns every object and only policies grant access. ' +
    'When OwnershipControls is absent, the bucket relies on the AWS default for new buckets (BucketOwnerEnforced since ' +
    'April 2023): the recommended profile reports that as a note, the strict profile as an error. A bucket without ' +
    'OwnershipControls that sets a canned ACL granting someone besides its owner (AccessControl LogDeliveryWrite, ' +
    'PublicRead, AuthenticatedRead …; Private and BucketOwnerFullControl grant nothing more) relies on ACLs instead: ' +
    'that is an error, and S3 rejects such an ACL on a new bucket unless OwnershipControls enables ACLs.',
  fix: 'Set OwnershipControls: { Rules: [{ ObjectOwnership: BucketOwnerEnforced }] } and remove AccessControl (CDK: `objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED`).',
  controls: ['S3-2'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  fixable: true,
  peers: { cdkNag: [], checkov: [], cfnNag: [], securityHub: ['S3.12'] },
  messages: {
    aclGrant:
      "Bucket '{{bucket}}' grants through the canned ACL {{acl}} (AccessControl){{when}}, so it needs ACLs enabled, and has no OwnershipControls: new buckets default to BucketOwnerEnforced, which disables ACLs and rejects that ACL. Grant through the bucket policy instead.",
    missing:
      "Bucket '{{bucket}}' has no OwnershipControls{{when}}: it relies on the AWS default for new buckets (BucketOwnerEnforced, ACLs disabled, since April 2023) instead of stating it.",
    noRule: "Bucket '{{bucket}}' has OwnershipControls without a rule{{when}}: ACLs are not disabled by the template.",
    aclsEnabled: "Bucket '{{bucket}}' sets ObjectOwnership to {{ownership}}{{origin}}{{when}}: ACLs stay enabled and {{meaning}}.",
    unknown: "Bucket '{{bucket}}' sets ObjectOwnership to a value not known before deployment{{when}}: {{reason}}.",
  },
  *check(bucket, ctx) {
    for (const { when, value: controls } of alternatives(ctx.graph.get(bucket, 'Properties', 'OwnershipControls'))) {
      const data = { bucket: bucket.logicalId, when: describeBranches(when) };
      if (controls.kind === 'absent') {
        // A canned ACL that grants (LogDeliveryWrite, PublicRead …) relies on ACLs: not on the default that disables them.
        const granting = grantingAcl(bucket, ctx);
        if (granting) {
          yield {
            at: granting.at,
            messageId: 'aclGrant',
            data: { ...data, acl: granting.acl, when: describeBranches([...when, ...granting.when]) },
            fix: refuse(aclDependency(bucket, ctx) ?? 'the bucket grants through an ACL', CDK),
          };
          continue;
        }
        const blocker = aclDependency(bucket, ctx) ?? unsafeAt(bucket, controls, when);
        const plan = blocker
          ? refuse(blocker, CDK)
          : fix('disables ACLs (ObjectOwnership BucketOwnerEnforced)', CDK, {
              op: 'set',
              pointer: propertyPointer(bucket, 'OwnershipControls'),
              value: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
            });
        yield { at: controls.at, messageId: 'missing', data, severity: ctx.options.profile === 'strict' ? 'error' : 'note', fix: plan };
        continue;
      }
      const rules = listItems(ctx.graph.get(controls, 'Rules'));
      if (rules.length === 0)
        yield {
          at: controls.at,
          messageId: 'noRule',
          data,
          fix: refuse('OwnershipControls is written without a rule: complete it by hand', CDK),
        };
      for (const rule of rules)
        for (const alt of alternatives(ctx.graph.get(rule.item, 'ObjectOwnership'))) {
          const value = alt.value;
          const branchData = { ...data, when: describeBranches([...when, ...rule.when, ...alt.when]) };
          if (isLiteral(value, 'BucketOwnerEnforced')) continue;
          const ownership = value.kind === 'literal' ? String(value.value) : '';
          const meaning = ACLS_ENABLED[ownership.toLowerCase()];
          const path = ['OwnershipControls', 'Rules', rules.indexOf(rule), 'ObjectOwnership'];
          const blocker =
            aclDependency(bucket, ctx) ??
            unsafeAt(bucket, value, [...when, ...rule.when, ...alt.when]) ??
            (ctx.options.fix?.overrideExplicit
              ? undefined
              : `the template chose ${ownership || 'this setting'} explicitly, so objects may carry ACL grants someone relies on; fix with --override-explicit once they do not`);
          const plan = blocker
            ? refuse(blocker, CDK)
            : fix('disables ACLs (ObjectOwnership BucketOwnerEnforced)', CDK, {
                op: 'set',
                pointer: propertyPointer(bucket, ...path),
                value: 'BucketOwnerEnforced',
              });
          if (meaning)
            yield {
              at: value.at,
              messageId: 'aclsEnabled',
              data: { ...branchData, ownership, meaning, origin: describeOrigin(value) },
              fix: plan,
            };
          else
            yield {
              at: value.at,
              messageId: 'unknown',
              data: { ...branchData, reason: whyUnknown(value) },
              severity: 'warning',
              fix: refuse('the setting is known only at deployment: decide whether ACLs may stay enabled', CDK),
            };
        }
    }
  },
});
