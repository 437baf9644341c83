import { fix } from '../../aws/fixes.js';
import { defineRule } from '../define.js';

/** Termination protection is a stack setting: the CDK applier sets it on the Stack, a template gets the command. */
const protect = (stack: string) =>
  fix('turns on termination protection', '`new Stack(app, id, { terminationProtection: true })`', {
    op: 'stackSetting',
    setting: 'terminationProtection',
    value: true,
    command: `aws cloudformation update-termination-protection --enable-termination-protection --stack-name ${stack}`,
  });

export default defineRule({
  id: 'cfn/termination-protection',
  title: 'Stacks have termination protection enabled',
  description:
    'The guidance: "You can prevent stacks from being accidentally deleted by enabling termination protection on the stack." ' +
    'A template cannot express it: the CDK writes it to manifest.json (terminationProtection), and a plain template is ' +
    'protected only by the command that creates or updates its stack. Nested stacks follow their root stack.',
  fix:
    'CDK: `new Stack(app, id, { terminationProtection: true })`. Deployed stacks: ' +
    '`aws cloudformation update-termination-protection --enable-termination-protection --stack-name <stack>`.',
  controls: ['CFN-1'],
  severity: 'error',
  appliesTo: 'stack',
  fixable: true,
  peers: { securityHub: ['CloudFormation.3'] },
  messages: {
    disabled: "Stack '{{stack}}' does not enable termination protection.",
    template:
      "Template '{{file}}' cannot enable termination protection itself: after deploying, run `aws cloudformation update-termination-protection --enable-termination-protection --stack-name <stack>`.",
  },
  *check(stack) {
    if (stack.nestedIn) return;
    if (stack.declaredAt && stack.terminationProtection === false)
      yield {
        at: { document: stack.declaredAt.document, pointer: `${stack.declaredAt.pointer}/properties/terminationProtection` },
        messageId: 'disabled',
        data: { stack: stack.name ?? stack.id },
        fix: protect(stack.name ?? stack.id),
      };
    else if (stack.terminationProtection === null)
      yield { at: stack, messageId: 'template', data: { file: stack.template.file }, severity: 'note', fix: protect('<stack>') };
  },
});
