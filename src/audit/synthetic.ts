import { AWS_NAMING } from '../aws/names.js';
import { placeOf } from '../engine/locate.js';
import { Graph } from '../graph/build.js';
import { parseJson } from '../load/json.js';
import type { LoadedStack } from '../load/stack.js';
import type { RuleModule, RuleOptions } from '../rules/define.js';
import type { AuditSink, LiveResource } from './findings.js';

/**
 * One live resource written as the CloudFormation resource that would declare it. The audit reads live policy
 * documents, security-group rules and function runtimes through the same graph, IAM layer and rules as the
 * static scan: no second IAM parser, and the findings carry the rules' own messages.
 */
export interface SyntheticResource {
  /** Unique in the synthetic template; messages name the resource by it (the bucket, role or group name). */
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  /** The live resource a finding on this synthetic resource belongs to. */
  live: LiveResource;
  /**
   * How pointers map back into the live configuration: the synthetic property path `from` (under `Properties`)
   * reads as `to` (`PolicyDocument` of a bucket policy is the live `/Policy`). Pointers outside it keep their path
   * under `Properties`.
   */
  rename?: { from: string; to: string };
}

/** Where synthetic templates say they come from; never a file. */
const SYNTHETIC_FILE = 'live-account.template.json';

/**
 * Runs `rules` over live resources written as one synthetic template, and records each report as a live finding.
 * Links between the resources (a bucket policy's `Bucket`, a role's customer managed policies) are written as
 * `Ref`s, so the graph links them as it links a template's. A rule that throws is recorded as an error entry for
 * the resource; the other rules still run.
 */
export function evaluateSynthetic(
  resources: readonly SyntheticResource[],
  rules: readonly RuleModule[],
  options: RuleOptions,
  env: { account: string; region: string | null },
  sink: AuditSink,
): void {
  if (resources.length === 0) return;
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const template = {
    Resources: Object.fromEntries(resources.map((r) => [r.logicalId, { Type: r.type, Properties: r.properties }])),
  };
  const stack: LoadedStack = {
    id: SYNTHETIC_FILE,
    name: null,
    template: parseJson(SYNTHETIC_FILE, JSON.stringify(template)),
    env,
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
  const graph = new Graph([stack], AWS_NAMING);
  const built = graph.stacks[0]!;
  const ctx = { graph, stack: built, options };
  for (const resource of built.resources) {
    const synthetic = byId.get(resource.logicalId)!;
    for (const rule of rules) {
      if (rule.appliesTo === 'stack' || !rule.appliesTo.includes(resource.type) || !sink.active(rule)) continue;
      sink.check(rule, synthetic.live);
      try {
        for (const report of rule.check(resource, ctx)) {
          const place = placeOf(report.at, () => built);
          const target = byId.get((report.resource ?? place.resource ?? resource).logicalId) ?? synthetic;
          sink.report(rule, target.live, {
            pointer: livePointer(place.pointer, target),
            messageId: report.messageId,
            ...(report.data ? { data: report.data } : {}),
            ...(report.severity ? { severity: report.severity } : {}),
            ...(report.detail ? { detail: report.detail } : {}),
            ...(report.suggestion ? { suggestion: report.suggestion } : {}),
          });
        }
      } catch (error) {
        sink.error({
          file: synthetic.live.arn,
          code: 'AWS_ERROR',
          message: `Rule '${rule.id}' failed on the live configuration of ${synthetic.live.arn}: ${error instanceof Error ? error.message : String(error)}`,
          line: 1,
          column: 1,
          account: synthetic.live.account,
          region: synthetic.live.region,
        });
      }
    }
  }
}

/** `/Resources/<id>/Properties/PolicyDocument/Statement/0` → `/Policy/Statement/0` (see `SyntheticResource.rename`). */
function livePointer(pointer: string, resource: SyntheticResource): string {
  const prefix = `/Resources/${resource.logicalId.replace(/~/g, '~0').replace(/\//g, '~1')}/Properties`;
  if (!pointer.startsWith(prefix)) return '';
  const rest = pointer.slice(prefix.length);
  const { rename } = resource;
  if (rename && (rest === `/${rename.from}` || rest.startsWith(`/${rename.from}/`))) return rename.to + rest.slice(rename.from.length + 1);
  return rest;
}
