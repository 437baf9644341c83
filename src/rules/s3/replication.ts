import type { NodeRef, Resolved, Resource, Stack } from '../../graph/query.js';
import {
  alternatives,
  describeBranches,
  isLiteral,
  listItems,
  matchableText,
  nodeWithin,
  renderText,
  whyUnknown,
} from '../../graph/query.js';
import { receivesReplication } from '../../iam/replica.js';
import { defineRule } from '../define.js';
import type { RuleContext } from '../define.js';

/** What is known about where one replication rule copies to. */
type Verdict =
  | { kind: 'cross' }
  | { kind: 'same'; destination: string; why: string }
  | { kind: 'unknown'; destination: string; reason: string };

export default defineRule({
  id: 's3/replication',
  title: 'S3 buckets replicate to a bucket in another region',
  description:
    'The guidance: "Enable cross-region replication as a disaster recovery strategy." A bucket passes when an enabled ' +
    "replication rule copies to a bucket in another region. The destination's region comes from its stack's " +
    'environment in the cloud assembly (manifest.json), whether the destination is written as Fn::GetAtt, Fn::Sub, ' +
    'Fn::ImportValue from another stack, a literal arn:aws:s3:::name of a bucket in the input, or one of the two shapes ' +
    'the CDK writes for references between regions (Fn::GetStackOutput, and the Custom::CrossRegionExportReader that ' +
    "reads what the producing stack's Custom::CrossRegionExportWriter put in SSM); a destination in the same stack is " +
    'in the same region. No replication, no enabled rule, or only same-region destinations are warnings (errors under ' +
    'the strict profile): the guidance states replication as a strategy to enable, and a bucket of reproducible data may ' +
    'reasonably go without. A bucket that is itself the destination of replication in the input, or whose bucket ' +
    'policy allows s3:ReplicateObject (the grant a replication role of another account or stack needs to write into ' +
    'it), is the disaster-recovery copy and passes without replication of its own: asking the copy to replicate again would only ' +
    'chain copies (or loop back to the source), and whether the copy lies in another region is judged on the source ' +
    'bucket, where the fix belongs. When the destination region cannot be known (a bucket outside the input, an ' +
    'environment-agnostic stack, a plain template), a note says why.',
  fix:
    'Add ReplicationConfiguration with a Role and an enabled rule whose Destination.Bucket is a versioned bucket in ' +
    'another region (both buckets need VersioningConfiguration Enabled). CDK: `replicationRules: [{ destination: ' +
    'replicaBucket, priority: 1 }]` on s3.Bucket, with the replica in a stack whose env has another region.',
  controls: ['S3-6'],
  severity: 'warning',
  appliesTo: ['AWS::S3::Bucket'],
  peers: {
    cdkNag: [
      'HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'PCI.DSS.321-S3BucketReplicationEnabled',
    ],
    securityHub: ['S3.7'],
  },
  messages: {
    none: "Bucket '{{bucket}}' has no replication configuration{{when}}: no copy of its objects exists in another region for disaster recovery.",
    noEnabledRule: "Bucket '{{bucket}}' has a replication configuration with no enabled rule{{when}}.",
    sameRegion:
      "Bucket '{{bucket}}' replicates to {{destination}}{{when}}, {{why}}: a same-region copy does not survive a regional outage.",
    unknownConfig:
      "Bucket '{{bucket}}' has a replication configuration not known before deployment{{when}} ({{reason}}), so whether it replicates to another region cannot be checked.",
    unknownRegion: "Bucket '{{bucket}}' replicates to {{destination}}{{when}}, but its region cannot be known: {{reason}}.",
  },
  *check(bucket, ctx) {
    const severity = ctx.options.profile === 'strict' ? 'error' : 'warning';
    const config = ctx.graph.get(bucket, 'Properties', 'ReplicationConfiguration');
    for (const { when, value } of alternatives(config)) {
      const data = { bucket: bucket.logicalId, when: describeBranches(when) };
      if (value.kind === 'absent') {
        // The disaster-recovery copy of another bucket need not replicate itself: a bucket of the input replicates
        // to it, or its bucket policy lets a replication role from elsewhere write replicas (s3:ReplicateObject).
        if (
          ctx.graph.referencing(bucket, 'AWS::S3::Bucket', 'ReplicationConfiguration').length === 0 &&
          !receivesReplication(ctx.graph, bucket)
        )
          yield { at: nodeWithin(bucket, [value, config]), messageId: 'none', data, severity };
        continue;
      }
      if (value.kind !== 'object') {
        yield {
          at: nodeWithin(bucket, [value, config]),
          messageId: 'unknownConfig',
          data: { ...data, reason: whyUnknown(value) },
          severity: 'note',
        };
        continue;
      }
      const verdicts: { when: string; conditional: boolean; verdict: Verdict; at: NodeRef }[] = [];
      for (const rule of listItems(ctx.graph.get(value, 'Rules'))) {
        if (rule.item.kind !== 'object') continue;
        for (const status of alternatives(ctx.graph.get(rule.item, 'Status'))) {
          if (isLiteral(status.value, 'Disabled')) continue;
          const destination = ctx.graph.get(rule.item, 'Destination', 'Bucket');
          for (const dest of alternatives(destination)) {
            const inner = [...rule.when, ...status.when, ...dest.when];
            const branch = describeBranches([...when, ...inner]);
            const verdict = isLiteral(status.value, 'Enabled')
              ? judge(ctx, bucket, dest.value)
              : {
                  kind: 'unknown' as const,
                  destination: describe(dest.value),
                  reason: 'whether the rule is enabled is not known before deployment',
                };
            // A destination read from another stack (Fn::ImportValue) is pointed at where this template writes it.
            const written = { stack: rule.item.at.stack, pointer: `${rule.item.at.pointer}/Destination/Bucket`, value: undefined };
            verdicts.push({
              when: branch,
              conditional: inner.length > 0,
              verdict,
              at: nodeWithin(bucket, [dest.value, written, rule.item], ['Properties', 'ReplicationConfiguration']),
            });
          }
        }
      }
      // One rule that always copies to another region meets the control; a conditional one excuses no other branch.
      if (verdicts.some((v) => v.verdict.kind === 'cross' && !v.conditional)) continue;
      if (verdicts.length === 0)
        yield { at: nodeWithin(bucket, [ctx.graph.get(value, 'Rules'), value]), messageId: 'noEnabledRule', data, severity };
      for (const { when: w, verdict, at } of verdicts) {
        if (verdict.kind === 'same')
          yield { at, messageId: 'sameRegion', data: { ...data, when: w, destination: verdict.destination, why: verdict.why }, severity };
        else if (verdict.kind === 'unknown')
          yield {
            at,
            messageId: 'unknownRegion',
            data: { ...data, when: w, destination: verdict.destination, reason: verdict.reason },
            severity: 'note',
          };
      }
    }
  },
});

