import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './tls-only.js';

const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;
const bucketOnly = `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n`;
/** A bucket (optionally with properties) and a policy whose Statement list is `statements` (YAML list items, 10 spaces). */
const withPolicy = (
  statements: string,
  options: { head?: string; bucketProps?: string; policyBucket?: string; policyExtra?: string } = {},
) =>
  `${options.head ?? ''}${bucketOnly}${options.bucketProps ?? ''}  Policy:\n    Type: AWS::S3::BucketPolicy\n${options.policyExtra ?? ''}    Properties:\n      Bucket: ${options.policyBucket ?? '!Ref Bucket'}\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n${statements}`;
/** A TLS Deny statement; every part can be replaced. */
const deny = (parts: { principal?: string; action?: string; resource?: string; condition?: string } = {}) =>
  `          - Effect: Deny\n            Principal: ${parts.principal ?? "{ AWS: '*' }"}\n            Action: ${parts.action ?? "'s3:*'"}\n` +
  `            Resource: ${parts.resource ?? "[!GetAtt Bucket.Arn, !Join ['', [!GetAtt Bucket.Arn, '/*']]]"}\n` +
  `            Condition: ${parts.condition ?? "{ Bool: { 'aws:SecureTransport': 'false' } }"}\n`;
/** A statement list item `!If [IsProd, <the TLS Deny>, <otherwise>]`. */
const denyIfProd = (otherwise: string) => {
  const nested = deny()
    .replace(/^ {10}- /, '            - ')
    .replace(/\n {12}/g, '\n              ');
  return `          - !If\n            - IsProd\n${nested}            - ${otherwise}`;
};
const env = { account: '111111111111', region: 'eu-west-1' };
/** A policy for a bucket outside the template: its Bucket is a parameter (or `bucket`, a name as written). */
const external = (statements: string, bucket = '!Ref DataBucket') =>
  `Parameters:\n  DataBucket:\n    Type: String\nResources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: ${bucket}\n      PolicyDocument:\n        Statement:\n${statements}`;
const allowPut =
  "          - Effect: Allow\n            Principal: { Service: cloudtrail.amazonaws.com }\n            Action: s3:PutObject\n            Resource: !Sub 'arn:${AWS::Partition}:s3:::${DataBucket}/*'\n";
