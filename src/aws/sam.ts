import type { NodeRef, Resource, Stack } from '../graph/values.js';

/**
 * A section of a SAM template's `Globals` (`Function`, `Api` …), as a node to read with `graph.get`, or undefined
 * when the template has none. SAM copies these properties into every resource of that kind that does not set them.
 */
export function samGlobals(stack: Stack, section: string): NodeRef | undefined {
  const template = stack.template.value as Record<string, unknown> | null;
  const globals = template?.['Globals'];
  const value = globals && typeof globals === 'object' ? (globals as Record<string, unknown>)[section] : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? { stack, pointer: `/Globals/${section}`, value } : undefined;
}

/** SAM resources that generate an execution role from `Policies` unless `Role` names one. */
export const SAM_ROLE_TYPES: readonly string[] = ['AWS::Serverless::Function', 'AWS::Serverless::StateMachine'];

/**
 * The managed policy SAM attaches to the role it generates for a function: AWSLambdaBasicExecutionRole (SAM's
 * documentation of `AWS::Serverless::Function`, "Policies": "the AWSLambdaBasicExecutionRole managed policy is
 * attached … to the generated execution role"). A state machine's generated role gets none.
 */
export const SAM_IMPLICIT_POLICY: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'AWSLambdaBasicExecutionRole',
};

/**
 * Whether SAM generates the execution role of this resource: it is a SAM function or state machine, and neither it
 * nor `Globals.Function` sets `Role` (a `Role` replaces the generated role and its `Policies` are ignored).
 */
export function generatesRole(resource: Resource): boolean {
  if (!SAM_ROLE_TYPES.includes(resource.type)) return false;
  const properties = (resource.node.value as { Properties?: unknown } | null)?.Properties;
  if (properties && typeof properties === 'object' && Object.hasOwn(properties, 'Role')) return false;
  const globals = resource.type === 'AWS::Serverless::Function' ? samGlobals(resource.stack, 'Function') : undefined;
  return !(globals && Object.hasOwn(globals.value as object, 'Role'));
}
