import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-public-acl.js';

const bucket = (properties: string) => `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${properties}`;
const acl = (value: string) => bucket(`    Properties:\n      AccessControl: ${value}\n`);
const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'no AccessControl', template: bucket('') },
    { name: 'Private', template: acl('Private') },
    { name: 'BucketOwnerFullControl', template: acl('BucketOwnerFullControl') },
    { name: 'LogDeliveryWrite grants only the log delivery group', template: acl('LogDeliveryWrite') },
    { name: 'a private ACL in both branches', template: conditions + acl('!If [IsProd, Private, BucketOwnerRead]') },
  ],
  invalid: [
    {
      name: 'PublicRead',
      template: acl('PublicRead'),
      findings: [
        {
          messageId: 'publicAcl',
          pointer: '/Resources/Bucket/Properties/AccessControl',
          line: 5,
          column: 7,
          severity: 'error',
          message: "Bucket 'Bucket' sets AccessControl to PublicRead: anyone on the internet",
        },
      ],
    },
    {
      name: 'PublicReadWrite',
      template: acl('PublicReadWrite'),
      findings: [
        {
          messageId: 'publicAcl',
          pointer: '/Resources/Bucket/Properties/AccessControl',
          line: 5,
          column: 7,
          message: 'write, overwrite and delete',
        },
      ],
    },
    {
      name: 'AuthenticatedRead',
      template: acl('AuthenticatedRead'),
      findings: [
        {
          messageId: 'publicAcl',
          pointer: '/Resources/Bucket/Properties/AccessControl',
          line: 5,
          column: 7,
          message: 'any AWS account in the world',
        },
      ],
    },
    {
      name: 'through a parameter default',
      template: `Parameters:\n  Acl:\n    Type: String\n    Default: PublicRead\n` + acl('!Ref Acl'),
      findings: [
        {
          messageId: 'publicAcl',
          pointer: '/Resources/Bucket/Properties/AccessControl',
          line: 9,
          column: 7,
          message: "PublicRead (from the default of parameter 'Acl')",
        },
      ],
    },
    {
      name: 'one branch of Fn::If is public',
      template: conditions + acl('!If [IsProd, Private, PublicReadWrite]'),
      findings: [
        {
          messageId: 'publicAcl',
          pointer: '/Resources/Bucket/Properties/AccessControl/Fn::If/2',
          line: 10,
          column: 44,
          message: 'PublicReadWrite (when IsProd is false)',
        },
      ],
    },
    {
      name: 'a parameter without default cannot be known',
      template: `Parameters:\n  Acl:\n    Type: String\n` + acl('!Ref Acl'),
      findings: [
        {
          messageId: 'unknown',
          pointer: '/Resources/Bucket/Properties/AccessControl',
          line: 8,
          column: 7,
          severity: 'warning',
          message: "parameter 'Acl' has no default",
        },
      ],
    },
  ],
});
