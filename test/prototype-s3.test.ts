import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/engine/run.js';
import { loadInputs } from '../src/load/discover.js';
import type { Profile } from '../src/rules/define.js';
import s3EncryptionAtRest from '../src/rules/s3/encryption-at-rest.js';
import s3LeastPrivilegePolicy from '../src/rules/s3/least-privilege-policy.js';
import s3NoPublicAcl from '../src/rules/s3/no-public-acl.js';
import s3NoPublicBucketPolicy from '../src/rules/s3/no-public-bucket-policy.js';
import s3NoWebsiteHosting from '../src/rules/s3/no-website-hosting.js';
import s3ObjectOwnership from '../src/rules/s3/object-ownership.js';
import s3TlsOnly from '../src/rules/s3/tls-only.js';
import s3Versioning from '../src/rules/s3/versioning.js';

/** The S3-1 (extras) to S3-5 rules on the bundled prototype: what they must report, and nothing else. */
const rules = [
  s3EncryptionAtRest,
  s3LeastPrivilegePolicy,
  s3NoPublicAcl,
  s3NoPublicBucketPolicy,
  s3NoWebsiteHosting,
  s3ObjectOwnership,
  s3TlsOnly,
  s3Versioning,
];
const cwd = fileURLToPath(new URL('..', import.meta.url));
const scan = (path: string, profile: Profile) =>
  run(loadInputs([path], { cwd }), { rules, profile }).findings.map(
    (f) => `${f.severity} ${f.ruleId}/${f.messageId} ${f.file}:${f.range.start.line}:${f.range.start.column}`,
  );

const data = 'examples/prototype/cdk.out/PrototypeDataStack.template.json:3:3';
const app = 'examples/prototype/cdk.out/PrototypeStack.template.json:116:3';

describe('prototype (S3-1 to S3-5 rules)', () => {
  it('reports the missing TLS guard and versioning on both default buckets, and notes the defaults they rely on', () => {
    expect(scan('examples/prototype/cdk.out', 'recommended')).toEqual([
      `note s3/encryption-at-rest/missing ${data}`,
      `note s3/object-ownership/missing ${data}`,
      `error s3/tls-only/noPolicy ${data}`,
      `warning s3/versioning/missing ${data}`,
      `note s3/encryption-at-rest/missing ${app}`,
      `note s3/object-ownership/missing ${app}`,
      `error s3/tls-only/noPolicy ${app}`,
      `warning s3/versioning/missing ${app}`,
    ]);
  });

  it('turns every absent setting into an error under the strict profile', () => {
    const findings = scan('examples/prototype/cdk.out', 'strict');
    expect(findings).toHaveLength(8);
    expect(findings.every((f) => f.startsWith('error '))).toBe(true);
  });

  it('reports the same for the hand-written template, pointing into its Properties', () => {
    expect(scan('examples/templates/prototype.yaml', 'recommended')).toEqual([
      'error s3/tls-only/noPolicy examples/templates/prototype.yaml:96:3',
      'note s3/encryption-at-rest/missing examples/templates/prototype.yaml:98:5',
      'note s3/object-ownership/missing examples/templates/prototype.yaml:98:5',
      'warning s3/versioning/missing examples/templates/prototype.yaml:98:5',
      'error s3/tls-only/noPolicy examples/templates/prototype.yaml:103:3',
      'note s3/encryption-at-rest/missing examples/templates/prototype.yaml:105:5',
      'note s3/object-ownership/missing examples/templates/prototype.yaml:105:5',
      'warning s3/versioning/missing examples/templates/prototype.yaml:105:5',
    ]);
  });
});