/** Where one destination is, compared with the source bucket's region. */
function judge(ctx: RuleContext, source: Resource, destination: Resolved): Verdict {
  const target = destinationBucket(ctx, destination);
  if (!target) {
    const arn = /^arn:[^:]*:s3:::([^/\u0000]+)$/.exec(matchableText(destination) ?? '');
    if (arn)
      return {
        kind: 'unknown',
        destination: `bucket '${arn[1]}'`,
        reason: `no bucket named '${arn[1]}' is defined in this input, so its stack and region are not known`,
      };
    const reason =
      destination.kind === 'unknown' ? destination.reason : `the destination ${describe(destination)} is not known before deployment`;
    return { kind: 'unknown', destination: describe(destination), reason };
  }
  const name = `'${target.logicalId}'${target.stack === source.stack ? '' : ` in stack ${stackName(target.stack)}`}`;
  if (ctx.graph.rootStack(target.stack) === ctx.graph.rootStack(source.stack))
    return { kind: 'same', destination: name, why: 'in the same stack, so in the same region' };
  const [from, to] = [source.stack.env.region, target.stack.env.region];
  if (from && to) return from === to ? { kind: 'same', destination: name, why: `both in ${from}` } : { kind: 'cross' };
  const agnostic = [source.stack, target.stack]
    .filter((s) => !s.env.region)
    .map((s) =>
      s.declaredAt
        ? `stack ${stackName(s)} is environment-agnostic (manifest.json gives no region)`
        : `${s.template.file} is a plain template (its region is chosen when its stack is created)`,
    );
  return { kind: 'unknown', destination: name, reason: agnostic.join('; ') };
}

/** The bucket of the input a destination designates: by reference (GetAtt, Sub, Join, ImportValue) or by ARN. */
function destinationBucket(ctx: RuleContext, destination: Resolved): Resource | undefined {
  const parts = destination.kind === 'text' ? destination.parts : [destination];
  const ref = parts.find(
    (p): p is Extract<Resolved, { kind: 'ref' }> => typeof p !== 'string' && p.kind === 'ref' && p.resource.type === 'AWS::S3::Bucket',
  );
  if (ref) return ref.resource;
  const text = matchableText(destination);
  const named = text === undefined ? undefined : ctx.graph.resourceNamed(text);
  return named?.type === 'AWS::S3::Bucket' ? named : undefined;
}

function stackName(stack: Stack): string {
  return stack.name ?? stack.id;
}

function describe(value: Resolved): string {
  const text = value.kind === 'unknown' ? undefined : renderText(value);
  return text === undefined ? 'a destination not known before deployment' : `'${text}'`;
}
