import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './encryption-at-rest.js';

const bucket = (properties: string) => `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${properties}`;
const sse = (algorithm: string, extra = '') =>
  bucket(
    `    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: ${algorithm}\n${extra}`,
  );
const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;
const strict = { profile: 'strict' as const };

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'SSE-S3 under the recommended profile', template: sse('AES256') },
    { name: 'SSE-KMS under the recommended profile', template: sse('aws:kms') },
    { name: 'SSE-KMS with a bucket key under strict', template: sse('aws:kms', '            BucketKeyEnabled: true\n'), options: strict },
    { name: 'DSSE-KMS under strict (no bucket key exists for it)', template: sse('aws:kms:dsse'), options: strict },
    { name: 'bucket key given as a string', template: sse('aws:kms', "            BucketKeyEnabled: 'true'\n"), options: strict },
  ],
  invalid: [
    {
      name: 'absent: a note naming the default (recommended)',
      template: bucket(''),
      findings: [
        {
          messageId: 'missing',
          pointer: '/Resources/Bucket',
          line: 2,
          column: 3,
          severity: 'note',
          message: 'relies on the AWS default (SSE-S3 for every new object since January 2023)',
        },
      ],
    },
    {
      name: 'absent: an error under strict',
      template: bucket(''),
      options: strict,
      findings: [
        {
          messageId: 'missing',
          pointer: '/Resources/Bucket',
          line: 2,
          column: 3,
          severity: 'error',
          message: 'The strict profile requires SSE-KMS with a bucket key.',
        },
      ],
    },
    {
      name: 'SSE-S3 under strict',
      template: sse('AES256'),
      options: strict,
      findings: [
        {
          messageId: 'sseS3',
          pointer:
            '/Resources/Bucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm',
          line: 8,
          column: 15,
          severity: 'error',
        },
      ],
    },
    {
      name: 'SSE-KMS without a bucket key under strict',
      template: sse('aws:kms'),
      options: strict,
      findings: [
        {
          messageId: 'noBucketKey',
          pointer: '/Resources/Bucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0',
          line: 7,
          column: 13,
          message: 'without BucketKeyEnabled',
        },
      ],
    },
    {
      name: 'SSE-KMS with the bucket key turned off under strict',
      template: sse('aws:kms', '            BucketKeyEnabled: false\n'),
      options: strict,
      findings: [
        {
          messageId: 'noBucketKey',
          pointer: '/Resources/Bucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/BucketKeyEnabled',
          line: 9,
          column: 13,
        },
      ],
    },
    {
      name: 'AES256 in one branch under strict',
      template: conditions + sse('!If [IsProd, aws:kms:dsse, AES256]'),
      options: strict,
      findings: [
        {
          messageId: 'sseS3',
          pointer:
            '/Resources/Bucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm/Fn::If/2',
          line: 13,
          column: 56,
          message: 'when IsProd is false',
        },
      ],
    },
    {
      name: 'an empty configuration list relies on the default',
      template: bucket('    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration: []\n'),
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket/Properties/BucketEncryption', line: 5, column: 7, severity: 'note' }],
    },
    {
      name: 'an unrecognized algorithm',
      template: sse('AES128'),
      findings: [
        {
          messageId: 'unknown',
          pointer:
            '/Resources/Bucket/Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm',
          line: 8,
          column: 15,
          severity: 'warning',
          message: "'AES128' is not AES256",
        },
      ],
    },
  ],
});
