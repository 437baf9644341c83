import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './mfa-delete.js';

const bucket = (properties: string, head = '') =>
  `${head}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      ${properties.trim().replace(/\n/g, '\n      ')}\n`;
const versioned = 'VersioningConfiguration:\n  Status: Enabled';

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'an unversioned bucket', template: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n' },
    { name: 'suspended versioning (S3-5 reports it)', template: bucket('VersioningConfiguration:\n  Status: Suspended') },
    {
      name: 'versioning not known before deployment',
      template: bucket('VersioningConfiguration:\n  Status: !Ref V', 'Parameters:\n  V:\n    Type: String\n'),
    },
  ],
  invalid: [
    {
      name: 'a versioned bucket with a known name gets the exact command',
      template: bucket(`BucketName: customer-records\n${versioned}`),
      findings: [
        {
          messageId: 'manual',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status',
          line: 7,
          column: 9,
          severity: 'note',
          message:
            "Bucket 'Bucket' is versioned, and CloudFormation cannot enable MFA delete: if its data warrants it, run as the root user " +
            '`aws s3api put-bucket-versioning --bucket customer-records --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-device-arn> <code>"`. ' +
            'Only the root user, with its own MFA device, can enable MFA delete.',
        },
      ],
    },
    {
      name: 'a generated name is a placeholder with the way to find it',
      template: bucket(versioned),
      stack: { name: 'DataStack' },
      findings: [
        {
          messageId: 'manual',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status',
          line: 6,
          column: 9,
          message:
            '--bucket <physical name of Bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-device-arn> <code>"` (find the name with ' +
            '`aws cloudformation describe-stack-resource --stack-name DataStack --logical-resource-id Bucket --query StackResourceDetail.PhysicalResourceId`)',
        },
      ],
    },
    {
      name: 'a name built from pseudo parameters that the environment fixes',
      template: bucket(`BucketName: !Sub 'records-\${AWS::AccountId}-\${AWS::Region}'\n${versioned}`),
      stack: { name: 'DataStack', env: { account: '111111111111', region: 'eu-west-1' } },
      findings: [
        {
          messageId: 'manual',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status',
          line: 7,
          column: 9,
          message: '--bucket records-111111111111-eu-west-1 ',
        },
      ],
    },
    {
      name: 'a name the template cannot know is a placeholder',
      template: bucket(`BucketName: !Sub 'records-\${AWS::AccountId}'\n${versioned}`),
      findings: [
        {
          messageId: 'manual',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status',
          line: 7,
          column: 9,
          message: '--bucket <physical name of Bucket> ',
        },
      ],
    },
    {
      name: 'a lifecycle configuration must be given up first',
      template: bucket(
        `${versioned}\nLifecycleConfiguration:\n  Rules:\n    - Status: Enabled\n      NoncurrentVersionExpiration:\n        NoncurrentDays: 30`,
      ),
      findings: [
        {
          messageId: 'lifecycle',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status',
          line: 6,
          column: 9,
          message: 'S3 does not support lifecycle rules on a bucket with MFA delete',
        },
      ],
    },
    {
      name: 'versioning on one branch of Fn::If',
      template: bucket(
        'VersioningConfiguration:\n  Status: !If [IsProd, Enabled, Suspended]',
        'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n',
      ),
      findings: [
        {
          messageId: 'manual',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status/Fn::If/1',
          line: 11,
          column: 30,
          message: 'is versioned (when IsProd is true)',
        },
      ],
    },
  ],
});
