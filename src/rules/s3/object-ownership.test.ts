import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './object-ownership.js';

const bucket = (properties: string) => `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${properties}`;
const ownership = (value: string) =>
  bucket(`    Properties:\n      OwnershipControls:\n        Rules:\n          - ObjectOwnership: ${value}\n`);
const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'BucketOwnerEnforced', template: ownership('BucketOwnerEnforced') },
    {
      name: 'BucketOwnerEnforced from a parameter default',
      template: `Parameters:\n  O:\n    Type: String\n    Default: BucketOwnerEnforced\n` + ownership('!Ref O'),
    },
  ],
  invalid: [
    {
      name: 'absent with a granting canned ACL (server access logs through LogDeliveryWrite): an error, not the default',
      template: bucket('    Properties:\n      AccessControl: LogDeliveryWrite\n'),
      findings: [
        {
          messageId: 'aclGrant',
          pointer: '/Resources/Bucket/Properties/AccessControl',
          line: 5,
          column: 7,
          severity: 'error',
          message: "Bucket 'Bucket' grants through the canned ACL LogDeliveryWrite (AccessControl), so it needs ACLs enabled",
        },
      ],
    },
    {
      name: 'absent with AccessControl Private: the owner-only ACL works with ACLs disabled, so the default note',
      template: bucket('    Properties:\n      AccessControl: Private\n'),
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket/Properties', line: 4, column: 5, severity: 'note' }],
    },
    {
      name: 'absent: a note that names the default it relies on (recommended)',
      template: bucket(''),
      findings: [
        {
          messageId: 'missing',
          pointer: '/Resources/Bucket',
          line: 2,
          column: 3,
          severity: 'note',
          message: 'relies on the AWS default for new buckets (BucketOwnerEnforced',
        },
      ],
    },
    {
      name: 'absent: an error under the strict profile',
      template: bucket(''),
      options: { profile: 'strict' },
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket', line: 2, column: 3, severity: 'error' }],
    },
    {
      name: 'ObjectWriter',
      template: ownership('ObjectWriter'),
      findings: [
        {
          messageId: 'aclsEnabled',
          pointer: '/Resources/Bucket/Properties/OwnershipControls/Rules/0/ObjectOwnership',
          line: 7,
          column: 13,
          severity: 'error',
          message: "Bucket 'Bucket' sets ObjectOwnership to ObjectWriter: ACLs stay enabled and the account that uploads",
        },
      ],
    },
    {
      name: 'BucketOwnerPreferred',
      template: ownership('BucketOwnerPreferred'),
      findings: [
        {
          messageId: 'aclsEnabled',
          pointer: '/Resources/Bucket/Properties/OwnershipControls/Rules/0/ObjectOwnership',
          line: 7,
          column: 13,
          message: 'bucket-owner-full-control',
        },
      ],
    },
    {
      name: 'an empty rule list',
      template: bucket('    Properties:\n      OwnershipControls:\n        Rules: []\n'),
      findings: [{ messageId: 'noRule', pointer: '/Resources/Bucket/Properties/OwnershipControls', line: 5, column: 7 }],
    },
    {
      name: 'one branch keeps ACLs',
      template: conditions + ownership('!If [IsProd, BucketOwnerEnforced, ObjectWriter]'),
      findings: [
        {
          messageId: 'aclsEnabled',
          pointer: '/Resources/Bucket/Properties/OwnershipControls/Rules/0/ObjectOwnership/Fn::If/2',
          line: 12,
          column: 64,
          message: 'when IsProd is false',
        },
      ],
    },
    {
      name: 'unknown value',
      template: `Parameters:\n  O:\n    Type: String\n` + ownership('!Ref O'),
      findings: [
        {
          messageId: 'unknown',
          pointer: '/Resources/Bucket/Properties/OwnershipControls/Rules/0/ObjectOwnership',
          line: 10,
          column: 13,
          severity: 'warning',
        },
      ],
    },
  ],
});
