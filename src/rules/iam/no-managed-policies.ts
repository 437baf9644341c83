import { describeBranches, describeOrigin, listItems, matchableText } from '../../graph/query.js';
import { defineRule } from '../define.js';

/** `arn:<partition>:iam::aws:policy/<path/>Name`: the account `aws` marks an AWS managed policy. */
const AWS_MANAGED = /^arn:(?:[\w-]*|\u0000):iam::aws:policy\/(?:.*\/)?([^/\u0000]+)$/;

export default defineRule({
  id: 'iam/no-managed-policies',
  title: 'IAM roles, users and groups use custom least-privilege policies, not AWS managed policies',
  description:
    'The seed: "AWS Managed Policies don\'t grant least privileges in order to cover common use cases. The best practice ' +
    'is to write a custom policy with only the permissions needed by the task." The prototype used ' +
    'AWSLambdaBasicExecutionRole, which lets a function write to every log group of the account. This rule finds every ' +
    'AWS managed policy in ManagedPolicyArns, whether written as a literal ARN, with Fn::Join and AWS::Partition (as the ' +
    'CDK writes it), with Fn::Sub, or through a parameter default.',
  fix:
    'Replace the managed policy with an inline or customer managed policy that grants only the actions and resources the ' +
    'principal uses. For AWSLambdaBasicExecutionRole: logs:CreateLogStream and logs:PutLogEvents on the function\'s own ' +
    'log group (arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/<function>:*), and ' +
    'create that log group in the template.',
  controls: ['IAM-1'],
  severity: 'error',
  appliesTo: ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  peers: { cdkNag: ['AwsSolutions-IAM4'] },
  messages: {
    managed: "{{kind}} '{{principal}}' has the AWS managed policy '{{policy}}' attached{{origin}}{{when}}.",
  },
  *check(principal, ctx) {
    const kind = principal.type.slice('AWS::IAM::'.length);
    for (const { when, item } of listItems(ctx.graph.get(principal, 'Properties', 'ManagedPolicyArns'))) {
      const arn = matchableText(item);
      const policy = arn === undefined ? undefined : AWS_MANAGED.exec(arn)?.[1];
      if (policy)
        yield { at: item.at, messageId: 'managed', data: { kind, principal: principal.logicalId, policy, origin: describeOrigin(item), when: describeBranches(when) } };
    }
  },
});
