import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './service-source-condition.js';

const topic = (statement: string) =>
  `Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  TopicPolicy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [!Ref Topic]\n      PolicyDocument:\n        Statement:\n${statement}`;
const publish = (condition = '') =>
  `          - Effect: Allow\n            Principal: { Service: s3.amazonaws.com }\n            Action: sns:Publish\n            Resource: !Ref Topic\n${condition}`;
const bucket = (statement: string) =>
  `Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  LogsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Logs\n      PolicyDocument:\n        Statement:\n${statement}`;
const key = (statement: string) =>
  `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n${statement}`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'S3 may publish to the topic for this account only (aws:SourceAccount)',
      template: topic(
        publish('            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n'),
      ),
    },
    {
      name: 'SNS may send to the queue from one topic (aws:SourceArn)',
      template:
        'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  T:\n    Type: AWS::SNS::Topic\n  QP:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Q]\n      PolicyDocument:\n        Statement:\n' +
        '          - Effect: Allow\n            Principal: { Service: sns.amazonaws.com }\n            Action: sqs:SendMessage\n            Resource: !GetAtt Q.Arn\n            Condition:\n              ArnEquals:\n                aws:SourceArn: !Ref T\n',
    },
    {
      name: 'CloudWatch Logs in a key policy with the documented encryption-context condition',
      template: key(
        "          - Effect: Allow\n            Principal: { Service: !Sub 'logs.${AWS::Region}.amazonaws.com' }\n            Action: [kms:Encrypt, kms:Decrypt]\n            Resource: '*'\n            Condition:\n              ArnLike:\n                kms:EncryptionContext:aws:logs:arn: !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'\n",
      ),
    },
    {
      name: 'a Deny for a service is a restriction',
      template: topic(publish().replace('Effect: Allow', 'Effect: Deny')),
    },
    {
      name: 'a grant to an account, not a service, is another rule',
      template: topic(
        publish().replace('{ Service: s3.amazonaws.com }', "{ AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }"),
      ),
    },
  ],
  invalid: [
    {
      name: 'S3 may publish to the topic with no source condition',
      template: topic(publish()),
      findings: [
        {
          messageId: 'anySource',
          pointer: '/Resources/TopicPolicy/Properties/PolicyDocument/Statement/0/Principal/Service',
          line: 11,
          column: 26,
          severity: 'warning',
          message: "Topic policy 'TopicPolicy' lets service s3.amazonaws.com act in statement 1 without aws:SourceArn or aws:SourceAccount",
        },
      ],
    },
    {
      name: 'log delivery into a bucket with no source condition',
      template: bucket(
        "          - Sid: LogDelivery\n            Effect: Allow\n            Principal:\n              Service: delivery.logs.amazonaws.com\n            Action: s3:PutObject\n            Resource: !Sub '${Logs.Arn}/*'\n",
      ),
      findings: [
        {
          messageId: 'anySource',
          pointer: '/Resources/LogsPolicy/Properties/PolicyDocument/Statement/0/Principal/Service',
          line: 13,
          column: 15,
          message: "lets service delivery.logs.amazonaws.com act in statement 'LogDelivery'",
        },
      ],
    },
    {
      name: 'SourceAccount under StringEqualsIfExists does not pin the source',
      template: topic(
        publish("            Condition:\n              StringEqualsIfExists:\n                aws:SourceAccount: '111111111111'\n"),
      ),
      findings: [
        {
          messageId: 'anySource',
          pointer: '/Resources/TopicPolicy/Properties/PolicyDocument/Statement/0/Principal/Service',
          line: 11,
          column: 26,
        },
      ],
    },
  ],
});
