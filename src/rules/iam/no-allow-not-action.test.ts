import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './no-allow-not-action.js';

const policy = (statement: string, head = '') => `${head}Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
${statement}`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'an Allow that names actions and resources',
      template: policy(`          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b/*\n`),
    },
    {
      name: 'a Deny guardrail with NotAction',
      template: policy(`          - Effect: Deny\n            NotAction: [iam:*, sts:*]\n            Resource: '*'\n`),
    },
    {
      name: 'a Deny with NotResource',
      template: policy(`          - Effect: Deny\n            Action: s3:*\n            NotResource: arn:aws:s3:::b/*\n`),
    },
    {
      name: '* on a named resource is not administrator access',
      template: policy(`          - Effect: Allow\n            Action: '*'\n            Resource: arn:aws:s3:::b\n`),
    },
    {
      name: "an Allow with NotResource '*' matches no resource, so it grants nothing",
      template: policy(`          - Effect: Allow\n            Action: '*'\n            NotResource: '*'\n`),
    },
    {
      name: "an Allow with NotAction '*' matches no action, so it grants nothing",
      template: policy(`          - Effect: Allow\n            NotAction: '*'\n            Resource: '*'\n`),
    },
    {
      name: 'a key policy giving the account itself kms:* (delegation to IAM)',
      template: `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root' }\n            NotAction: kms:ScheduleKeyDeletion\n            Resource: '*'\n`,
    },
  ],
  invalid: [
    {
      name: 'NotAction in a bucket policy (s3/least-privilege-policy leaves it to this rule)',
      template: `Resources:\n  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::123456789012:role/app }\n            NotAction: s3:DeleteBucket\n            Resource: arn:aws:s3:::b/*\n`,
      findings: [
        {
          messageId: 'notAction',
          pointer: '/Resources/BucketPolicy/Properties/PolicyDocument/Statement/0/NotAction',
          line: 10,
          column: 13,
          message: "Bucket policy 'BucketPolicy' allows every action except 's3:DeleteBucket' (NotAction) in statement 1.",
        },
      ],
    },
    {
      name: 'Allow with NotAction on every resource',
      template: policy(
        `          - Sid: AllButIam\n            Effect: Allow\n            NotAction: [iam:*, organizations:*]\n            Resource: '*'\n`,
      ),
      findings: [
        {
          messageId: 'notAction',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/NotAction',
          line: 9,
          column: 13,
          message:
            "Policy 'Policy' allows every action except 'iam:*', 'organizations:*' (NotAction) on every resource in statement 'AllButIam'.",
        },
      ],
    },
    {
      name: 'Allow with NotResource',
      template: policy(`          - Effect: Allow\n            Action: s3:GetObject\n            NotResource: arn:aws:s3:::secret/*\n`),
      findings: [
        {
          messageId: 'notResource',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/NotResource',
          line: 9,
          column: 13,
          message: "allows 's3:GetObject' on every resource except 'arn:aws:s3:::secret/*' (NotResource)",
        },
      ],
    },
    {
      name: 'administrator access: * on *',
      template: policy(`          - Effect: Allow\n            Action: '*'\n            Resource: '*'\n`),
      findings: [
        {
          messageId: 'admin',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action',
          line: 8,
          column: 13,
          message: 'this is administrator access',
        },
      ],
    },
    {
      name: 'administrator access through *:* on one branch of Fn::If',
      template: policy(
        `          - Effect: Allow\n            Action: !If [Admin, '*:*', s3:GetObject]\n            Resource: '*'\n`,
        `Parameters:\n  Env:\n    Type: String\nConditions:\n  Admin: !Equals [!Ref Env, dev]\n`,
      ),
      findings: [
        {
          messageId: 'admin',
          pointer: '/Resources/Policy/Properties/PolicyDocument/Statement/0/Action/Fn::If/1',
          line: 13,
          column: 33,
          message: '(when Admin is true)',
        },
      ],
    },
    {
      name: 'NotAction in a topic policy',
      template: `Resources:\n  TopicPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [t]\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::210987654321:root }\n            NotAction: sns:DeleteTopic\n            Resource: '*'\n`,
      findings: [
        {
          messageId: 'notAction',
          pointer: '/Resources/TopicPolicy/Properties/PolicyDocument/Statement/0/NotAction',
          line: 10,
          column: 13,
          message: "Topic policy 'TopicPolicy' allows every action except 'sns:DeleteTopic' (NotAction) in statement 1.",
        },
      ],
    },
  ],
});