const statement0 = '/Resources/Policy/Properties/PolicyDocument/Statement/0';

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'the CDK enforceSSL statement (Fn::Join with Bucket.Arn)', template: withPolicy(deny()) },
    {
      name: 'a policy for a bucket outside the template (a parameter) with the TLS Deny on its ARN and objects',
      template: external(
        allowPut +
          deny({ resource: "[!Sub 'arn:${AWS::Partition}:s3:::${DataBucket}', !Sub 'arn:${AWS::Partition}:s3:::${DataBucket}/*']" }),
      ),
    },
    {
      name: 'a policy for a bucket named literally, with the TLS Deny on literal ARNs',
      template: external(deny({ resource: '[arn:aws:s3:::corp-archive, arn:aws:s3:::corp-archive/*]' }), 'corp-archive'),
    },
    {
      name: 'Fn::Sub forms, "*" principal and action, BoolIfExists with a boolean false',
      template: withPolicy(
        deny({
          principal: "'*'",
          action: "'*'",
          resource: "[!Sub 'arn:${AWS::Partition}:s3:::${Bucket}', !Sub '${Bucket.Arn}/*']",
          condition: '{ BoolIfExists: { aws:SecureTransport: false } }',
        }),
      ),
    },
    {
      name: 'literal bucket name and ARNs, key in another case',
      template: withPolicy(
        deny({ resource: "['arn:aws:s3:::my-data', 'arn:aws:s3:::my-data/*']", condition: "{ Bool: { 'AWS:SecureTransport': 'False' } }" }),
        {
          bucketProps: '    Properties:\n      BucketName: my-data\n',
          policyBucket: 'my-data',
        },
      ),
    },
    { name: 'a wildcard ARN covers both', template: withPolicy(deny({ resource: "'arn:aws:s3:::*'" })) },
    {
      name: 'bucket and objects in two statements',
      template: withPolicy(deny({ resource: '!GetAtt Bucket.Arn' }) + deny({ resource: "!Sub '${Bucket.Arn}/*'" })),
    },
    {
      name: 'the Deny in both branches of Fn::If',
      template: withPolicy(
        denyIfProd(
          deny()
            .slice(12)
            .replace(/\n {12}/g, '\n              '),
        ),
        { head: conditions },
      ),
    },
    {
      name: 'a conditional bucket with a policy under the same condition',
      template: withPolicy(deny(), { head: conditions, policyExtra: '    Condition: IsProd\n' }).replace(
        '    Type: AWS::S3::Bucket\n',
        '    Type: AWS::S3::Bucket\n    Condition: IsProd\n',
      ),
    },
    {
      name: 'a policy in another stack of the assembly, through Fn::ImportValue',
      template: `${bucketOnly}Outputs:\n  Name:\n    Value: !Ref Bucket\n    Export:\n      Name: DataBucketName\n  Arn:\n    Value: !GetAtt Bucket.Arn\n    Export:\n      Name: DataBucketArn\n`,
      stack: { name: 'Data', env },
      others: [
        {
          template: `Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !ImportValue DataBucketName\n      PolicyDocument:\n        Statement:\n${deny({ resource: "[!ImportValue DataBucketArn, !Join ['', [!ImportValue DataBucketArn, '/*']]]" })}`,
          stack: { name: 'Access', env },
        },
      ],
    },
    {
      name: 'a policy in another stack that names the bucket by its Fn::Sub name',
      template: `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::AccountId}-data'\n`,
      stack: { name: 'Data', env },
      others: [
        {
          template: `Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Sub '\${AWS::AccountId}-data'\n      PolicyDocument:\n        Statement:\n${deny({ resource: "[!Sub 'arn:aws:s3:::${AWS::AccountId}-data', !Sub 'arn:aws:s3:::${AWS::AccountId}-data/*']" })}`,
          stack: { name: 'Access', env },
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'a policy for a bucket outside the template without a TLS Deny: reported on the policy',
      template: external(allowPut),
      findings: [
        {
          messageId: 'externalNoDeny',
          pointer: '/Resources/Policy/Properties/PolicyDocument',
          line: 9,
          column: 7,
          message:
            "Bucket policy 'Policy' is the policy of bucket '<DataBucket>' (not in the input), and no statement in it denies requests with aws:SecureTransport = false",
        },
      ],
    },
    {
      name: 'a policy for a named bucket outside the template whose Deny covers only the objects',
      template: external(deny({ resource: 'arn:aws:s3:::corp-archive/*' }), 'corp-archive'),
      findings: [
        {
          messageId: 'externalPartial',
          pointer: statement0,
          line: 11,
          column: 13,
          message: 'only on its objects (bucket/*), not the bucket ARN',
        },
      ],
    },
    {
      name: 'a CDK default bucket has no policy',
      template: `${bucketOnly}    UpdateReplacePolicy: Retain\n    DeletionPolicy: Retain\n`,
      findings: [
        {
          messageId: 'noPolicy',
          pointer: '/Resources/Bucket',
          line: 2,
          column: 3,
          severity: 'error',
          message: "Bucket 'Bucket' has no bucket policy",
        },
      ],
    },
    {
      name: 'a policy with grants only',
      template: withPolicy(
        `          - Effect: Allow\n            Principal: { AWS: '111122223333' }\n            Action: s3:GetObject\n            Resource: !Sub '\${Bucket.Arn}/*'\n`,
      ),
      findings: [
        {
          messageId: 'noDeny',
          pointer: '/Resources/Policy/Properties/PolicyDocument',
          line: 8,
          column: 7,
          message: "bucket policy 'Policy', but no statement",
        },
      ],
    },
    {
      name: 'a Deny on aws:SecureTransport = true is not the guard',
      template: withPolicy(deny({ condition: "{ Bool: { 'aws:SecureTransport': 'true' } }" })),
      findings: [{ messageId: 'noDeny', pointer: '/Resources/Policy/Properties/PolicyDocument', line: 8, column: 7 }],
    },
    {
      name: 'a policy document with no Statement (the input of a template macro) is no policy to judge: a warning, not noDeny',
      template: `${bucketOnly}  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n      PolicyDocument:\n        DefaultS3BucketPolicy:\n          Service: cloudtrail.amazonaws.com\n`,
      findings: [
        {
          messageId: 'unknownPolicy',
          pointer: '/Resources/Policy/Properties/PolicyDocument',
          line: 8,
          column: 7,
          severity: 'warning',
          message: 'it is a mapping without Statement, so not a policy document as written',
        },
      ],
    },
    {
      name: 'a policy document not known before deployment',
      template: withPolicy('')
        .replace(/ {6}PolicyDocument:\n.*$/s, '      PolicyDocument: !Ref Document\n')
        .replace('Resources:', 'Parameters:\n  Document:\n    Type: String\nResources:'),
      findings: [
        {
          messageId: 'unknownPolicy',
          pointer: '/Resources/Policy/Properties/PolicyDocument',
          line: 11,
          column: 7,
          severity: 'warning',
          message: "parameter 'Document' has no default",
        },
      ],
    },
    {
      name: 'objects only',
      template: withPolicy(deny({ resource: "!Join ['', [!GetAtt Bucket.Arn, '/*']]" })),
      findings: [
        {
          messageId: 'objectsOnly',
          pointer: `${statement0}/Resource`,
          line: 14,
          column: 13,
          message: 'covers only its objects (bucket/*), not the bucket ARN itself',
        },
      ],
    },
    {
      name: 'bucket ARN only',
      template: withPolicy(deny({ resource: '!GetAtt Bucket.Arn' })),
      findings: [
        {
          messageId: 'bucketOnly',
          pointer: `${statement0}/Resource`,
          line: 14,
          column: 13,
          message: 'covers only the bucket ARN, not its objects',
        },
      ],
    },
    {
      name: 'another bucket only',
      template: withPolicy(deny({ resource: "['arn:aws:s3:::other', 'arn:aws:s3:::other/*']" })),
      findings: [
        {
          messageId: 'otherResources',
          pointer: `${statement0}/Resource`,
          line: 14,
          column: 13,
          message: 'on arn:aws:s3:::other, arn:aws:s3:::other/*, which covers neither',
        },
      ],
    },
    {
      name: 'a Deny on one action',
      template: withPolicy(deny({ action: 's3:GetObject' })),
      findings: [{ messageId: 'weakDeny', pointer: statement0, line: 11, column: 13, message: 'denies only s3:GetObject, not s3:*' }],
    },
    {
      name: 'a Deny for one principal',
      template: withPolicy(deny({ principal: "{ AWS: 'arn:aws:iam::111122223333:root' }" })),
      findings: [
        {
          messageId: 'weakDeny',
          pointer: statement0,
          line: 11,
          column: 13,
          message: 'applies only to arn:aws:iam::111122223333:root, not to every principal',
        },
      ],
    },
    {
      name: 'a Deny narrowed by another condition',
      template: withPolicy(
        deny({ condition: "{ Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }" }),
      ),
      findings: [{ messageId: 'weakDeny', pointer: statement0, line: 11, column: 13, message: 'also requires IpAddress aws:SourceIp' }],
    },
    {
      name: 'the Deny in one branch of Fn::If only',
      template: withPolicy(denyIfProd('!Ref AWS::NoValue\n'), { head: conditions }),
      findings: [
        {
          messageId: 'someBranches',
          pointer: `${statement0}/Fn::If/1`,
          line: 18,
          column: 15,
          message: 'not the bucket ARN or its objects (when IsProd is false)',
        },
      ],
    },
    {
      name: 'a policy that exists under a condition the bucket does not have',
      template: withPolicy(deny(), { head: conditions, policyExtra: '    Condition: IsProd\n' }),
      findings: [{ messageId: 'someBranches', pointer: statement0, line: 17, column: 13, message: '(when IsProd is false)' }],
    },
    {
      name: 'a policy in another stack that covers only objects is reported there',
      template: `${bucketOnly}Outputs:\n  Name:\n    Value: !Ref Bucket\n    Export:\n      Name: DataBucketName\n  Arn:\n    Value: !GetAtt Bucket.Arn\n    Export:\n      Name: DataBucketArn\n`,
      stack: { name: 'Data', env },
      others: [
        {
          template: `Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !ImportValue DataBucketName\n      PolicyDocument:\n        Statement:\n${deny({ resource: "!Join ['', [!ImportValue DataBucketArn, '/*']]" })}`,
          stack: { name: 'Access', env },
        },
      ],
      findings: [
        {
          messageId: 'objectsOnly',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Resource',
          line: 11,
          column: 13,
          file: 'other1.yaml',
          message: "Bucket 'Bucket': the Deny",
        },
      ],
    },
  ],
});
