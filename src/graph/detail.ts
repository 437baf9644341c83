import type { NodeRef, Resolved } from './values.js';

/**
 * Renders a template value as cdk-nag writes the granular part of a finding (`Resource::<Bucket83908E77.Arn>/*`,
 * `Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`), for a report's
 * `detail`. Suppressions copied from cdk-nag (`applies_to`) then match StackWarden's findings too.
 *
 * This is deliberately syntactic: it reads the value as written, not as resolved. cdk-nag never substitutes
 * a parameter default or the partition of a known region, so neither may this, or the strings would differ
 * from the ones users already have in their `applies_to` lists. It renders; it does not interpret: rules
 * still decide what a value means through the resolver.
 *
 * - a string is kept, with `Fn::Sub`'s `${X}` written `<X>`;
 * - `Ref: X` is `<X>`, `Fn::GetAtt: [X, Attr]` (or `X.Attr`) is `<X.Attr>`;
 * - `Fn::Join` joins its rendered items; `Fn::Sub` and `Fn::ImportValue` render their argument;
 * - anything else is its JSON text.
 */
export function nagText(value: Resolved | NodeRef): string {
  return flatten('kind' in value ? value.at.value : value.value);
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    const keys = Object.keys(node);
    const arg: unknown = (node as Record<string, unknown>)[keys[0] ?? ''];
    if (keys.length === 1) {
      switch (keys[0]) {
        case 'Ref':
          return `<${flatten(arg)}>`;
        case 'Fn::GetAtt': {
          const [resource, attribute] = Array.isArray(arg) ? arg : typeof arg === 'string' ? splitOnce(arg) : [arg, undefined];
          return `<${flatten(resource)}.${flatten(attribute)}>`;
        }
        case 'Fn::Join':
          if (Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1]))
            return (arg[1] as unknown[]).map(flatten).join(arg[0]);
          break;
        case 'Fn::Sub':
          // The list form is [template, variables]; the template is what a reader recognizes.
          return flatten(Array.isArray(arg) ? arg[0] : arg);
        case 'Fn::ImportValue':
          return flatten(arg);
      }
    }
  }
  return JSON.stringify(node) ?? '';
}

function splitOnce(text: string): [string, string] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, ''] : [text.slice(0, dot), text.slice(dot + 1)];
}
