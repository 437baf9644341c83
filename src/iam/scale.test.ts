import { describe, expect, it } from 'vitest';
import { AWS_NAMING } from '../aws/names.js';
import { run } from '../engine/run.js';
import { Graph } from '../graph/build.js';
import { parseJson } from '../load/json.js';
import type { LoadedStack } from '../load/stack.js';
import noWildcardActions from '../rules/iam/no-wildcard-actions.js';
import principalLeastPrivilege from '../rules/iam/principal-least-privilege.js';
import { policiesOf } from './attached.js';
import { expandAction } from './catalog.js';

/**
 * Near-linear IAM work on generated inputs (issue: 20,000 policies on one role took 54 s, 10,000 distinct partial
 * wildcards 40 s). Each test times the same work at n and 4n, after a warm-up: linear work grows about 4×, quadratic
 * 16×; the bound of 9× (and a generous absolute budget) fails a quadratic implementation by a wide margin while
 * leaving room for a busy machine.
 */
function stackOf(template: object): LoadedStack {
  return {
    id: 't.json',
    name: null,
    template: parseJson('t.json', JSON.stringify(template)),
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
}

const trust = { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

function rolePolicies(n: number): object {
  const resources: Record<string, object> = { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust } } };
  for (let i = 0; i < n; i++)
    resources[`P${i}`] = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `p${i}`,
        Roles: [{ Ref: 'Role' }],
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }] },
      },
    };
  return { Resources: resources };
}

/** `n` distinct partial wildcards that match real actions: prefixes of the catalog's action names. */
function partialWildcards(n: number): string[] {
  const out = new Set<string>();
  const services = ['ec2', 'iam', 's3', 'dynamodb', 'glue', 'sagemaker', 'rds', 'lambda', 'ssm', 'cloudformation', 'ecs', 'eks'];
  for (let length = 3; length < 40 && out.size < n; length++)
    for (const service of services) {
      const all = expandAction(`${service}:*`);
      if (all.kind !== 'actions') continue;
      for (const { name } of all.actions) if (name.length > length && out.size < n) out.add(`${service}:${name.slice(0, length)}*`);
    }
  return [...out];
}

function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

describe('IAM work grows near-linearly', () => {
  it('collects 20,000 policies attached to one role', () => {
    const attached = (n: number) => {
      const stack = stackOf(rolePolicies(n));
      const graph = new Graph([{ ...stack }], AWS_NAMING);
      const role = graph.stacks[0]!.resources.find((r) => r.logicalId === 'Role')!;
      let count = 0;
      const ms = timed(() => {
        count = policiesOf(graph, role).length;
      });
      expect(count).toBe(n);
      return ms;
    };
    attached(500);
    const small = attached(5_000);
    const large = attached(20_000);
    expect(large).toBeLessThan(20_000);
    expect(large / Math.max(small, 5)).toBeLessThan(9);
  }, 60_000);

  it('classifies 10,000 distinct partial wildcards in one statement, per statement and per role', () => {
    const actions = partialWildcards(10_000);
    expect(actions.length).toBe(10_000);
    const scan = (list: string[]) => {
      const document = { Statement: [{ Effect: 'Allow', Action: list, Resource: '*' }] };
      const template = {
        Resources: {
          Role: {
            Type: 'AWS::IAM::Role',
            Properties: { AssumeRolePolicyDocument: trust, Policies: [{ PolicyName: 'p', PolicyDocument: document }] },
          },
        },
      };
      let findings = 0;
      const ms = timed(() => {
        findings = run(
          { stacks: [stackOf(template)], errors: [], files: 1 },
          { rules: [noWildcardActions, principalLeastPrivilege], asOf: '2026-12-01' },
        ).findings.length;
      });
      expect(findings).toBeGreaterThan(0);
      return ms;
    };
    scan(actions.slice(0, 200));
    const small = scan(actions.slice(0, 2_500));
    const large = scan(actions);
    expect(large).toBeLessThan(30_000);
    expect(large / Math.max(small, 5)).toBeLessThan(9);
  }, 120_000);
});
