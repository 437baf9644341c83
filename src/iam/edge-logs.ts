import type { Graph } from '../graph/build.js';
import type { Resource } from '../graph/query.js';
import { statementsOf } from './policy.js';

/** Whether a role can be assumed by Lambda@Edge (`edgelambda.amazonaws.com` in its trust policy). */
export function isEdgeRole(graph: Graph, role: Resource): boolean {
  return statementsOf(graph, graph.get(role, 'Properties', 'AssumeRolePolicyDocument')).some(
    (s) =>
      s.effect === 'Allow' &&
      (s.principals ?? []).some(
        (p) => p.type === 'Service' && p.value.value.kind === 'literal' && p.value.value.value === 'edgelambda.amazonaws.com',
      ),
  );
}

/**
 * Lambda@Edge runs replicas of a function in the regions near its viewers, and each replica writes its logs to
 * `/aws/lambda/us-east-1.<function-name>` in the region where it ran. A replacement for the execution policy must
 * let those writes through in every region: the log-group part stays exact, only the region is `*`.
 */
export function edgeLogStatement(logGroups: readonly string[]): Record<string, unknown> | undefined {
  const replicas = logGroups
    .filter((g) => g.startsWith('/aws/lambda/'))
    .map((g) => `/aws/lambda/us-east-1.${g.slice('/aws/lambda/'.length)}`);
  if (replicas.length === 0) return undefined;
  const arn = (name: string, suffix: string) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:${name}${suffix}`,
  });
  return {
    Sid: 'EdgeReplicaLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: replicas.flatMap((name) => [arn(name, ''), arn(name, ':*')]),
  };
}
