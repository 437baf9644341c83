import { describe, expect, it } from 'vitest';
import { parseYaml } from '../load/yaml.js';
import type { LoadedStack } from '../load/stack.js';
import noOpenIngress from '../rules/ec2/no-open-ingress.js';
import noWildcardActions from '../rules/iam/no-wildcard-actions.js';
import { type Baseline, createBaseline } from './baseline.js';
import { contentPointer } from './fingerprint.js';
import { run } from './run.js';

function scan(text: string, baseline?: Baseline) {
  const stack: LoadedStack = {
    id: 't.yaml',
    name: null,
    template: parseYaml('t.yaml', text),
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
  return run(
    { stacks: [stack], errors: [], files: 1 },
    {
      rules: [noWildcardActions, noOpenIngress],
      asOf: '2026-12-01',
      ...(baseline ? { baseline } : {}),
    },
  );
}

const policy = (statements: string[]) =>
  `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n${statements.join('')}`;
const statement = (action: string, sid?: string) =>
  `          - ${sid ? `Sid: ${sid}\n            ` : ''}Effect: Allow\n            Action: '${action}'\n            Resource: arn:aws:s3:::b/*\n`;
const group = (rules: string[]) =>
  `Resources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n${rules.join('')}`;
const ingress = (port: number, cidr = '0.0.0.0/0', description = 'rule') =>
  `        - IpProtocol: tcp\n          FromPort: ${port}\n          ToPort: ${port}\n          CidrIp: ${cidr}\n          Description: ${description}\n`;

const prints = (text: string, ruleId: string) =>
  scan(text)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.fingerprint);

describe('content identity of list items in fingerprints', () => {
  const wild = statement('s3:*', 'AllS3');
  const other = statement('sqs:SendMessage', 'Send');

  it('keeps a statement finding when a statement is inserted in front of it', () => {
    const before = prints(policy([wild]), 'iam/no-wildcard-actions');
    expect(before).toHaveLength(1);
    expect(prints(policy([other, wild]), 'iam/no-wildcard-actions')).toEqual(before);
  });

  it('keeps it through a reorder, and for statements without a Sid (by their content)', () => {
    const a = statement('s3:*');
    const b = statement('dynamodb:*');
    const before = prints(policy([a, b]), 'iam/no-wildcard-actions').sort();
    expect(before).toHaveLength(2);
    expect(prints(policy([b, a]), 'iam/no-wildcard-actions').sort()).toEqual(before);
    expect(prints(policy([statement('kms:Decrypt'), b, statement('sns:Publish'), a]), 'iam/no-wildcard-actions').sort()).toEqual(before);
  });

  it('tells two identical statements apart, and a changed statement is a new finding', () => {
    const twice = prints(policy([statement('s3:*'), statement('s3:*')]), 'iam/no-wildcard-actions');
    expect(new Set(twice).size).toBe(2);
    expect(prints(policy([statement('s3:*', 'Renamed')]), 'iam/no-wildcard-actions')).not.toEqual(
      prints(policy([statement('s3:*', 'AllS3')]), 'iam/no-wildcard-actions'),
    );
  });

  it('keeps an ingress finding when a rule is inserted before it, or its description changes', () => {
    const before = prints(group([ingress(22)]), 'ec2/no-open-ingress');
    expect(before).toHaveLength(1);
    expect(prints(group([ingress(443, '10.0.0.0/8'), ingress(22)]), 'ec2/no-open-ingress')).toEqual(before);
    expect(prints(group([ingress(22, '0.0.0.0/0', 'bastion, reviewed')]), 'ec2/no-open-ingress')).toEqual(before);
    // Another port is another finding.
    expect(prints(group([ingress(3389)]), 'ec2/no-open-ingress')).not.toEqual(before);
  });

  it('is what a baseline records, and the baseline survives the insert', () => {
    const baseline = createBaseline(scan(group([ingress(22)])).findings);
    const after = scan(group([ingress(80, '10.0.0.0/8'), ingress(22)]), baseline);
    expect(after.findings.filter((f) => f.ruleId === 'ec2/no-open-ingress').map((f) => f.baseline)).toEqual([true]);
    expect(after.baseline!.stale).toEqual([]);
  });

  it('still matches baselines written with positional fingerprints', () => {
    // What StackWarden 0.1 (positional fingerprints) wrote for this finding: pointer .../Statement/1/Action and
    // "statement 2" in the message data.
    const old = 'c8e9a486d93865dd5f5a3a24424bbfa7';
    const text = policy([other, statement('s3:*')]);
    const finding = scan(text).findings.find((f) => f.ruleId === 'iam/no-wildcard-actions')!;
    expect(finding.fingerprint).not.toBe(old);
    const legacyBaseline = {
      version: 1 as const,
      findings: [{ fingerprint: old, ruleId: finding.ruleId, file: 't.yaml', logicalId: 'P', message: '' }],
    };
    const applied = scan(text, legacyBaseline);
    expect(applied.findings.find((f) => f.ruleId === 'iam/no-wildcard-actions')!.baseline).toBe(true);
    expect(applied.baseline!.stale).toEqual([]);
    // Written again, the baseline holds the content fingerprint.
    expect(createBaseline(applied.findings).findings.map((e) => e.fingerprint)).toEqual([finding.fingerprint]);
  });
});

describe('contentPointer', () => {
  const doc = { S: [{ Sid: 'A' }, { Effect: 'Allow' }, { Effect: 'Allow' }, 'x'] };
  it('replaces indexes by the identity of the items, and keeps what does not exist', () => {
    expect(contentPointer(doc, '/S/0/Effect')).toBe('/S/[sid:A]/Effect');
    expect(contentPointer(doc, '/S/1')).not.toBe(contentPointer(doc, '/S/2'));
    expect(contentPointer(doc, '/S/2')).toBe(`${contentPointer(doc, '/S/1')}~1`.replace(']~1', '~1]'));
    expect(contentPointer(doc, '/S/9')).toBe('/S/[9]');
    expect(contentPointer(doc, '/Plain/key')).toBe('/Plain/key');
  });
});
