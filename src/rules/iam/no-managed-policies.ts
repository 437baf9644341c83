import { describeBranches, describeOrigin } from '../../graph/query.js';
import { awsManagedPolicies } from '../../iam/attached.js';
import { kindOf } from '../../iam/documents.js';
import { LAMBDA_EXECUTION_POLICIES, lambdaExecutionReplacement } from '../../iam/replacement.js';
import { refuse } from '../../aws/fixes.js';
import { replacementFix } from '../../iam/replacement-fix.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'iam/no-managed-policies',
  title: 'IAM roles, users and groups use custom least-privilege policies, not AWS managed policies',
  description:
    'The seed: "AWS Managed Policies don\'t grant least privileges in order to cover common use cases. The best practice ' +
    'is to write a custom policy with only the permissions needed by the task." The prototype used ' +
    'AWSLambdaBasicExecutionRole, which lets a function write to every log group of the account. This rule finds every ' +
    'AWS managed policy in ManagedPolicyArns, whether written as a literal ARN, with Fn::Join and AWS::Partition (as the ' +
    'CDK writes it), with Fn::Sub, or through a parameter default. For AWSLambdaBasicExecutionRole and ' +
    'AWSLambdaVPCAccessExecutionRole the finding carries the replacement as a policy document (JSON, ARNs as Fn::Sub): ' +
    'log writes limited to the log group of each function that uses the role, logs:CreateLogGroup only when the ' +
    'template does not create that log group, and for the VPC variant the network-interface actions limited to the ' +
    'functions\' subnets and security groups (the Describe actions only work on "*").',
  fix:
    'Replace the managed policy with an inline or customer managed policy that grants only the actions and resources the ' +
    "principal uses. For the Lambda execution policies, use the finding's suggestion. Best, create the function's log " +
    'group in the template (CDK: `logGroup: new logs.LogGroup(...)`; CloudFormation: LoggingConfig.LogGroup), so the ' +
    'policy names the log group and not the function. A policy that names the function by Ref must not sit in the ' +
    "role's own Policies or in a policy the function depends on (CDK's default policy): the function needs its role " +
    'first, and CloudFormation would reject the circular dependency; attach it as a separate AWS::IAM::Policy.',
  controls: ['IAM-1'],
  severity: 'error',
  appliesTo: ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  fixable: true,
  peers: { cdkNag: ['AwsSolutions-IAM4'], cfnNag: ['W43'] },
  messages: {
    managed: "{{kind}} '{{principal}}' has the AWS managed policy '{{policy}}' attached{{origin}}{{when}}.",
    lambda:
      "{{kind}} '{{principal}}' has the AWS managed policy '{{policy}}' attached{{origin}}{{when}}, which allows writing to every log group of the account; {{functions}} only {{needs}} {{logGroups}}.",
  },
  *check(principal, ctx) {
    const kind = kindOf(principal).replace(/^./, (c) => c.toUpperCase());
    for (const { name, at, when } of awsManagedPolicies(ctx.graph, principal)) {
      const data = { kind, principal: principal.logicalId, policy: name, origin: describeOrigin(at), when: describeBranches(when) };
      const variant = principal.type === 'AWS::IAM::Role' ? LAMBDA_EXECUTION_POLICIES[name] : undefined;
      if (!variant) {
        yield {
          at: at.at,
          messageId: 'managed',
          data,
          fix: refuse('which actions and resources the principal needs is a human decision: write the custom policy by hand'),
        };
        continue;
      }
      const replacement = lambdaExecutionReplacement(ctx.graph, principal, variant);
      const names = replacement.functions.map((f) => `'${f.logicalId}'`);
      const functions =
        names.length === 0 ? 'no function of the input uses it; a function' : `function${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
      const needs = names.length > 1 ? 'need' : 'needs';
      const logGroups = `log group${replacement.logGroups.length > 1 ? 's' : ''} ${replacement.logGroups.join(', ')}`;
      const fix = replacementFix(ctx.graph, principal, at, when, replacement, name);
      yield { at: at.at, messageId: 'lambda', data: { ...data, functions, needs, logGroups }, suggestion: replacement.document, fix };
    }
  },
});
