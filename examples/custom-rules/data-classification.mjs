// A custom StackWarden rule, loaded through the `plugins` key of stackwarden.config.json in this folder.
// The guidance asks to "consider if the data stored in the buckets warrants enabling MFA delete" (S3-7): that
// decision needs to know what a bucket holds. This rule asks every bucket to say so in a DataClassification tag.
import { defineRule, isLiteral, listItems, whyUnknown } from 'stackwarden/rules';

const LEVELS = ['public', 'internal', 'confidential', 'restricted'];

export default defineRule({
  id: 'acme/data-classification',
  title: 'S3 buckets declare what they hold (a DataClassification tag)',
  description:
    'Whether a bucket needs MFA delete, replication or a customer-managed key depends on its data. A ' +
    `DataClassification tag (${LEVELS.join(', ')}) records that decision next to the bucket.`,
  fix: 'Add Tags: [{ Key: DataClassification, Value: internal }] (CDK: `Tags.of(bucket).add("DataClassification", "internal")`).',
  controls: ['S3-7'],
  severity: 'warning',
  appliesTo: ['AWS::S3::Bucket'],
  messages: {
    missing: "Bucket '{{bucket}}' has no DataClassification tag, so nobody has decided what it holds.",
    invalid: "Bucket '{{bucket}}' has DataClassification '{{value}}', which is not one of {{levels}}.",
    unknown: "Bucket '{{bucket}}': its DataClassification is not known before deployment ({{reason}}).",
  },
  *check(bucket, ctx) {
    const tags = ctx.graph.get(bucket, 'Properties', 'Tags');
    const data = { bucket: bucket.logicalId, levels: LEVELS.join(', ') };
    // Every value is already resolved: a tag written with !Ref or !If is a resolved value here, never a Ref.
    const tag = listItems(tags).find(({ item }) => isLiteral(ctx.graph.get(item, 'Key'), 'DataClassification'));
    if (!tag) {
      yield { at: tags.kind === 'absent' ? bucket : tags, messageId: 'missing', data };
      return;
    }
    const value = ctx.graph.get(tag.item, 'Value');
    if (value.kind === 'literal' && typeof value.value === 'string') {
      if (!LEVELS.includes(value.value)) yield { at: value, messageId: 'invalid', data: { ...data, value: value.value } };
    } else yield { at: value, messageId: 'unknown', severity: 'note', data: { ...data, reason: whyUnknown(value) } };
  },
});
