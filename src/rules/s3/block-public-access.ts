import { alternatives, booleanOf, describeBranches, describeOrigin, whyUnknown } from '../../graph/query.js';
import { propertyPointer, fix, setProperty, unsafeAt, refuse } from '../../aws/fixes.js';
import { defineRule } from '../define.js';

const CDK = '`blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL`';

const FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

export default defineRule({
  id: 's3/block-public-access',
  title: 'S3 buckets turn on all four Block Public Access settings',
  description:
    'The guidance asks that buckets are not publicly accessible. Block Public Access is the guard that keeps a later ACL or ' +
    'bucket policy from making the bucket public. All four settings must be true: BlockPublicAcls and IgnorePublicAcls ' +
    'stop public ACLs, BlockPublicPolicy and RestrictPublicBuckets stop public bucket policies. When ' +
    'PublicAccessBlockConfiguration is absent, the bucket relies on the AWS default for new buckets (all four on since ' +
    'April 2023); the recommended profile reports that as a warning, the strict profile as an error. A flag left out of ' +
    'a configuration that is present is false.',
  fix:
    'Set PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets ' +
    'all true (CDK: `blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL`).',
  controls: ['S3-1'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  fixable: true,
  peers: { cdkNag: ['AwsSolutions-S2'], checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'], securityHub: ['S3.8'] },
  messages: {
    missing:
      "Bucket '{{bucket}}' has no PublicAccessBlockConfiguration{{when}}: it relies on the AWS default for new buckets (all four settings on since April 2023) instead of stating it.",
    flagOff: "Bucket '{{bucket}}' sets {{flag}} to false{{origin}}{{when}}.",
    flagMissing: "Bucket '{{bucket}}' leaves {{flag}} out of its PublicAccessBlockConfiguration{{when}}, so it is false.",
    flagUnknown: "Bucket '{{bucket}}' sets {{flag}} to a value not known before deployment{{when}}: {{reason}}.",
  },
  *check(bucket, ctx) {
    const config = ctx.graph.get(bucket, 'Properties', 'PublicAccessBlockConfiguration');
    for (const { when, value } of alternatives(config)) {
      const data = { bucket: bucket.logicalId, when: describeBranches(when) };
      if (value.kind === 'absent') {
        const all = Object.fromEntries(FLAGS.map((f) => [f, true]));
        const unsafe = unsafeAt(bucket, value, when);
        const plan = unsafe
          ? refuse(unsafe, CDK)
          : fix('turns on all four Block Public Access settings', CDK, {
              op: 'set',
              pointer: propertyPointer(bucket, 'PublicAccessBlockConfiguration'),
              value: all,
            });
        yield { at: value.at, messageId: 'missing', data, severity: ctx.options.profile === 'strict' ? 'error' : 'warning', fix: plan };
        continue;
      }
      for (const flag of FLAGS) {
        for (const alt of alternatives(ctx.graph.get(value, flag))) {
          const on = booleanOf(alt.value);
          if (on === true) continue;
          const flagData = { ...data, flag, when: describeBranches([...when, ...alt.when]) };
          const plan = setProperty(bucket, ['PublicAccessBlockConfiguration', flag], true, alt.value, [...when, ...alt.when], {
            description: `sets ${flag} to true`,
            cdk: CDK,
            overrideExplicit: ctx.options.fix?.overrideExplicit,
          });
          if (on === false)
            yield { at: alt.value.at, messageId: 'flagOff', data: { ...flagData, origin: describeOrigin(alt.value) }, fix: plan };
          else if (alt.value.kind === 'absent') yield { at: alt.value.at, messageId: 'flagMissing', data: flagData, fix: plan };
          else
            yield {
              at: alt.value.at,
              messageId: 'flagUnknown',
              data: { ...flagData, reason: whyUnknown(alt.value) },
              severity: 'warning',
              fix: refuse('the value is known only at deployment: decide whether the flag may ever be false', CDK),
            };
        }
      }
    }
  },
});
