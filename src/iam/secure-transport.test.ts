import { describe, expect, it } from 'vitest';
import { graphOf } from '../testing/rule-tester.js';
import { statementsOf } from './policy.js';
import { insecureTransportDenial } from './secure-transport.js';

const head = `Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n`;

function denial(statement: string) {
  const graph = graphOf({
    template: `${head}Resources:\n  Probe:\n    Type: Test::Probe\n    Properties:\n      Doc:\n        Statement:\n${statement}`,
  });
  const probe = graph.stacks[0]!.resourcesById.get('Probe')!;
  const found = insecureTransportDenial(statementsOf(graph, graph.get(probe, 'Properties', 'Doc'))[0]!, 's3');
  return found && found.scope;
}

const deny = (principal: string, action: string, condition: string) =>
  `          - Effect: Deny\n            Principal: ${principal}\n            Action: ${action}\n            Resource: '*'\n            Condition: ${condition}\n`;
const tls = "{ Bool: { 'aws:SecureTransport': 'false' } }";

describe('insecureTransportDenial', () => {
  it('reads the full guard in its usual spellings', () => {
    expect(denial(deny("'*'", "'s3:*'", tls))).toEqual({ full: true, when: [] });
    expect(denial(deny("{ AWS: '*' }", "'*'", '{ BoolIfExists: { AWS:SECURETRANSPORT: false } }'))).toEqual({ full: true, when: [] });
    expect(denial(deny("'*'", "['S3:*']", "{ bool: { 'aws:SecureTransport': ['false'] } }"))).toEqual({ full: true, when: [] });
  });

  it('is undefined for statements that are not TLS guards', () => {
    expect(denial(deny("'*'", "'s3:*'", "{ Bool: { 'aws:SecureTransport': 'true' } }"))).toBeUndefined();
    expect(denial(deny("'*'", "'s3:*'", "{ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }"))).toBeUndefined();
    expect(denial(deny("'*'", "'s3:*'", tls).replace('Effect: Deny', 'Effect: Allow'))).toBeUndefined();
  });

  it('says why a guard falls short', () => {
    expect(denial(deny("{ AWS: 'arn:aws:iam::111122223333:root' }", "'s3:*'", tls))).toEqual({
      full: false,
      shortfall: 'applies only to arn:aws:iam::111122223333:root, not to every principal ("*")',
    });
    expect(denial(deny("'*'", '[s3:GetObject, s3:PutObject]', tls))).toEqual({
      full: false,
      shortfall: 'denies only s3:GetObject, s3:PutObject, not s3:*',
    });
    expect(denial(deny("'*'", "'sqs:*'", tls))).toEqual({ full: false, shortfall: 'denies only sqs:*, not s3:*' });
    expect(
      denial(deny("'*'", "'s3:*'", "{ Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }")),
    ).toEqual({
      full: false,
      shortfall: 'also requires StringNotEquals aws:SourceVpce',
    });
  });

  it('carries the branches of the condition value', () => {
    expect(denial(deny("'*'", "'s3:*'", "{ Bool: { 'aws:SecureTransport': !If [IsProd, 'false', 'true'] } }"))).toEqual({
      full: true,
      when: [{ condition: 'IsProd', holds: true }],
    });
  });
});
