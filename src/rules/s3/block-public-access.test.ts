import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './block-public-access.js';

const bucket = (properties: string) => `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${properties}`;
const allOn = `    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'all four flags true', template: bucket(allOn) },
    { name: 'flags as strings', template: bucket(allOn.replace(/true/g, "'true'")) },
    {
      name: 'a flag from a parameter whose default is true',
      template:
        `Parameters:\n  Block:\n    Type: String\n    Default: 'true'\n` +
        bucket(allOn.replace('BlockPublicAcls: true', 'BlockPublicAcls: !Ref Block')),
    },
    { name: 'other resource types are ignored', template: 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n' },
  ],
  invalid: [
    {
      name: 'no configuration: a warning under the recommended profile',
      template: bucket(''),
      findings: [
        {
          messageId: 'missing',
          pointer: '/Resources/Bucket',
          line: 2,
          column: 3,
          severity: 'warning',
          message: 'relies on the AWS default',
        },
      ],
    },
    {
      name: 'no configuration: an error under the strict profile',
      template: bucket(''),
      options: { profile: 'strict' },
      findings: [{ messageId: 'missing', pointer: '/Resources/Bucket', line: 2, column: 3, severity: 'error' }],
    },
    {
      name: 'one flag false',
      template: bucket(allOn.replace('IgnorePublicAcls: true', 'IgnorePublicAcls: false')),
      findings: [
        {
          messageId: 'flagOff',
          pointer: '/Resources/Bucket/Properties/PublicAccessBlockConfiguration/IgnorePublicAcls',
          line: 8,
          column: 9,
          message: 'sets IgnorePublicAcls to false.',
        },
      ],
    },
    {
      name: 'a flag left out is false',
      template: bucket(allOn.replace('        RestrictPublicBuckets: true\n', '')),
      findings: [{ messageId: 'flagMissing', pointer: '/Resources/Bucket/Properties/PublicAccessBlockConfiguration', line: 5, column: 7 }],
    },
    {
      name: 'a flag given through a parameter is resolved to its default',
      template:
        `Parameters:\n  BlockAcls:\n    Type: String\n    Default: 'false'\n` +
        bucket(allOn.replace('BlockPublicAcls: true', 'BlockPublicAcls: !Ref BlockAcls')),
      findings: [
        {
          messageId: 'flagOff',
          pointer: '/Resources/Bucket/Properties/PublicAccessBlockConfiguration/BlockPublicAcls',
          line: 10,
          column: 9,
          message: "from the default of parameter 'BlockAcls'",
        },
      ],
    },
    {
      name: 'a parameter without default cannot be known',
      template: `Parameters:\n  P:\n    Type: String\n` + bucket(allOn.replace('BlockPublicPolicy: true', 'BlockPublicPolicy: !Ref P')),
      findings: [
        {
          messageId: 'flagUnknown',
          pointer: '/Resources/Bucket/Properties/PublicAccessBlockConfiguration/BlockPublicPolicy',
          line: 10,
          column: 9,
          severity: 'warning',
          message: "parameter 'P' has no default",
        },
      ],
    },
    {
      name: 'both branches of Fn::If are checked',
      template:
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n` +
        bucket(allOn.replace('RestrictPublicBuckets: true', 'RestrictPublicBuckets: !If [IsProd, true, false]')),
      findings: [
        {
          messageId: 'flagOff',
          pointer: '/Resources/Bucket/Properties/PublicAccessBlockConfiguration/RestrictPublicBuckets/Fn::If/2',
          line: 14,
          column: 51,
          message: 'when IsProd is false',
        },
      ],
    },
    {
      name: 'a whole configuration removed with AWS::NoValue on one branch',
      template:
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n` +
        bucket(
          `    Properties:\n      PublicAccessBlockConfiguration: !If\n        - IsProd\n        - BlockPublicAcls: true\n          BlockPublicPolicy: true\n          IgnorePublicAcls: true\n          RestrictPublicBuckets: true\n        - !Ref AWS::NoValue\n`,
        ),
      findings: [
        {
          messageId: 'missing',
          pointer: '/Resources/Bucket/Properties/PublicAccessBlockConfiguration/Fn::If/2',
          line: 16,
          column: 11,
          message: 'when IsProd is false',
        },
      ],
    },
  ],
});
