import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './versioning.js';

const bucket = (properties: string) => `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${properties}`;
const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'versioning enabled', template: bucket('    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n') },
    {
      name: 'enabled through a parameter default',
      template:
        `Parameters:\n  Versioning:\n    Type: String\n    Default: Enabled\n` +
        bucket('    Properties:\n      VersioningConfiguration:\n        Status: !Ref Versioning\n'),
    },
    { name: 'other resource types are ignored', template: 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n' },
  ],
  invalid: [
    {
      name: 'a CDK default bucket has no properties at all',
      template: bucket('    DeletionPolicy: Retain\n'),
      findings: [
        {
          messageId: 'missing',
          pointer: '/Resources/Bucket',
          line: 2,
          column: 3,
          severity: 'warning',
          message: "Bucket 'Bucket' has no VersioningConfiguration",
        },
      ],
    },
    {
      name: 'strict profile makes it an error',
      template: bucket(''),
      options: { profile: 'strict' },
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket', line: 2, column: 3, severity: 'error' }],
    },
    {
      name: 'Suspended has its own message',
      template: bucket('    Properties:\n      VersioningConfiguration:\n        Status: Suspended\n'),
      findings: [
        {
          messageId: 'suspended',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status',
          line: 6,
          column: 9,
          message: 'Status to Suspended',
        },
      ],
    },
    {
      name: 'a configuration without Status',
      template: bucket('    Properties:\n      VersioningConfiguration: {}\n'),
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket/Properties/VersioningConfiguration', line: 5, column: 7 }],
    },
    {
      name: 'only one branch of Fn::If enables it',
      template: conditions + bucket('    Properties:\n      VersioningConfiguration:\n        Status: !If [IsProd, Enabled, Suspended]\n'),
      findings: [
        {
          messageId: 'suspended',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status/Fn::If/2',
          line: 11,
          column: 39,
          message: 'when IsProd is false',
        },
      ],
    },
    {
      name: 'a parameter without default cannot be known',
      template:
        `Parameters:\n  P:\n    Type: String\n` + bucket('    Properties:\n      VersioningConfiguration:\n        Status: !Ref P\n'),
      findings: [
        {
          messageId: 'unknown',
          pointer: '/Resources/Bucket/Properties/VersioningConfiguration/Status',
          line: 9,
          column: 9,
          severity: 'warning',
          message: "parameter 'P' has no default",
        },
      ],
    },
  ],
});
