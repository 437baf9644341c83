import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './replication.js';

const source = (destination: string, extra = '', head = '') =>
  `${head}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n      ReplicationConfiguration:\n        Role: arn:aws:iam::111111111111:role/replication\n        Rules:\n          - Status: Enabled\n            Destination:\n              Bucket: ${destination}\n${extra}`;
const replicaStack = (name: string | null) =>
  `Resources:\n  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n${name ? `      BucketName: ${name}\n` : ''}      VersioningConfiguration:\n        Status: Enabled\nOutputs:\n  ReplicaArn:\n    Value: !GetAtt Replica.Arn\n    Export:\n      Name: replica-arn\n`;
const env = (region: string | null) => ({ account: '111111111111', region });
const inAssembly = (name: string, region: string | null) => ({ name, env: env(region), manifest: '{"version": "1", "artifacts": {}}' });
const local = '  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n';
/** A versioned bucket whose policy grants a replication role of another account the given actions. */
const replicaFromElsewhere = (action: string) => `Resources:
  Copy:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: { Status: Enabled }
  CopyPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Copy
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:role/replication }
            Action: ${action}
            Resource: !Sub '\${Copy.Arn}/*'
`;
const conditions = 'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'the destination of replication from another account: its policy lets the source role write replicas',
      template: replicaFromElsewhere('[s3:ReplicateObject, s3:ReplicateDelete, s3:ReplicateTags]'),
    },
    {
      name: 'to another region through Fn::ImportValue',
      template: source('!ImportValue replica-arn'),
      stack: inAssembly('Data', 'us-east-1'),
      others: [{ template: replicaStack(null), stack: inAssembly('Replica', 'eu-west-1') }],
    },
    {
      name: 'to a literal ARN of a bucket of another stack in another region',
      template: source('arn:aws:s3:::dr-copy'),
      stack: inAssembly('Data', 'us-east-1'),
      others: [{ template: replicaStack('dr-copy'), stack: inAssembly('Replica', 'eu-west-1') }],
    },
    {
      name: 'to an ARN built with Fn::Sub and AWS::Partition',
      template: source("!Sub 'arn:${AWS::Partition}:s3:::dr-copy'"),
      stack: inAssembly('Data', 'us-east-1'),
      others: [{ template: replicaStack('dr-copy'), stack: inAssembly('Replica', 'eu-west-1') }],
    },
    {
      name: 'one cross-region rule is enough',
      template:
        source('!ImportValue replica-arn').replace(
          '          - Status: Enabled\n',
          '          - Status: Enabled\n            Destination:\n              Bucket: !GetAtt Local.Arn\n          - Status: Enabled\n',
        ) + local.replace('Replica', 'Local'),
      stack: inAssembly('Data', 'us-east-1'),
      others: [{ template: replicaStack(null), stack: inAssembly('Replica', 'eu-west-1') }],
    },
    {
      name: 'the destination of replication is the disaster-recovery copy',
      template: replicaStack('dr-copy'),
      stack: inAssembly('Replica', 'eu-west-1'),
      others: [{ template: source('arn:aws:s3:::dr-copy'), stack: inAssembly('Data', 'us-east-1') }],
    },
  ],
  invalid: [
    {
      name: 'a bucket policy granting s3:* to another account does not make the bucket a replica',
      template: replicaFromElsewhere("'s3:*'"),
      findings: [{ messageId: 'none', pointer: '/Resources/Copy/Properties', line: 4, column: 5, severity: 'warning' }],
    },
    {
      name: 'no replication at all',
      template: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
      findings: [
        {
          messageId: 'none',
          pointer: '/Resources/Bucket',
          line: 2,
          column: 3,
          severity: 'warning',
          message: "Bucket 'Bucket' has no replication configuration: no copy of its objects exists in another region",
        },
      ],
    },
    {
      name: 'the strict profile makes it an error',
      template: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
      options: { profile: 'strict' },
      findings: [{ messageId: 'none', pointer: '/Resources/Bucket', line: 2, column: 3, severity: 'error' }],
    },
    {
      name: 'a destination in the same stack is in the same region',
      template: source('!GetAtt Replica.Arn', local),
      findings: [
        {
          messageId: 'sameRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules/0/Destination/Bucket',
          line: 12,
          column: 15,
          severity: 'warning',
          message:
            "Bucket 'Bucket' replicates to 'Replica', in the same stack, so in the same region: a same-region copy does not survive a regional outage.",
        },
      ],
    },
    {
      name: 'a destination stack in the same region',
      template: source('!ImportValue replica-arn'),
      stack: inAssembly('Data', 'us-east-1'),
      others: [{ template: replicaStack(null), stack: inAssembly('Replica', 'us-east-1') }],
      findings: [
        {
          messageId: 'sameRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules/0/Destination/Bucket',
          line: 12,
          column: 15,
          message: "replicates to 'Replica' in stack Replica, both in us-east-1",
        },
      ],
    },
    {
      name: 'a literal ARN of a bucket outside the input is a note',
      template: source('arn:aws:s3:::somewhere-else'),
      stack: inAssembly('Data', 'us-east-1'),
      findings: [
        {
          messageId: 'unknownRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules/0/Destination/Bucket',
          line: 12,
          column: 15,
          severity: 'note',
          message:
            "replicates to bucket 'somewhere-else', but its region cannot be known: no bucket named 'somewhere-else' is defined in this input",
        },
      ],
    },
    {
      name: 'an environment-agnostic destination stack is a note',
      template: source('!ImportValue replica-arn'),
      stack: inAssembly('Data', 'us-east-1'),
      others: [{ template: replicaStack(null), stack: inAssembly('Replica', null) }],
      findings: [
        {
          messageId: 'unknownRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules/0/Destination/Bucket',
          line: 12,
          column: 15,
          severity: 'note',
          message: 'stack Replica is environment-agnostic (manifest.json gives no region)',
        },
      ],
    },
    {
      name: 'plain templates have no region',
      template: source('arn:aws:s3:::dr-copy'),
      others: [{ template: replicaStack('dr-copy') }],
      findings: [
        {
          messageId: 'unknownRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules/0/Destination/Bucket',
          line: 12,
          column: 15,
          severity: 'note',
          message: 'template.yaml is a plain template (its region is chosen when its stack is created); other1.yaml is a plain template',
        },
      ],
    },
    {
      name: 'an export outside the input is a note with the reason',
      template: source('!ImportValue elsewhere'),
      findings: [
        {
          messageId: 'unknownRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules/0/Destination/Bucket',
          line: 12,
          column: 15,
          severity: 'note',
          message:
            "replicates to a destination not known before deployment, but its region cannot be known: Fn::ImportValue 'elsewhere' is exported by a stack outside this input.",
        },
      ],
    },
    {
      name: 'a configuration that cannot be read is a note',
      template:
        'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      ReplicationConfiguration: !ImportValue shared-replication\n',
      findings: [
        {
          messageId: 'unknownConfig',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration',
          line: 5,
          column: 7,
          severity: 'note',
          message: "Fn::ImportValue 'shared-replication' is exported by a stack outside this input",
        },
      ],
    },
    {
      name: 'every rule disabled',
      template: source('!GetAtt Replica.Arn', local).replace(
        'Status: Enabled\n            Destination',
        'Status: Disabled\n            Destination',
      ),
      findings: [
        {
          messageId: 'noEnabledRule',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules',
          line: 9,
          column: 9,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a cross-region branch does not excuse the other branch',
      template: source('!If [IsProd, !ImportValue replica-arn, !GetAtt Replica.Arn]', local, conditions),
      stack: inAssembly('Data', 'us-east-1'),
      others: [{ template: replicaStack(null), stack: inAssembly('Replica', 'eu-west-1') }],
      findings: [
        {
          messageId: 'sameRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Rules/0/Destination/Bucket/Fn::If/2',
          line: 17,
          column: 62,
          message: "replicates to 'Replica' (when IsProd is false), in the same stack",
        },
      ],
    },
    {
      name: 'replication removed on one branch',
      template: `${conditions}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      ReplicationConfiguration: !If\n        - IsProd\n        - Role: r\n          Rules:\n            - Status: Enabled\n              Destination:\n                Bucket: arn:aws:s3:::elsewhere\n        - !Ref AWS::NoValue\n`,
      findings: [
        {
          messageId: 'unknownRegion',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Fn::If/1/Rules/0/Destination/Bucket',
          line: 16,
          column: 17,
          severity: 'note',
          message: '(when IsProd is true)',
        },
        {
          messageId: 'none',
          pointer: '/Resources/Bucket/Properties/ReplicationConfiguration/Fn::If/2',
          line: 17,
          column: 11,
          message: 'no replication configuration (when IsProd is false)',
        },
      ],
    },
  ],
});
