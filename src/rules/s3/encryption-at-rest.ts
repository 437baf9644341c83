import { alternatives, booleanOf, describeBranches, describeOrigin, listItems, whyUnknown } from '../../graph/query.js';
import { fix, propertyPointer, refuse, setProperty, unsafeAt } from '../../aws/fixes.js';
import type { RuleOptions } from '../define.js';
import { defineRule } from '../define.js';

const CDK = '`encryption: s3.BucketEncryption.S3_MANAGED` (or `KMS` with `bucketKeyEnabled: true`)';

/** The default-encryption rule a fix writes: SSE-S3 under `recommended`, SSE-KMS with a bucket key under `strict` or when asked. */
function encryptionRule(options: RuleOptions): Record<string, unknown> {
  const kms = options.fix?.encryption === 'sse-kms' || (options.fix?.encryption === undefined && options.profile === 'strict');
  if (!kms) return { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } };
  const key = options.fix?.kmsKeyId;
  // Without a key, S3 uses the AWS managed key aws/s3.
  return { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', ...(key ? { KMSMasterKeyID: key } : {}) }, BucketKeyEnabled: true };
}

export default defineRule({
  id: 's3/encryption-at-rest',
  title: 'S3 buckets state their default encryption (SSE-KMS with a bucket key under the strict profile)',
  description:
    'The guidance: "Consider encryption at-rest (on disk)." BucketEncryption sets the default for new objects: AES256 ' +
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
  fixable: true,
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
      if (encryption.kind === 'absent' || rules.length === 0) {
        const unsafe = unsafeAt(bucket, encryption, when);
        const rule = encryptionRule(ctx.options);
        const plan =
          encryption.kind !== 'absent'
            ? refuse('BucketEncryption is written without a rule: complete it by hand', CDK)
            : unsafe
              ? refuse(unsafe, CDK)
              : fix(`sets default encryption (${rule.BucketKeyEnabled ? 'SSE-KMS with a bucket key' : 'SSE-S3'})`, CDK, {
                  op: 'set',
                  pointer: propertyPointer(bucket, 'BucketEncryption'),
                  value: { ServerSideEncryptionConfiguration: [rule] },
                });
        yield { ...missing, at: encryption.at, data, fix: plan };
      }
      for (const rule of rules)
        for (const alt of alternatives(ctx.graph.get(rule.item, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'))) {
          const value = alt.value;
          const ruleData = { ...data, when: describeBranches([...when, ...rule.when, ...alt.when]), origin: describeOrigin(value) };
          const written = value.kind === 'literal' ? String(value.value) : undefined;
          const algorithm = written?.toLowerCase();
          if (value.kind === 'absent')
            yield { ...missing, at: value.at, data: ruleData, fix: refuse('the encryption rule has no SSEAlgorithm: choose one', CDK) };
          else if (algorithm === 'aes256') {
            const explicit = refuse(
              'the template chose SSE-S3 explicitly: moving to SSE-KMS needs a key decision (who may use the key); change it by hand',
              CDK,
            );
            if (strict) yield { at: value.at, messageId: 'sseS3', data: ruleData, fix: explicit };
          } else if (algorithm === 'aws:kms') {
            // A bucket key applies to SSE-KMS only; DSSE-KMS does not support one.
            const key = ctx.graph.get(rule.item, 'BucketKeyEnabled');
            if (strict && booleanOf(key) !== true) {
              const path = ['BucketEncryption', 'ServerSideEncryptionConfiguration', rules.indexOf(rule), 'BucketKeyEnabled'];
              const plan =
                rule.item.at.pointer === propertyPointer(bucket, ...path.slice(0, -1))
                  ? setProperty(bucket, path, true, key, [...when, ...rule.when, ...alt.when], {
                      description: 'turns on the S3 bucket key',
                      cdk: '`bucketKeyEnabled: true`',
                      overrideExplicit: ctx.options.fix?.overrideExplicit,
                    })
                  : refuse('the encryption rule is not written as a list item of the bucket: change it where it is defined');
              yield { at: key.kind === 'absent' ? rule.item.at : key.at, messageId: 'noBucketKey', data: ruleData, fix: plan };
            }
          } else if (algorithm !== 'aws:kms:dsse')
            yield {
              at: value.at,
              messageId: 'unknown',
              data: {
                ...ruleData,
                reason: written === undefined ? whyUnknown(value) : `'${written}' is not AES256, aws:kms or aws:kms:dsse`,
              },
              severity: 'warning',
              fix: refuse('the algorithm is not known before deployment: decide which one the bucket needs', CDK),
            };
        }
    }
  },
});
