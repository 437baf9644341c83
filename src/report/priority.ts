import type { Finding, Severity } from '../model/types.js';
import { SEVERITY_RANK } from '../model/types.js';

/** What a finding exposes, when it is one of the three kinds a reviewer fixes first. */
export type Exposure = 'world-open port' | 'public bucket' | 'public resource policy' | 'administrator access';

/**
 * The rules (and, where a rule has milder messages, the messages) whose findings expose something directly: a
 * port open to the internet, a bucket others can read or write, a principal that can grant itself anything.
 */
const EXPOSURES: Readonly<Record<string, { exposure: Exposure; except?: readonly string[] }>> = {
  'ec2/no-open-ingress': { exposure: 'world-open port' },
  's3/no-public-acl': { exposure: 'public bucket' },
  // `guarded`: a Deny limits the grant to fixed callers (a VPC endpoint, the organization); not open to the world.
  's3/no-public-bucket-policy': { exposure: 'public bucket', except: ['guarded'] },
  's3/no-website-hosting': { exposure: 'public bucket' },
  // `missing`: no setting, so the AWS default (all four on) applies; not an exposure.
  's3/block-public-access': { exposure: 'public bucket', except: ['missing'] },
  // Any resource policy (topics, queues, keys …): a public bucket only when it is a bucket's policy. `urlUnopened`: a
  // function URL with AuthType NONE that no permission of the input opens; not open yet.
  'iam/no-public-principal': { exposure: 'public resource policy', except: ['urlUnopened', 'guarded'] },
  'iam/principal-least-privilege': { exposure: 'administrator access' },
  'iam/no-allow-not-action': { exposure: 'administrator access' },
};

type Exposed = Pick<Finding, 'ruleId' | 'messageId' | 'resourceType'> & { related?: readonly Exposed[] };

/** What a finding exposes: its own rule's exposure, else that of a related finding it carries (the same problem). */
export function exposureOf(f: Exposed): Exposure | null {
  const e = EXPOSURES[f.ruleId];
  if (e && !e.except?.includes(f.messageId))
    return e.exposure === 'public resource policy' && f.resourceType === 'AWS::S3::BucketPolicy' ? 'public bucket' : e.exposure;
  for (const r of f.related ?? []) {
    const exposure = exposureOf(r);
    if (exposure) return exposure;
  }
  return null;
}

/** One fix: a rule's fix, and the findings and resources it clears. */
export interface FixItem {
  ruleId: string;
  /** The most severe of its findings. */
  severity: Severity;
  exposure: Exposure | null;
  findings: Finding[];
  /** Distinct resources (stack and logical id; the stack itself for stack rules), in run order. */
  resources: string[];
  /** Every finding is about a stack itself (termination protection), not a resource of it. */
  stackLevel: boolean;
  /** Every finding is known in the baseline. */
  known: boolean;
  fix: string;
}

/** The ranking rule, as the reports state it. */
export const RANKING_RULE =
  'Unsuppressed findings, one entry per rule: errors before warnings before notes; within a severity, what the finding exposes first (a port open to the whole internet, a public bucket, administrator access), then the fixes that clear the most resources (at a tie, resources before stack settings). With a baseline, new findings come before known ones.';

/** The unsuppressed findings as fixes, most urgent first, by {@link RANKING_RULE}. Stable and deterministic. */
export function rankFixes(findings: readonly Finding[]): FixItem[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.suppressed) continue;
    let list = byRule.get(f.ruleId);
    if (!list) byRule.set(f.ruleId, (list = []));
    list.push(f);
  }
  const items: FixItem[] = [...byRule].map(([ruleId, list]) => {
    const severity = list.reduce<Severity>((s, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[s] ? f.severity : s), 'note');
    const exposed = list.find((f) => f.severity === severity && exposureOf(f));
    return {
      ruleId,
      severity,
      exposure: exposed ? exposureOf(exposed) : null,
      findings: list,
      resources: [...new Set(list.map(resourceKey))],
      stackLevel: list.every((f) => f.logicalId === null),
      known: list.every((f) => f.baseline === true),
      fix: list[0]!.fix,
    };
  });
  return items.sort(
    (a, b) =>
      Number(a.known) - Number(b.known) ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      Number(b.exposure !== null) - Number(a.exposure !== null) ||
      b.resources.length - a.resources.length ||
      Number(a.stackLevel) - Number(b.stackLevel) ||
      b.findings.length - a.findings.length ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/** A resource's display key: `Stack/LogicalId`, the logical id alone in a plain template, the stack for stack rules. */
export function resourceKey(f: Pick<Finding, 'stack' | 'logicalId' | 'file'>): string {
  if (f.logicalId === null) return f.stack ?? f.file;
  return f.stack ? `${f.stack}/${f.logicalId}` : f.logicalId;
}
