import { samGlobals } from '../../aws/sam.js';
import { alternatives, describeBranches, describeOrigin, isLiteral, nodeWithin, whyUnknown } from '../../graph/query.js';
import { defineRule } from '../define.js';
import { LAMBDA_RUNTIMES, RUNTIME_TABLE_CHECKED, cdkRuntimeConstant, daysBetween, successorOf } from '../../aws/lambda-runtimes.js';

/** How long before the deprecation date a runtime is reported as a warning. */
const WARNING_DAYS = 180;

export default defineRule({
  id: 'lambda/runtime-deprecated',
  title: 'Lambda functions use a runtime that still receives security patches',
  description:
    'The guidance makes the customer responsible for "updates and security patches" of what runs on AWS. For Lambda, AWS ' +
    'patches the runtime only until its deprecation date; after it the function keeps running on an unpatched ' +
    'language runtime and OS, and function creation and updates are blocked later. The dates come from a table held ' +
    `in code (src/rules/lambda/runtimes.ts, last compared with its sources on ${RUNTIME_TABLE_CHECKED}) and are ` +
    'compared with --as-of (default: today), so a result can be reproduced. A runtime past its deprecation date is ' +
    `an error; within ${WARNING_DAYS} days of it, a warning. Container-image functions (PackageType Image) have no ` +
    'runtime and pass. For AWS::Serverless::Function the runtime may come from Globals.Function. A runtime the table ' +
    'does not list is a note; one not known before deployment is a warning.',
  fix:
    'Move the function to the latest runtime of its language (each finding names it), test it, and deploy. CDK: the ' +
    '`lambda.Runtime` constant of that runtime instead of the deprecated one.',
  controls: ['SRM-2'],
  severity: 'error',
  appliesTo: ['AWS::Lambda::Function', 'AWS::Serverless::Function'],
  peers: { cdkNag: ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion'], checkov: ['CKV_AWS_363'], securityHub: ['Lambda.2'] },
  messages: {
    // No run date or day count in the data: it joins the fingerprint, which must not change from one day to the next
    // (a baseline recorded today must still match tomorrow). The date the finding turns on is stated instead.
    deprecated:
      "Function '{{fn}}' uses runtime {{runtime}}{{origin}}{{when}}, deprecated since {{date}}: Lambda no longer patches it{{successor}}.",
    deprecating:
      "Function '{{fn}}' uses runtime {{runtime}}{{origin}}{{when}}, which AWS deprecates on {{date}}, within {{window}} days{{successor}}.",
    unlisted:
      "Function '{{fn}}' uses runtime {{runtime}}{{origin}}{{when}}, which StackWarden's runtime table (checked {{checked}}) does not list: check its deprecation date on the AWS Lambda runtimes page.",
    unknown: "Function '{{fn}}' has a runtime not known before deployment{{when}} ({{reason}}), so its deprecation date cannot be checked.",
  },
  *check(fn, ctx) {
    // A container image brings its own runtime: Lambda's runtime deprecations do not apply.
    const packageType = alternatives(ctx.graph.get(fn, 'Properties', 'PackageType'));
    if (packageType.every((p) => isLiteral(p.value, 'Image'))) return;
    let runtime = ctx.graph.get(fn, 'Properties', 'Runtime');
    const globals = fn.type === 'AWS::Serverless::Function' && runtime.kind === 'absent' ? samGlobals(fn.stack, 'Function') : undefined;
    if (globals) runtime = ctx.graph.get(globals, 'Runtime');
    for (const { when, value } of alternatives(runtime)) {
      // A runtime from Globals is fixed there; the finding still belongs to this function.
      const at = globals ? value.at : nodeWithin(fn, [value, runtime], ['Properties', 'Runtime']);
      // A zip function must name a runtime; CloudFormation rejects one that does not, so there is nothing to judge.
      if (value.kind === 'absent') continue;
      const data = { fn: fn.logicalId, when: describeBranches(when), origin: describeOrigin(value) };
      if (value.kind !== 'literal' || typeof value.value !== 'string') {
        yield { at, resource: fn, messageId: 'unknown', data: { ...data, reason: whyUnknown(value) }, severity: 'warning' };
        continue;
      }
      const id = value.value.trim().toLowerCase();
      const lifecycle = LAMBDA_RUNTIMES[id];
      if (!lifecycle) {
        yield { at, resource: fn, messageId: 'unlisted', data: { ...data, runtime: id, checked: RUNTIME_TABLE_CHECKED }, severity: 'note' };
        continue;
      }
      const days = daysBetween(ctx.options.asOf, lifecycle.deprecation);
      const next = successorOf(id);
      const successor = next ? `; move to ${next}` : '';
      const dated = { ...data, runtime: id, date: lifecycle.deprecation, successor };
      // The fix names this finding's successor, never a fixed runtime that may be the deprecated one itself.
      const fixText = next
        ? `Set Runtime to ${next} (the runtime of its language that AWS supports longest), test the ` +
          `function, and deploy. CDK: \`runtime: lambda.Runtime.${cdkRuntimeConstant(next)}\`.`
        : undefined;
      if (days <= 0) yield { at, resource: fn, messageId: 'deprecated', data: dated, fixText };
      else if (days <= WARNING_DAYS)
        yield { at, resource: fn, messageId: 'deprecating', data: { ...dated, window: WARNING_DAYS }, severity: 'warning', fixText };
    }
  },
});
