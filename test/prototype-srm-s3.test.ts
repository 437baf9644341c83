import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../src/engine/run.js';
import { loadInputs } from '../src/load/discover.js';
import ec2NoOpenIngress from '../src/rules/ec2/no-open-ingress.js';
import elasticbeanstalkManagedUpdates from '../src/rules/elasticbeanstalk/managed-updates.js';
import lambdaRuntimeDeprecated from '../src/rules/lambda/runtime-deprecated.js';
import rdsAutoMinorVersionUpgrade from '../src/rules/rds/auto-minor-version-upgrade.js';
import s3MfaDelete from '../src/rules/s3/mfa-delete.js';
import s3Replication from '../src/rules/s3/replication.js';

/** The SRM-1, SRM-2, S3-6 and S3-7 rules on the bundled prototype: what they must report, and nothing else. */
const rules = [
  ec2NoOpenIngress,
  elasticbeanstalkManagedUpdates,
  lambdaRuntimeDeprecated,
  rdsAutoMinorVersionUpgrade,
  s3MfaDelete,
  s3Replication,
];
const cwd = fileURLToPath(new URL('..', import.meta.url));
const scan = (path: string, asOf: string) =>
  run(loadInputs([path], { cwd }), { rules, asOf }).findings.map(
    (f) => `${f.severity} ${f.ruleId}/${f.messageId} ${f.file}:${f.range.start.line}:${f.range.start.column} ${f.message}`,
  );

describe('prototype (SRM and S3-6/S3-7 rules)', () => {
  it('reports the open SSH group, the runtime and the missing replication in the CDK assembly', () => {
    expect(scan('examples/prototype/cdk.out', '2026-11-28')).toEqual([
      "warning s3/replication/none examples/prototype/cdk.out/PrototypeDataStack.template.json:3:3 Bucket 'ReplicaBucketB570B599' has no replication configuration: no copy of its objects exists in another region for disaster recovery.",
      "error lambda/runtime-deprecated/deprecated examples/prototype/cdk.out/PrototypeStack.template.json:106:5 Function 'Handler886CB40B' uses runtime nodejs20.x, deprecated since 2026-04-30: Lambda no longer patches it; move to nodejs24.x.",
      "warning s3/replication/none examples/prototype/cdk.out/PrototypeStack.template.json:116:3 Bucket 'Bucket83908E77' has no replication configuration: no copy of its objects exists in another region for disaster recovery.",
      "error ec2/no-open-ingress/sensitive examples/prototype/cdk.out/PrototypeStack.template.json:154:7 Security group 'SshSecurityGroup' allows tcp port 22 from 0.0.0.0/0: SSH (22) reachable from the whole internet.",
    ]);
  });

  it('reports SSH on 0.0.0.0/0 and RDP on ::/0 in the hand-written template, and warns before the runtime deprecation', () => {
    expect(scan('examples/templates/prototype.yaml', '2026-01-01')).toEqual([
      "warning lambda/runtime-deprecated/deprecating examples/templates/prototype.yaml:85:7 Function 'Function' uses runtime nodejs20.x, which AWS deprecates on 2026-04-30, within 180 days; move to nodejs24.x.",
      "warning s3/replication/none examples/templates/prototype.yaml:98:5 Bucket 'Bucket' has no replication configuration: no copy of its objects exists in another region for disaster recovery.",
      "warning s3/replication/none examples/templates/prototype.yaml:105:5 Bucket 'ReplicaBucket' has no replication configuration: no copy of its objects exists in another region for disaster recovery.",
      "error ec2/no-open-ingress/sensitive examples/templates/prototype.yaml:121:11 Security group 'SG' allows tcp port 22 from 0.0.0.0/0: SSH (22) reachable from the whole internet.",
      "error ec2/no-open-ingress/sensitive examples/templates/prototype.yaml:131:7 Ingress 'RdpIngress' of security group 'SG' allows tcp port 3389 from ::/0: RDP (3389) reachable from the whole internet.",
    ]);
  });
});
