import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-website-hosting.js';

const bucket = (properties: string) => `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n${properties}`;
const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'no website configuration', template: bucket('    Properties:\n      BucketName: data\n') },
    { name: 'a bucket without properties', template: bucket('') },
    {
      name: 'website configuration removed with AWS::NoValue in every branch',
      template: conditions + bucket('    Properties:\n      WebsiteConfiguration: !If [IsProd, !Ref AWS::NoValue, !Ref AWS::NoValue]\n'),
    },
  ],
  invalid: [
    {
      name: 'an index document',
      template: bucket(
        '    Properties:\n      WebsiteConfiguration:\n        IndexDocument: index.html\n        ErrorDocument: error.html\n',
      ),
      findings: [
        {
          messageId: 'website',
          pointer: '/Resources/Bucket/Properties/WebsiteConfiguration',
          line: 5,
          column: 7,
          severity: 'error',
          message: "Bucket 'Bucket' turns on static website hosting (WebsiteConfiguration, index document index.html)",
        },
      ],
    },
    {
      name: 'a redirect-only website is a note',
      template: bucket(
        '    Properties:\n      WebsiteConfiguration:\n        RedirectAllRequestsTo:\n          HostName: example.com\n          Protocol: https\n',
      ),
      findings: [
        {
          messageId: 'redirect',
          pointer: '/Resources/Bucket/Properties/WebsiteConfiguration',
          line: 5,
          column: 7,
          severity: 'note',
          message: 'redirects every request to example.com',
        },
      ],
    },
    {
      name: 'website hosting in one branch only',
      template:
        conditions +
        bucket(
          '    Properties:\n      WebsiteConfiguration: !If\n        - IsProd\n        - !Ref AWS::NoValue\n        - IndexDocument: index.html\n',
        ),
      findings: [
        {
          messageId: 'website',
          pointer: '/Resources/Bucket/Properties/WebsiteConfiguration/Fn::If/2',
          line: 13,
          column: 11,
          message: 'when IsProd is false',
        },
      ],
    },
  ],
});
