import { alternatives, describeBranches, isLiteral, matchableText, nodeWithin } from '../../graph/query.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/mfa-delete',
  title: 'Versioned S3 buckets whose data warrants it have MFA delete enabled',
  description:
    'The guidance: "Consider if the data stored in the buckets warrants enabling MFA delete." With MFA delete, permanently ' +
    'deleting an object version or changing the versioning state needs the root user and its MFA code, so stolen ' +
    'credentials cannot destroy the versions that protect the data. CloudFormation and the CDK cannot set it ' +
    "(VersioningConfiguration has only Status), and only the bucket owner's root user, signing with its own MFA " +
    'device, can enable it: IAM users and roles cannot, even with MFA. So every versioned bucket gets a note with the ' +
    'exact command to run after deployment (the bucket name when the template gives it, else a placeholder and how to ' +
    'find it). S3 does not support lifecycle rules on an MFA-delete bucket: for a bucket with a lifecycle ' +
    'configuration the note says that choice must be made first.',
  fix:
    'As the root user, with its MFA device: `aws s3api put-bucket-versioning --bucket <name> --versioning-configuration ' +
    'Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-device-arn> <code>"`, then verify with `aws s3api ' +
    'get-bucket-versioning --bucket <name>` (MFADelete: Enabled).',
  controls: ['S3-7'],
  severity: 'note',
  appliesTo: ['AWS::S3::Bucket'],
  peers: { securityHub: ['S3.20'] },
  messages: {
    manual:
      "Bucket '{{bucket}}' is versioned{{when}}, and CloudFormation cannot enable MFA delete: if its data warrants it, run as the root user `{{command}}`{{lookup}}. Only the root user, with its own MFA device, can enable MFA delete.",
    lifecycle:
      "Bucket '{{bucket}}' is versioned{{when}} but has a lifecycle configuration, and S3 does not support lifecycle rules on a bucket with MFA delete: if its data warrants MFA delete, remove the lifecycle rules, then run as the root user `{{command}}`{{lookup}}. Only the root user, with its own MFA device, can enable MFA delete.",
  },
  *check(bucket, ctx) {
    const status = ctx.graph.get(bucket, 'Properties', 'VersioningConfiguration', 'Status');
    const named = matchableText(ctx.graph.get(bucket, 'Properties', 'BucketName'));
    const known = named !== undefined && named !== '' && !named.includes('\u0000');
    const name = known ? named : `<physical name of ${bucket.logicalId}>`;
    const lookup = known
      ? ''
      : ` (find the name with \`aws cloudformation describe-stack-resource --stack-name ${bucket.stack.name ?? '<stack>'} --logical-resource-id ${bucket.logicalId} --query StackResourceDetail.PhysicalResourceId\`)`;
    const command = `aws s3api put-bucket-versioning --bucket ${name} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-device-arn> <code>"`;
    const lifecycle = ctx.graph.get(bucket, 'Properties', 'LifecycleConfiguration');
    for (const { when, value } of alternatives(status)) {
      if (!isLiteral(value, 'Enabled')) continue;
      const hasLifecycle = alternatives(lifecycle).some((l) => l.value.kind !== 'absent');
      const data = { bucket: bucket.logicalId, when: describeBranches(when), command, lookup };
      yield {
        at: nodeWithin(bucket, [value, status], ['Properties', 'VersioningConfiguration']),
        messageId: hasLifecycle ? 'lifecycle' : 'manual',
        data,
      };
    }
  },
});
