import { alternatives, booleanOf, describeBranches, describeOrigin, listItems, whyUnknown } from '../../graph/query.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/encryption-at-rest',
  title: 'S3 buckets state their default encryption (SSE-KMS with a bucket key under the strict profile)',
  description:
    'The seed: "Consider encryption at-rest (on disk)." BucketEncryption sets the default for new objects: AES256 ' +
    '(SSE-S3), aws:kms (SSE-KMS) or aws:kms:dsse (DSSE-KMS). When it is absent, the bucket relies on the AWS default ' +
    '(SSE-S3 for every new object since January 2023): the recommended profile reports that as a note, the strict ' +
    'profile as an error. The strict profile also requires KMS, whose key policy and CloudTrail record add a second ' +
    'control over reads, and BucketKeyEnabled for aws:kms, which cuts KMS requests (and their cost and throttling).',
  fix:
    'Set BucketEncryption.ServerSideEncryptionConfiguration to [{ ServerSideEncryptionByDefault: { SSEAlgorithm: aws:kms, ' +
    'KMSMasterKeyID: <key> }, BucketKeyEnabled: true }] (CDK: `encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: true`), ' +
    'or AES256 where SSE-S3 is enough.',
  controls: ['S3-3'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  peers: {
    cdkNag: ['HIPAA.Security-S3DefaultEncryptionKMS', 'NIST.800.53.R5-S3DefaultEncryptionKMS', 'PCI.DSS.321-S3DefaultEncryptionKMS'],
    checkov: ['CKV_AWS_19'],
    cfnNag: ['W41'],
    securityHub: ['S3.17'],
  },
  messages: {
    missing:
      "Bucket '{{bucket}}' sets no default encryption{{when}}: it relies on the AWS default (SSE-S3 for every new object since January 2023) instead of stating it.{{strict}}",
    sseS3:
      "Bucket '{{bucket}}' encrypts with SSE-S3 (AES256){{origin}}{{when}}: the strict profile requires SSE-KMS (aws:kms or aws:kms:dsse).",
    noBucketKey:
      "Bucket '{{bucket}}' uses SSE-KMS without BucketKeyEnabled: true{{when}}: every object request calls KMS; the strict profile requires a bucket key.",
    unknown: "Bucket '{{bucket}}' sets SSEAlgorithm to a value not recognized before deployment{{when}}: {{reason}}.",
  },
  *check(bucket, ctx) {
    const strict = ctx.options.profile === 'strict';
    const missing = { messageId: 'missing' as const, severity: strict ? ('error' as const) : ('note' as const) };
    const strictNote = strict ? ' The strict profile requires SSE-KMS with a bucket key.' : '';
    for (const { when, value: encryption } of alternatives(ctx.graph.get(bucket, 'Properties', 'BucketEncryption'))) {
      const data = { bucket: bucket.logicalId, when: describeBranches(when), strict: strictNote };
      const rules = listItems(ctx.graph.get(encryption, 'ServerSideEncryptionConfiguration'));
      // No BucketEncryption, or one without a default rule: the AWS default applies either way.
      if (encryption.kind === 'absent' || rules.length === 0) yield { ...missing, at: encryption.at, data };
      for (const rule of rules)
        for (const alt of alternatives(ctx.graph.get(rule.item, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'))) {
          const value = alt.value;
          const ruleData = { ...data, when: describeBranches([...when, ...rule.when, ...alt.when]), origin: describeOrigin(value) };
          const written = value.kind === 'literal' ? String(value.value) : undefined;
          const algorithm = written?.toLowerCase();
          if (value.kind === 'absent') yield { ...missing, at: value.at, data: ruleData };
          else if (algorithm === 'aes256') {
            if (strict) yield { at: value.at, messageId: 'sseS3', data: ruleData };
          } else if (algorithm === 'aws:kms') {
            // A bucket key applies to SSE-KMS only; DSSE-KMS does not support one.
            const key = ctx.graph.get(rule.item, 'BucketKeyEnabled');
            if (strict && booleanOf(key) !== true)
              yield { at: key.kind === 'absent' ? rule.item.at : key.at, messageId: 'noBucketKey', data: ruleData };
          } else if (algorithm !== 'aws:kms:dsse')
            yield {
              at: value.at,
              messageId: 'unknown',
              data: {
                ...ruleData,
                reason: written === undefined ? whyUnknown(value) : `'${written}' is not AES256, aws:kms or aws:kms:dsse`,
              },
              severity: 'warning',
            };
        }
    }
  },
});
