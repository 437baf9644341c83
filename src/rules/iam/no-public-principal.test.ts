import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-public-principal.js';

const queuePolicy = (statement: string, head = '') => `${head}Resources:
  Topic:
    Type: AWS::SNS::Topic
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: '*'
${statement}`;
const permission = (properties: string) => `Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: fn
      Action: lambda:InvokeFunction
${properties}`;

/** A function with a URL and the two permissions Lambda requires of a public URL since October 2025. */
const urlStack = (authType: string, permissions: string) => `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: { ZipFile: 'def handler(e, c): return 1' }
  FnUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: ${authType}
${permissions}`;
const urlPermission = `  UrlPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunctionUrl
      Principal: '*'
      FunctionUrlAuthType: NONE
`;
const invokePermission = `  InvokePermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Fn.Arn
      Action: lambda:InvokeFunction
      Principal: '*'
      InvokedViaFunctionUrl: true
`;
const samFn = (properties: string, head = '') => `Transform: AWS::Serverless-2016-10-31
${head}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      CodeUri: src/
${properties}`;
const layer = (properties: string) => `Resources:
  LayerPermission:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: arn:aws:lambda:us-east-1:123456789012:layer:shared:3
${properties}`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: "CDK's SNS-to-SQS subscription: * limited by aws:SourceArn",
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              ArnEquals:\n                aws:SourceArn: !Ref Topic\n`,
      ),
    },
    {
      name: '{AWS: *} limited by aws:PrincipalOrgID',
      template: queuePolicy(
        `            Principal: { AWS: '*' }\n            Condition:\n              StringEquals:\n                aws:PrincipalOrgID: o-abc123\n`,
      ),
    },
    {
      name: 'aws:SourceAccount of this account',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n`,
      ),
    },
    { name: 'a named account', template: queuePolicy(`            Principal: { AWS: arn:aws:iam::210987654321:root }\n`) },
    { name: 'a service principal', template: queuePolicy(`            Principal: { Service: events.amazonaws.com }\n`) },
    {
      name: 'StringEquals compares literally: "*" matches only the text "*"',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringEquals:\n                aws:PrincipalAccount: '*'\n`,
      ),
    },
    {
      name: 'a Deny for everyone',
      template: `Resources:\n  TopicPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [t]\n      PolicyDocument:\n        Statement:\n          - Effect: Deny\n            Principal: '*'\n            Action: sns:Publish\n            Resource: '*'\n            Condition:\n              Bool:\n                aws:SecureTransport: false\n`,
    },
    {
      name: 'bucket policies are left to s3/no-public-bucket-policy',
      template: `Resources:\n  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: '*'\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n`,
    },
    {
      name: 'a Lambda permission for * with SourceArn',
      template: permission(`      Principal: '*'\n      SourceArn: arn:aws:execute-api:us-east-1:123456789012:abc/*\n`),
    },
    {
      name: 'a Lambda permission for S3 with SourceArn and SourceAccount',
      template: permission(
        `      Principal: s3.amazonaws.com\n      SourceArn: arn:aws:s3:::b\n      SourceAccount: !Ref AWS::AccountId\n`,
      ),
    },
    { name: 'a Lambda permission for an account', template: permission(`      Principal: '123456789012'\n`) },
    { name: 'a function URL with AuthType AWS_IAM', template: urlStack('AWS_IAM', '') },
    {
      name: 'an Alexa permission with EventSourceToken (the skill ID)',
      template: permission(`      Principal: alexa-appkit.amazon.com\n      EventSourceToken: amzn1.ask.skill.0a1b2c3d\n`),
    },
    { name: 'SAM: FunctionUrlConfig with AuthType AWS_IAM', template: samFn('      FunctionUrlConfig:\n        AuthType: AWS_IAM\n') },
    {
      name: 'SAM: an AuthType from a parameter whose default is AWS_IAM',
      template: samFn(
        '      FunctionUrlConfig:\n        AuthType: !Ref UrlAuth\n',
        'Parameters:\n  UrlAuth:\n    Type: String\n    Default: AWS_IAM\n',
      ),
    },
    {
      name: 'SAM: a FunctionUrlConfig written as an intrinsic, which SAM does not read (it writes no permission)',
      template: samFn(
        '      FunctionUrlConfig: !If [Public, { AuthType: NONE }, { AuthType: AWS_IAM }]\n',
        'Parameters:\n  Env:\n    Type: String\nConditions:\n  Public: !Equals [!Ref Env, demo]\n',
      ),
    },
    {
      name: 'SAM: a function without FunctionUrlConfig ignores Globals that set no AuthType',
      template: samFn('', 'Globals:\n  Function:\n    FunctionUrlConfig:\n      InvokeMode: BUFFERED\n'),
    },
    {
      name: 'SAM: events whose permissions SAM pins (SkillId, SNS SourceArn, S3 SourceAccount, Api SourceArn)',
      template: samFn(
        '      Events:\n        Skill:\n          Type: AlexaSkill\n          Properties:\n            SkillId: amzn1.ask.skill.0a1b2c3d\n' +
          '        Topic:\n          Type: SNS\n          Properties:\n            Topic: arn:aws:sns:us-east-1:123456789012:t\n' +
          '        Upload:\n          Type: S3\n          Properties:\n            Bucket: !Ref Uploads\n            Events: s3:ObjectCreated:*\n' +
          '        Get:\n          Type: Api\n          Properties:\n            Path: /\n            Method: get\n' +
          '  Uploads:\n    Type: AWS::S3::Bucket\n',
      ),
    },
    { name: 'a layer shared with an organization', template: layer(`      Principal: '*'\n      OrganizationId: o-a1b2c3d4e5\n`) },
    { name: 'a layer shared with one account', template: layer(`      Principal: '210987654321'\n`) },
  ],
  invalid: [
    {
      name: 'a grant to everyone that a Deny limits to the organization: a warning that says so',
      template: queuePolicy(
        `            Principal: '*'\n          - Effect: Deny\n            Principal: '*'\n            Action: 'sqs:*'\n            Resource: '*'\n            Condition:\n              StringNotEquals:\n                aws:PrincipalOrgID: o-abc123\n`,
      ),
      findings: [
        {
          messageId: 'guarded',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          severity: 'warning',
          message:
            "Queue policy 'QueuePolicy' allows everyone ('*') in statement 1; statement 2 denies it to every caller outside the aws:PrincipalOrgID values it names, so only those get it.",
        },
      ],
    },
    {
      // A regular expression built from that pattern took 96 s on this text; the catalog's matcher is linear.
      name: 'a Deny whose resource is a hostile wildcard pattern is judged quickly (and covers nothing here)',
      template: `Resources:
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: sqs:SendMessage
            Resource: arn:aws:sqs:us-east-1:111122223333:${'a'.repeat(40)}
          - Effect: Deny
            Principal: '*'
            Action: 'sqs:*'
            Resource: 'arn:aws:sqs:us-east-1:111122223333:${'*a'.repeat(12)}b'
            Condition: { StringNotEquals: { aws:PrincipalOrgID: o-abc123 } }
`,
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 9,
          column: 13,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a Deny that does not limit the grant: not every action, a condition that names no caller, a wildcard value, inside Fn::If',
      template: queuePolicy(
        `            Principal: '*'
          - Effect: Deny
            Principal: '*'
            Action: sqs:DeleteMessage
            Resource: '*'
            Condition: { StringNotEquals: { aws:PrincipalOrgID: o-abc123 } }
          - Effect: Deny
            Principal: '*'
            Action: '*'
            Resource: '*'
            Condition: { Bool: { aws:SecureTransport: 'false' } }
          - Effect: Deny
            Principal: '*'
            Action: '*'
            Resource: '*'
            Condition: { StringNotLike: { aws:PrincipalOrgID: 'o-*' } }
          - Effect: Deny
            Principal: '*'
            Action: '*'
            Resource: '*'
            Condition: { StringNotEquals: { aws:PrincipalOrgID: o-abc123 }, StringEquals: { aws:PrincipalType: User } }
          - !If
            - IsProd
            - Effect: Deny
              Principal: '*'
              Action: '*'
              Resource: '*'
              Condition: { StringNotEquals: { aws:PrincipalOrgID: o-abc123 } }
            - !Ref AWS::NoValue
`,
        'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n',
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 18,
          column: 13,
          severity: 'error',
        },
      ],
    },
    {
      name: 'a queue policy open to everyone',
      template: queuePolicy(`            Principal: '*'\n`),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: "Queue policy 'QueuePolicy' allows everyone ('*') in statement 1, and no condition limits who can call.",
        },
      ],
    },
    {
      name: 'aws:Referer and aws:SecureTransport do not limit the caller',
      template: queuePolicy(
        `            Principal: { AWS: '*' }\n            Condition:\n              StringLike:\n                aws:Referer: https://example.com/*\n              Bool:\n                aws:SecureTransport: true\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal/AWS',
          line: 13,
          column: 26,
          message:
            /everyone \(\{ AWS: '\*' \}\).*present but not limiting: aws:Referer is an HTTP header that any client can set.*; aws:SecureTransport only requires TLS/,
        },
      ],
    },
    {
      name: 'a wildcard-only ArnLike value matches anyone',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              ArnLike:\n                aws:SourceArn: 'arn:aws:sns:*:*:*'\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: "aws:SourceArn matches a wildcard pattern ('arn:aws:sns:*:*:*')",
        },
      ],
    },
    {
      name: '…IfExists is true when the key is absent',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringEqualsIfExists:\n                aws:PrincipalOrgID: o-abc123\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: 'StringEqualsIfExists on aws:PrincipalOrgID also passes when the request has no aws:PrincipalOrgID',
        },
      ],
    },
    {
      name: 'a StringLike value from a parameter default of *',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringLike:\n                aws:PrincipalOrgID: !Ref Org\n`,
        `Parameters:\n  Org:\n    Type: String\n    Default: '*'\n`,
      ),
      findings: [
        { messageId: 'public', pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal', line: 17, column: 13 },
      ],
    },
    {
      name: 'a restriction in one branch of Fn::If only: the other branch is public',
      template: queuePolicy(
        `            Principal: '*'\n            Condition: !If\n              - Prod\n              - StringEquals: { aws:PrincipalOrgID: o-abc123 }\n              - !Ref AWS::NoValue\n`,
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Prod: !Equals [!Ref Env, prod]\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 18,
          column: 13,
          message: 'in statement 1 (when Prod is false), and no condition limits who can call.',
        },
      ],
    },
    {
      name: 'a wildcard organization id limits nothing',
      template: queuePolicy(
        `            Principal: '*'\n            Condition:\n              StringLike:\n                aws:PrincipalOrgID: 'o-*'\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
          line: 13,
          column: 13,
          message: "aws:PrincipalOrgID matches a wildcard pattern ('o-*')",
        },
      ],
    },
    {
      name: 'a principal that is * on one branch of Fn::If',
      template: queuePolicy(
        `            Principal: !If [Open, '*', { AWS: arn:aws:iam::210987654321:root }]\n`,
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Open: !Equals [!Ref Env, dev]\n`,
      ),
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal/Fn::If/1',
          line: 18,
          column: 35,
          message: '(when Open is true)',
        },
      ],
    },
    {
      name: 'a role anyone can assume',
      template: `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: '*' }\n            Action: sts:AssumeRole\n`,
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0/Principal/AWS',
          line: 8,
          column: 26,
          message: "Trust policy of role 'Role' allows everyone",
        },
      ],
    },
    {
      name: 'Allow with NotPrincipal in a secret policy',
      template: `Resources:\n  SecretPolicy:\n    Type: AWS::SecretsManager::ResourcePolicy\n    Properties:\n      SecretId: s\n      ResourcePolicy:\n        Statement:\n          - Effect: Allow\n            NotPrincipal: { AWS: arn:aws:iam::123456789012:role/admin }\n            Action: secretsmanager:GetSecretValue\n            Resource: '*'\n`,
      findings: [
        {
          messageId: 'public',
          pointer: '/Resources/SecretPolicy/Properties/ResourcePolicy/Statement/0/NotPrincipal',
          line: 9,
          column: 13,
          message: 'allows everyone except its NotPrincipal entries',
        },
      ],
    },
    {
      name: 'a Lambda permission for * without a source',
      template: permission(`      Principal: '*'\n`),
      findings: [{ messageId: 'permissionPublic', pointer: '/Resources/Permission/Properties/Principal', line: 7, column: 7 }],
    },
    {
      name: 'a Lambda permission whose SourceArn is only wildcards',
      template: permission(`      Principal: '*'\n      SourceArn: 'arn:aws:s3:::*'\n`),
      findings: [{ messageId: 'permissionPublic', pointer: '/Resources/Permission/Properties/Principal', line: 7, column: 7 }],
    },
    {
      name: "a Lambda permission for S3 without SourceArn: any account's bucket can invoke",
      template: permission(`      Principal: s3.amazonaws.com\n`),
      findings: [
        {
          messageId: 'anySource',
          pointer: '/Resources/Permission/Properties/Principal',
          line: 7,
          column: 7,
          severity: 'warning',
          message: 'lets s3.amazonaws.com invoke',
        },
      ],
    },
    {
      name: 'a public function URL: one finding on the InvokeFunctionUrl permission, naming the URL; its InvokeFunction companion is the same grant',
      template: urlStack('NONE', urlPermission + invokePermission),
      findings: [
        {
          messageId: 'urlPublic',
          pointer: '/Resources/UrlPermission/Properties/Principal',
          line: 19,
          column: 7,
          message:
            "Permission 'UrlPermission' makes the function URL 'FnUrl' public: anyone ('*') can call it, and with AuthType NONE Lambda authenticates no caller.",
        },
      ],
    },
    {
      name: 'the InvokeFunction-through-the-URL permission alone grants nothing without InvokeFunctionUrl: the note on the URL',
      template: urlStack('NONE', invokePermission),
      findings: [{ messageId: 'urlUnopened', pointer: '/Resources/FnUrl/Properties/AuthType', line: 13, column: 7, severity: 'note' }],
    },
    {
      name: 'a URL with AuthType NONE and no permission for * in the input: a note',
      template: urlStack('NONE', ''),
      findings: [
        {
          messageId: 'urlUnopened',
          pointer: '/Resources/FnUrl/Properties/AuthType',
          line: 13,
          column: 7,
          severity: 'note',
          message: "Function URL 'FnUrl' has AuthType NONE: Lambda authenticates no caller",
        },
      ],
    },
    {
      name: 'an Alexa permission without EventSourceToken: any skill can invoke',
      template: permission(`      Principal: alexa-appkit.amazon.com\n`),
      findings: [
        {
          messageId: 'anySkill',
          pointer: '/Resources/Permission/Properties/Principal',
          line: 7,
          column: 7,
          severity: 'warning',
          message:
            "Permission 'Permission' lets any Alexa skill (alexa-appkit.amazon.com) invoke the function: it sets no EventSourceToken",
        },
      ],
    },
    {
      name: 'SAM: FunctionUrlConfig with AuthType NONE, located at the AuthType SAM reads',
      template: samFn('      FunctionUrlConfig:\n        AuthType: NONE\n        InvokeMode: BUFFERED\n'),
      findings: [
        {
          messageId: 'urlPublic',
          pointer: '/Resources/Fn/Properties/FunctionUrlConfig/AuthType',
          line: 10,
          column: 9,
          message: "FunctionUrlConfig of function 'Fn' (SAM writes a permission for '*') makes the function URL public",
        },
      ],
    },
    {
      name: "SAM: AuthType NONE from Globals, merged into the function's own FunctionUrlConfig",
      template: samFn(
        '      FunctionUrlConfig:\n        InvokeMode: RESPONSE_STREAM\n',
        'Globals:\n  Function:\n    FunctionUrlConfig:\n      AuthType: NONE\n',
      ),
      findings: [{ messageId: 'urlPublic', pointer: '/Globals/Function/FunctionUrlConfig/AuthType', line: 5, column: 7 }],
    },
    {
      name: "SAM: an AuthType SAM does not read (!Ref, default NONE): the URL is NONE, but SAM writes no permission for '*'",
      template: samFn(
        '      FunctionUrlConfig:\n        AuthType: !Ref UrlAuth\n',
        'Parameters:\n  UrlAuth:\n    Type: String\n    Default: NONE\n',
      ),
      findings: [
        {
          messageId: 'urlUnopened',
          pointer: '/Resources/Fn/Properties/FunctionUrlConfig/AuthType',
          line: 14,
          column: 9,
          severity: 'note',
          message: "Function URL of function 'Fn' (SAM's FunctionUrlConfig) has AuthType NONE",
        },
      ],
    },
    {
      name: 'SAM: that AuthType with the permission for * written by hand: the finding is the permission',
      template: samFn(
        '      FunctionUrlConfig:\n        AuthType: !Ref UrlAuth\n' +
          "  UrlPermission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunctionUrl\n      Principal: '*'\n      FunctionUrlAuthType: NONE\n",
        'Parameters:\n  UrlAuth:\n    Type: String\n    Default: NONE\n',
      ),
      findings: [{ messageId: 'urlPublic', pointer: '/Resources/UrlPermission/Properties/Principal', line: 20, column: 7 }],
    },
    {
      name: 'SAM: an AlexaSkill event without SkillId',
      template: samFn('      Events:\n        Skill:\n          Type: AlexaSkill\n'),
      findings: [
        {
          messageId: 'samEvent',
          pointer: '/Resources/Fn/Properties/Events/Skill/Type',
          line: 11,
          column: 11,
          severity: 'warning',
          message: "Event 'Skill' (AlexaSkill) of function 'Fn' lets any Alexa skill invoke the function",
        },
      ],
    },
    {
      name: 'a layer version shared with every account',
      template: layer(`      Principal: '*'\n`),
      findings: [
        {
          messageId: 'layerPublic',
          pointer: '/Resources/LayerPermission/Properties/Principal',
          line: 7,
          column: 7,
          message: "Layer permission 'LayerPermission' lets every AWS account ('*') use the layer version and download its code",
        },
      ],
    },
  ],
});
