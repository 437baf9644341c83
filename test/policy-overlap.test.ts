import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/engine/run.js';
import { loadInputs } from '../src/load/discover.js';
import { rules } from '../src/rules/index.js';

/**
 * The S3 and IAM rules look at the same resource policies. Each statement's problem must be reported once, by the
 * rule that owns it, with every control it breaks: see the descriptions of s3/no-public-bucket-policy,
 * s3/least-privilege-policy, iam/no-public-principal, iam/no-wildcard-actions and iam/no-allow-not-action.
 */
const template = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:*
            Resource: !Sub '\${Bucket.Arn}/*'
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/app' }
            NotAction: s3:DeleteBucket
            Resource: !Sub '\${Bucket.Arn}/*'
          - Effect: Allow
            NotPrincipal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:role/app' }
            Action: s3:GetObject
            Resource: !Sub '\${Bucket.Arn}/*'
          - Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource: [!GetAtt Bucket.Arn, !Sub '\${Bucket.Arn}/*']
            Condition:
              Bool:
                aws:SecureTransport: false
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: sqs:*
            Resource: '*'
`;

const dir = mkdtempSync(join(tmpdir(), 'stackwarden-overlap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('S3 and IAM rules on the same policies', () => {
  it('report each problem of a statement once, with all the controls it breaks', () => {
    writeFileSync(join(dir, 't.yaml'), template);
    const findings = run(loadInputs(['t.yaml'], { cwd: dir }), { rules }).findings.filter(
      (f) => f.logicalId === 'BucketPolicy' || f.logicalId === 'QueuePolicy',
    );
    const statement = (n: number) => `/Resources/BucketPolicy/Properties/PolicyDocument/Statement/${n}`;
    expect(findings.map((f) => `${f.ruleId}/${f.messageId} ${f.controls.join(',')} ${f.pointer}`).sort()).toEqual(
      [
        `s3/no-public-bucket-policy/public S3-1,IAM-2 ${statement(0)}/Principal`,
        `s3/least-privilege-policy/broadAction S3-2,IAM-2 ${statement(0)}/Action`,
        `iam/no-allow-not-action/notAction IAM-2 ${statement(1)}/NotAction`,
        `s3/least-privilege-policy/notPrincipal S3-2,IAM-2 ${statement(2)}/NotPrincipal`,
        'iam/no-public-principal/public IAM-2 /Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Principal',
        'iam/no-wildcard-actions/service IAM-2 /Resources/QueuePolicy/Properties/PolicyDocument/Statement/0/Action',
      ].sort(),
    );
  });
});
