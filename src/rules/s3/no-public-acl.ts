import { alternatives, describeBranches, describeOrigin, whyUnknown } from '../../graph/query.js';
import { defineRule } from '../define.js';

/** Canned ACLs that grant a group outside the account, and what they let that group do to the bucket. */
const PUBLIC_ACLS: Readonly<Record<string, string>> = {
  publicread: 'anyone on the internet (the AllUsers group) can list its objects',
  publicreadwrite: 'anyone on the internet (the AllUsers group) can list its objects and write, overwrite and delete them',
  authenticatedread: 'any AWS account in the world (the AuthenticatedUsers group) can list its objects',
};

export default defineRule({
  id: 's3/no-public-acl',
  title: 'S3 buckets do not grant access to everyone through a canned ACL',
  description:
    'The guidance asks that buckets are not publicly accessible. The canned ACLs PublicRead, PublicReadWrite and ' +
    'AuthenticatedRead grant the AllUsers or AuthenticatedUsers groups access to the bucket; AuthenticatedRead is as ' +
    'public as PublicRead, since anyone can create an AWS account. The value is read through parameter defaults and ' +
    'both branches of Fn::If.',
  fix:
    'Remove AccessControl (or set it to Private) and grant access through a bucket policy to named principals; set ' +
    'OwnershipControls to BucketOwnerEnforced so ACLs are disabled (CDK: `objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED`).',
  controls: ['S3-1'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  peers: {
    cdkNag: [
      'HIPAA.Security-S3BucketPublicReadProhibited',
      'HIPAA.Security-S3BucketPublicWriteProhibited',
      'NIST.800.53.R5-S3BucketPublicReadProhibited',
      'NIST.800.53.R5-S3BucketPublicWriteProhibited',
    ],
    checkov: ['CKV_AWS_20', 'CKV_AWS_57'],
    cfnNag: ['W31', 'F14'],
    securityHub: ['S3.2', 'S3.3'],
  },
  messages: {
    publicAcl: "Bucket '{{bucket}}' sets AccessControl to {{acl}}{{origin}}{{when}}: {{meaning}}.",
    unknown: "Bucket '{{bucket}}' sets AccessControl to a value not known before deployment{{when}}: {{reason}}.",
  },
  *check(bucket, ctx) {
    for (const { when, value } of alternatives(ctx.graph.get(bucket, 'Properties', 'AccessControl'))) {
      if (value.kind === 'absent') continue;
      const data = { bucket: bucket.logicalId, when: describeBranches(when) };
      if (value.kind !== 'literal' || typeof value.value !== 'string') {
        yield { at: value.at, messageId: 'unknown', data: { ...data, reason: whyUnknown(value) }, severity: 'warning' };
        continue;
      }
      const meaning = PUBLIC_ACLS[value.value.toLowerCase()];
      if (meaning)
        yield { at: value.at, messageId: 'publicAcl', data: { ...data, acl: value.value, meaning, origin: describeOrigin(value) } };
    }
  },
});
