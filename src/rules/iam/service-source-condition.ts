import { describeBranches, renderText } from '../../graph/query.js';
import { capitalized, grantingStatements } from '../../iam/documents.js';
import { describeStatement } from '../../iam/policy.js';
import { pinsSource, servicePrincipals } from '../../iam/principal.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'iam/service-source-condition',
  title: 'Resource policies that grant to an AWS service name the source account or resource',
  description:
    'The guidance asks for least privilege. A bucket, topic, queue or key policy that lets a service principal ' +
    '(`sns.amazonaws.com`, `delivery.logs.amazonaws.com`, `cloudtrail.amazonaws.com` …) act, with no condition on the ' +
    'source, lets that service act on this resource on behalf of any AWS customer: the confused deputy problem of the ' +
    'IAM User Guide, which prescribes aws:SourceArn or aws:SourceAccount (or aws:SourceOrgID / aws:SourceOrgPaths) in ' +
    'such statements. A source key tested with fixed values under a positive operator passes (judged as ' +
    'iam/no-public-principal judges conditions: `…IfExists` and wildcard accounts do not count); so do the KMS ' +
    'encryption-context keys that the CloudWatch Logs and CloudTrail guides document for key policies. A warning: ' +
    'the grant is to AWS, and the gap needs another customer to point the service at this resource. ' +
    'AWS::Lambda::Permission is checked by iam/no-public-principal (its SourceArn/SourceAccount properties).',
  fix:
    'Add to the statement `Condition: { StringEquals: { "aws:SourceAccount": "${AWS::AccountId}" } }`, or ' +
    '`ArnLike: { "aws:SourceArn": <the ARN of the trail, topic, bucket or log group that uses it> }`. CDK: ' +
    '`new iam.ServicePrincipal("sns.amazonaws.com", { conditions: { ArnLike: { "aws:SourceArn": topic.topicArn } } })`.',
  controls: ['IAM-2'],
  severity: 'warning',
  appliesTo: [
    'AWS::S3::BucketPolicy',
    'AWS::SNS::TopicPolicy',
    'AWS::SNS::TopicInlinePolicy',
    'AWS::SQS::QueuePolicy',
    'AWS::SQS::QueueInlinePolicy',
    'AWS::KMS::Key',
  ],
  peers: {},
  messages: {
    anySource:
      "{{where}} lets service {{service}} act in {{statement}}{{when}} without aws:SourceArn or aws:SourceAccount: any AWS customer's resources can make {{service}} use it.",
  },
  *check(resource, ctx) {
    for (const { document, statement, when } of grantingStatements(ctx.graph, resource, 'resource')) {
      if (pinsSource(statement)) continue;
      for (const entry of servicePrincipals(statement))
        yield {
          at: entry.value.value,
          messageId: 'anySource',
          data: {
            where: capitalized(document.label),
            service: renderText(entry.value.value) ?? '(a service not known before deployment)',
            statement: describeStatement(statement),
            when: describeBranches([...when, ...entry.value.when]),
          },
        };
    }
  },
});
