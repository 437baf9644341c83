import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-public-bucket-policy.js';

const conditions = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;
/** A bucket and its policy; `statement` is YAML at the indentation of a Statement list item. */
const withPolicy = (statement: string, head = '') =>
  `${head}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Bucket\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n${statement}`;
const allow = (principal: string, condition = '') =>
  `          - Effect: Allow\n            Principal: ${principal}\n            Action: s3:GetObject\n            Resource: !Sub '\${Bucket.Arn}/*'\n${condition}`;
const cond = (operator: string, key: string, value: string) =>
  `            Condition:\n              ${operator}:\n                ${key}: ${value}\n`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'a named principal', template: withPolicy(allow("{ AWS: 'arn:aws:iam::111122223333:role/Reader' }")) },
    {
      name: 'CloudFront with aws:SourceArn',
      template: withPolicy(
        allow(
          '{ Service: cloudfront.amazonaws.com }',
          cond('StringEquals', 'AWS:SourceArn', "'arn:aws:cloudfront::111122223333:distribution/E1'"),
        ),
      ),
    },
    { name: '"*" limited to the organization', template: withPolicy(allow("'*'", cond('StringEquals', 'aws:PrincipalOrgID', 'o-abc123'))) },
    {
      name: '"*" limited to a VPC endpoint given by a parameter',
      template: withPolicy(
        allow("{ AWS: '*' }", cond('StringEquals', 'aws:SourceVpce', '!Ref Endpoint')),
        'Parameters:\n  Endpoint:\n    Type: String\n',
      ),
    },
    { name: '"*" limited to an address range', template: withPolicy(allow("'*'", cond('IpAddress', 'aws:SourceIp', '203.0.113.0/24'))) },
    {
      name: '"*" limited to an organizational unit by a path pattern',
      template: withPolicy(
        allow("'*'", cond('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', "'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'")),
      ),
    },
    {
      name: 'a Deny with "*" is a guard, not a grant',
      template: withPolicy(
        `          - Effect: Deny\n            Principal: '*'\n            Action: s3:*\n            Resource: '*'\n${cond('Bool', 'aws:SecureTransport', "'false'")}`,
      ),
    },
    {
      name: 'restricted in both branches of Fn::If',
      template: withPolicy(
        allow(
          "'*'",
          `            Condition:\n              StringEquals: !If [IsProd, { aws:PrincipalOrgID: o-prod }, { aws:SourceAccount: '111122223333' }]\n`,
        ),
        conditions,
      ),
    },
  ],
  invalid: [
    {
      name: '"*" that a Deny limits to a VPC endpoint: a warning, since S3 still counts the policy as public',
      template: withPolicy(
        `${allow("'*'")}          - Effect: Deny\n            Principal: '*'\n            Action: 's3:*'\n            Resource: [!GetAtt Bucket.Arn, !Sub '\${Bucket.Arn}/*']\n${cond('StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d')}`,
      ),
      findings: [
        {
          messageId: 'guarded',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 12,
          column: 13,
          severity: 'warning',
          message:
            "Bucket policy 'Policy' allows everyone (\"*\") s3:GetObject on bucket 'Bucket'; statement 2 denies it to every caller outside the aws:SourceVpce values it names, so only those get it, but S3 still counts the policy as public",
        },
      ],
    },
    {
      name: 'a Deny on another resource does not limit the grant',
      template: withPolicy(
        `${allow("'*'")}          - Effect: Deny\n            Principal: '*'\n            Action: 's3:*'\n            Resource: !GetAtt Bucket.Arn\n${cond('StringNotEquals', 'aws:SourceVpce', 'vpce-1a2b3c4d')}`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 12,
          column: 13,
          severity: 'error',
        },
      ],
    },
    {
      name: '"*" with no condition',
      template: withPolicy(allow("'*'")),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 12,
          column: 13,
          severity: 'error',
          message:
            "Bucket policy 'Policy' allows everyone (\"*\") s3:GetObject on bucket 'Bucket', with no condition that limits who can call.",
        },
      ],
    },
    {
      name: '{AWS: "*"} with aws:Referer: a header is no restriction',
      template: withPolicy(allow("{ AWS: '*' }", cond('StringLike', 'aws:Referer', "'https://www.example.com/*'"))),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal/AWS',
          line: 12,
          column: 26,
          message:
            'allows everyone (AWS: "*") s3:GetObject on bucket \'Bucket\', with no condition that limits who can call. Its conditions do not limit it: aws:Referer is an HTTP header that any client can set, so anyone can send the expected value (AWS documents it as unfit to block direct requests).',
        },
      ],
    },
    {
      name: 'IfExists lets anonymous callers through',
      template: withPolicy(allow("'*'", cond('StringEqualsIfExists', 'aws:PrincipalOrgID', 'o-abc123'))),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 12,
          column: 13,
          message: 'also passes when the request has no aws:PrincipalOrgID',
        },
      ],
    },
    {
      name: 'a restriction in one branch only',
      template: withPolicy(
        allow(
          "'*'",
          `            Condition: !If\n              - IsProd\n              - StringEquals: { aws:PrincipalOrgID: o-abc123 }\n              - !Ref AWS::NoValue\n`,
        ),
        conditions,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 17,
          column: 13,
          message: "on bucket 'Bucket' (when IsProd is false)",
        },
      ],
    },
    {
      name: 'a wildcard organization id',
      template: withPolicy(allow("'*'", cond('StringLike', 'aws:PrincipalOrgID', "'o-*'"))),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 12,
          column: 13,
          message: "matches a wildcard pattern ('o-*')",
        },
      ],
    },
    {
      name: 'a policy for a bucket of another stack, through Fn::ImportValue',
      template: `Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !ImportValue DataBucket\n      PolicyDocument:\n        Statement:\n${allow("'*'").replace("!Sub '${Bucket.Arn}/*'", "'*'")}`,
      others: [
        {
          template: `Resources:\n  Data:\n    Type: AWS::S3::Bucket\nOutputs:\n  Name:\n    Value: !Ref Data\n    Export:\n      Name: DataBucket\n`,
        },
      ],
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 9,
          column: 13,
          message: "on bucket 'Data'",
        },
      ],
    },
    {
      name: 'a policy for a bucket outside the input names it as written',
      template: `Resources:\n  Policy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Sub '\${AWS::AccountId}-site'\n      PolicyDocument:\n        Statement:\n${allow("'*'").replace("!Sub '${Bucket.Arn}/*'", "'*'")}`,
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Principal',
          line: 9,
          column: 13,
          message: "on bucket '${AWS::AccountId}-site'",
        },
      ],
    },
  ],
});
