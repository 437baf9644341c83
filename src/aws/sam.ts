import type { NodeRef, Resource, Stack } from '../graph/values.js';
import { escapeToken } from '../load/pointer.js';
import type { SamPolicyTemplate } from './sam-policy-templates.js';
import { SAM_POLICY_TEMPLATES } from './sam-policy-templates.js';
import { asObject } from '../model/json.js';

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

/**
 * A SAM policy template entry of `Policies` (`S3ReadPolicy: {BucketName: …}`) as the document SAM writes into the
 * generated role: a node whose value is that document, with each template parameter replaced by the value the
 * entry gives it (a copy, so the resolver reads it anew: `Ref`, `Fn::GetAtt`, `Fn::Sub` all work). The node's
 * pointer is the template name's (`…/Policies/1/S3ReadPolicy`): the document has no text of its own, so findings
 * inside it are located at that entry. Undefined when the entry is not a known template (one newer than the data,
 * see `unknownSamTemplate`), or when it lacks a parameter, which SAM rejects before anything is deployed.
 */
export function expandSamPolicyTemplate(entry: NodeRef): NodeRef | undefined {
  const name = samTemplateName(entry);
  const template = name === undefined ? undefined : SAM_POLICY_TEMPLATES[name];
  if (name === undefined || !template) return undefined;
  let cached = expansions.get(entry.value as object);
  if (cached === undefined) {
    const given = (entry.value as Record<string, unknown>)[name];
    const values = given && typeof given === 'object' && !Array.isArray(given) ? (given as Record<string, unknown>) : {};
    cached = template.parameters.every((p) => Object.hasOwn(values, p))
      ? { stack: entry.stack, pointer: `${entry.pointer}/${escapeToken(name)}`, value: samDocument(template, values) }
      : null;
    expansions.set(entry.value as object, cached);
  }
  return cached ?? undefined;
}

const expansions = new WeakMap<object, NodeRef | null>();

/** The name of a one-key mapping that is not an inline document (`{S3ReadPolicy: …}`), or undefined. */
export function samTemplateName(entry: NodeRef): string | undefined {
  const value = entry.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] !== 'Statement' && !keys[0]!.startsWith('Fn::') && keys[0] !== 'Ref' ? keys[0] : undefined;
}

/** `{Version, Statement}` for a template, with its parameters bound to (copies of) the entry's values. */
function samDocument(template: SamPolicyTemplate, values: Record<string, unknown>): Record<string, unknown> {
  // `${Name}` of a template parameter; pseudo parameters (`${AWS::Region}`) contain `::` and are left to Fn::Sub.
  const sub = (body: string): unknown => {
    if (!body.includes('${')) return body;
    const used = template.parameters.filter((p) => body.includes(`\${${p}}`));
    if (used.length === 0) return { 'Fn::Sub': body };
    return { 'Fn::Sub': [body, Object.fromEntries(used.map((p) => [p, structuredClone(values[p])]))] };
  };
  return {
    Version: '2012-10-17',
    Statement: template.statements.map((s) => ({
      Effect: 'Allow',
      Action: [...s.actions],
      Resource: s.resources.map(sub),
      ...(s.condition
        ? {
            Condition: Object.fromEntries(
              Object.entries(s.condition).map(([op, block]) => [
                op,
                Object.fromEntries(Object.entries(block).map(([k, v]) => [k, sub(v)])),
              ]),
            ),
          }
        : {}),
    })),
  };
}

/** `{Fn::If: …}`, `{Ref: …}`: a value SAM cannot read at transform time (it resolves no intrinsic here). */
function isIntrinsic(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

/**
 * Where the `AuthType` of a SAM function's URL is written, and whether SAM writes a public permission for it, or
 * undefined when the function has no URL (or SAM cannot read its config). For `FunctionUrlConfig` SAM writes an
 * `AWS::Lambda::Url` and, only when `AuthType` is the literal `NONE` (and the config is not an intrinsic), an
 * `AWS::Lambda::Permission` for Principal `*` with `lambda:InvokeFunctionUrl` and FunctionUrlAuthType `NONE` (with a
 * second one for `lambda:InvokeFunction` through the URL in the releases since Lambda's October 2025 change). A
 * `!Ref` or `!If` AuthType is not resolved by SAM, so it writes no permission: the URL gets the deployed value.
 * `Globals.Function.FunctionUrlConfig` is merged key by key, the function's own keys winning; `at` is where the
 * `AuthType` is written: the function's own config, or the Globals section.
 */
export function samFunctionUrlAuth(resource: Resource): { at: NodeRef; writesPublicPermission: boolean } | undefined {
  if (resource.type !== 'AWS::Serverless::Function') return undefined;
  const properties = asObject((resource.node.value as { Properties?: unknown } | null)?.Properties);
  const own = properties?.['FunctionUrlConfig'];
  const globals = samGlobals(resource.stack, 'Function');
  const global = globals ? (globals.value as Record<string, unknown>)['FunctionUrlConfig'] : undefined;
  if (own === undefined && global === undefined) return undefined;
  if (isIntrinsic(own) || (own === undefined && isIntrinsic(global))) return undefined;
  const ownConfig = asObject(own);
  const globalConfig = asObject(global);
  if (own !== undefined && !ownConfig) return undefined;
  const at =
    ownConfig && Object.hasOwn(ownConfig, 'AuthType')
      ? { pointer: `${resource.node.pointer}/Properties/FunctionUrlConfig/AuthType`, value: ownConfig['AuthType'] }
      : globalConfig && Object.hasOwn(globalConfig, 'AuthType')
        ? { pointer: '/Globals/Function/FunctionUrlConfig/AuthType', value: globalConfig['AuthType'] }
        : undefined;
  return at && { at: { stack: resource.stack, ...at }, writesPublicPermission: at.value === 'NONE' };
}

/**
 * The `Events` of a SAM function for which SAM writes a Lambda permission that any caller of that service can use.
 * SAM's push events pin their source: SNS, Api, HttpApi, Schedule, CloudWatchEvent/EventBridgeRule,
 * CloudWatchLogs, IoTRule and Cognito set SourceArn, S3 sets SourceAccount, and the pull events (SQS, Kinesis,
 * DynamoDB, MSK, MQ, DocumentDB, SelfManagedKafka) write an event source mapping, no permission. The exception is
 * `AlexaSkill`: its `SkillId` becomes the permission's EventSourceToken and is optional, so without it SAM grants
 * `alexa-appkit.amazon.com` with nothing that names the skill, and any Alexa skill can invoke the function.
 * Each entry points at the event's `Type`.
 */
export function samUnpinnedEvents(resource: Resource): { event: string; type: string; at: NodeRef }[] {
  if (resource.type !== 'AWS::Serverless::Function') return [];
  const properties = asObject((resource.node.value as { Properties?: unknown } | null)?.Properties);
  const events = asObject(properties?.['Events']);
  if (!events) return [];
  const out: { event: string; type: string; at: NodeRef }[] = [];
  for (const [name, event] of Object.entries(events)) {
    const body = asObject(event);
    if (body?.['Type'] !== 'AlexaSkill') continue;
    const skill = asObject(body['Properties'])?.['SkillId'];
    if (skill !== undefined && skill !== null && skill !== '') continue;
    const pointer = `${resource.node.pointer}/Properties/Events/${escapeToken(name)}/Type`;
    out.push({ event: name, type: 'AlexaSkill', at: { stack: resource.stack, pointer, value: 'AlexaSkill' } });
  }
  return out;
}
