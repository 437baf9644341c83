import type { Graph } from '../graph/build.js';
import type { Resolved, Resource, Stack } from '../graph/query.js';
import { alternatives, listItems, renderText } from '../graph/query.js';
import { actionInfo } from './catalog.js';
import { edgeLogStatement, isEdgeRole } from './edge-logs.js';

/** The AWS managed policies for Lambda execution roles that have an exact least-privilege replacement. */
export const LAMBDA_EXECUTION_POLICIES: Readonly<Record<string, 'basic' | 'vpc'>> = {
  AWSLambdaBasicExecutionRole: 'basic',
  AWSLambdaVPCAccessExecutionRole: 'vpc',
};

/** A least-privilege replacement for a Lambda execution policy: the document and what it is scoped to. */
export interface Replacement {
  /** A policy document as JSON, with `{"Fn::Sub": …}` for ARNs that need the partition, region or account. */
  document: string;
  /** The log groups it is limited to, for the message (`/aws/lambda/${Handler}`). */
  logGroups: string[];
  /** The functions of the input that use the role. */
  functions: Resource[];
}

type Value = string | { 'Fn::Sub': string };
const ARN = 'arn:${AWS::Partition}';

/**
 * The statements that replace AWSLambdaBasicExecutionRole (logs:CreateLogGroup, CreateLogStream, PutLogEvents on
 * `*`) or AWSLambdaVPCAccessExecutionRole (the same plus the network-interface actions) for the functions that use
 * `role`: log writes limited to each function's own log group (its `LoggingConfig.LogGroup`, or
 * `/aws/lambda/<FunctionName>`), logs:CreateLogGroup only for log groups the template does not create, and the
 * EC2 actions limited to the functions' subnets and security groups where the IAM catalog says they can be.
 */
export function lambdaExecutionReplacement(graph: Graph, role: Resource, variant: 'basic' | 'vpc'): Replacement {
  const functions = [...graph.referencing(role, 'AWS::Lambda::Function', 'Role')].sort((a, b) => (a.logicalId < b.logicalId ? -1 : 1));
  const groups = functions.map((fn) => logGroupOf(graph, fn));
  if (groups.length === 0) groups.push({ name: '/aws/lambda/<function-name>', created: false });
  const logGroupArn = (name: string, suffix: string): Value => ({
    'Fn::Sub': `${ARN}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${name}${suffix}`,
  });
  const statements: Record<string, unknown>[] = [];
  const missing = groups.filter((g) => !g.created);
  if (missing.length > 0)
    statements.push({
      Sid: 'CreateLogGroup',
      Effect: 'Allow',
      Action: 'logs:CreateLogGroup',
      Resource: missing.flatMap((g) => [logGroupArn(g.name, ''), logGroupArn(g.name, ':*')]),
    });
  statements.push({
    Sid: 'WriteLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: groups.map((g) => logGroupArn(g.name, ':*')),
  });
  if (variant === 'vpc') statements.push(...networkStatements(graph, functions));
  const edge = isEdgeRole(graph, role) ? edgeLogStatement(groups.map((g) => g.name)) : undefined;
  if (edge) statements.push(edge);
  return { document: JSON.stringify({ Version: '2012-10-17', Statement: statements }), logGroups: groups.map((g) => g.name), functions };
}

/** The function's log group name as `Fn::Sub` text, and whether the input creates it. */
function logGroupOf(graph: Graph, fn: Resource): { name: string; created: boolean } {
  const properties = graph.get(fn, 'Properties');
  const configured = graph.get(properties, 'LoggingConfig', 'LogGroup');
  // `Ref` of an AWS::Logs::LogGroup is its name.
  if (
    configured.kind === 'ref' &&
    configured.attribute === null &&
    configured.resource.type === 'AWS::Logs::LogGroup' &&
    configured.resource.stack === fn.stack
  )
    return { name: `\${${configured.resource.logicalId}}`, created: true };
  if (configured.kind === 'literal' && typeof configured.value === 'string')
    return { name: configured.value, created: createdIn(graph, configured.value) };
  const fnName = graph.get(properties, 'FunctionName');
  // A function without a literal name gets a generated one, which `Ref` returns.
  const name = `/aws/lambda/${fnName.kind === 'literal' && typeof fnName.value === 'string' ? fnName.value : `\${${fn.logicalId}}`}`;
  return { name, created: createdIn(graph, name, fn.stack) };
}

