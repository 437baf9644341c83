import { alternatives, describeBranches, describeOrigin, isLiteral, whyUnknown } from '../../graph/query.js';
import { refuse, setProperty } from '../../aws/fixes.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/versioning',
  title: 'S3 buckets keep object versions (VersioningConfiguration Status Enabled)',
  description:
    'The guidance: "Enable object versioning when applicable." With versioning, an overwrite or a delete keeps the previous ' +
    'version, so data lost to a mistake, a bad deployment or ransomware can be restored; it is also the prerequisite ' +
    'for replication (S3-6) and MFA delete (S3-7). Versioning is off unless the template turns it on: there is no AWS ' +
    'default to rely on. Suspended is reported on its own: the bucket keeps old versions but stops making new ones. ' +
    'The recommended profile reports a warning ("when applicable": a scratch bucket may not need it), strict an error.',
  fix: 'Set VersioningConfiguration: { Status: Enabled } (CDK: `versioned: true`). Add a lifecycle rule that expires noncurrent versions to bound the cost.',
  controls: ['S3-5'],
  severity: 'warning',
  appliesTo: ['AWS::S3::Bucket'],
  fixable: true,
  peers: {
    cdkNag: [
      'HIPAA.Security-S3BucketVersioningEnabled',
      'NIST.800.53.R5-S3BucketVersioningEnabled',
      'PCI.DSS.321-S3BucketVersioningEnabled',
    ],
    checkov: ['CKV_AWS_21'],
    cfnNag: [],
    securityHub: ['S3.14'],
  },
  messages: {
    missing:
      "Bucket '{{bucket}}' has no VersioningConfiguration{{when}}: versioning is off, so an overwrite or a delete destroys the only copy of an object.",
    suspended:
      "Bucket '{{bucket}}' sets VersioningConfiguration Status to Suspended{{origin}}{{when}}: new overwrites and deletes no longer keep the previous version.",
    unknown: "Bucket '{{bucket}}' sets VersioningConfiguration Status to a value not known before deployment{{when}}: {{reason}}.",
  },
  *check(bucket, ctx) {
    const severity = ctx.options.profile === 'strict' ? 'error' : 'warning';
    const status = ctx.graph.get(bucket, 'Properties', 'VersioningConfiguration', 'Status');
    for (const { when, value } of alternatives(status)) {
      const data = { bucket: bucket.logicalId, when: describeBranches(when), origin: describeOrigin(value) };
      if (isLiteral(value, 'Enabled')) continue;
      const fix = setProperty(bucket, ['VersioningConfiguration', 'Status'], 'Enabled', value, when, {
        description: 'turns on versioning',
        cdk: '`versioned: true`',
        overrideExplicit: ctx.options.fix?.overrideExplicit,
      });
      // Status is required inside VersioningConfiguration; either way versioning is not on.
      if (value.kind === 'absent') yield { at: value.at, messageId: 'missing', data, severity, fix };
      else if (isLiteral(value, 'Suspended')) yield { at: value.at, messageId: 'suspended', data, severity, fix };
      else
        yield {
          at: value.at,
          messageId: 'unknown',
          data: { ...data, reason: whyUnknown(value) },
          severity: 'warning',
          fix: refuse('the status is known only at deployment: decide whether versioning may be off', '`versioned: true`'),
        };
    }
  },
});