/**
 * Whether an AWS::Logs::LogGroup of the input has this name. With a stack, only that stack's log groups count: a
 * name with `${Fn}` holes (`/aws/lambda/${Fn}` matches a `Fn::Sub` on `Fn`) means the same thing only within one
 * stack.
 */
function createdIn(graph: Graph, name: string, stack?: Stack): boolean {
  const names = logGroupNames(graph);
  return (stack ? names.byStack.get(stack) : names.any)?.has(name) ?? false;
}

interface LogGroupNames {
  any: Set<string>;
  byStack: Map<Stack, Set<string>>;
}

const logGroupNameSets = new WeakMap<Graph, LogGroupNames>();
/** The log group names of the input, rendered as text, in all and per stack. Built once per graph; a scan asks for every function. */
function logGroupNames(graph: Graph): LogGroupNames {
  let names = logGroupNameSets.get(graph);
  if (!names) {
    names = { any: new Set(), byStack: new Map() };
    for (const group of graph.resourcesOfType('AWS::Logs::LogGroup'))
      for (const { value } of alternatives(graph.get(group, 'Properties', 'LogGroupName'))) {
        const text = renderText(value);
        if (text === undefined) continue;
        names.any.add(text);
        let own = names.byStack.get(group.stack);
        if (!own) names.byStack.set(group.stack, (own = new Set()));
        own.add(text);
      }
    logGroupNameSets.set(graph, names);
  }
  return names;
}

/** The ENI statements of the VPC variant, limited to the functions' subnets and security groups. */
function networkStatements(graph: Graph, functions: Resource[]): Record<string, unknown>[] {
  const ids = (property: string, type: string): Value[] => {
    const out = new Set<string>();
    for (const fn of functions)
      for (const { item } of listItems(graph.get(fn, 'Properties', 'VpcConfig', property))) out.add(idOf(item, fn) ?? '*');
    if (out.size === 0 || out.has('*')) return [{ 'Fn::Sub': `${ARN}:ec2:\${AWS::Region}:\${AWS::AccountId}:${type}/*` }];
    return [...out].sort().map((id) => ({ 'Fn::Sub': `${ARN}:ec2:\${AWS::Region}:\${AWS::AccountId}:${type}/${id}` }));
  };
  const describe = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'];
  const manage = [
    'ec2:CreateNetworkInterface',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
  ];
  // Describe actions have no resource type in the catalog: they only work with "*".
  const unscopable = describe.filter((a) => actionInfo(a)?.resourceLevel === 'none');
  const scopable = [...manage, ...describe.filter((a) => !unscopable.includes(a))];
  return [
    ...(unscopable.length > 0 ? [{ Sid: 'DescribeNetwork', Effect: 'Allow', Action: unscopable, Resource: '*' }] : []),
    {
      Sid: 'ManageNetworkInterfaces',
      Effect: 'Allow',
      Action: scopable,
      Resource: [
        { 'Fn::Sub': `${ARN}:ec2:\${AWS::Region}:\${AWS::AccountId}:network-interface/*` },
        ...ids('SubnetIds', 'subnet'),
        ...ids('SecurityGroupIds', 'security-group'),
      ],
    },
  ];
}

/** A subnet or security-group id as `Fn::Sub` text: a literal, or `${Id}` for a resource of the function's stack. */
function idOf(item: Resolved, fn: Resource): string | undefined {
  // A parameter may be overridden at deployment, and a list parameter cannot go into Fn::Sub: no fixed id.
  if (item.kind === 'literal') return typeof item.value === 'string' && item.parameter === undefined ? item.value : undefined;
  if (item.kind === 'ref' && item.resource.stack === fn.stack)
    return item.attribute === null ? `\${${item.resource.logicalId}}` : `\${${item.resource.logicalId}.${item.attribute}}`;
  return undefined;
}
