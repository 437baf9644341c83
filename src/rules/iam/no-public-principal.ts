import { describeBranches } from '../../graph/query.js';
import { capitalized, grantingStatements, RESOURCE_POLICY_TYPES } from '../../iam/documents.js';
import { describeStatement } from '../../iam/policy.js';
import { describeIgnored, exposureOf, permissionExposure, RESTRICTION_CRITERIA } from '../../iam/principal.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'iam/no-public-principal',
  title: 'Resource policies grant to named principals, or limit a wildcard principal with a condition',
  description:
    'The guidance asks for least privilege. A resource policy whose principal is `*` (or `{"AWS": "*"}`, or an Allow with ' +
    'NotPrincipal) grants to every AWS account and anonymous callers, unless a condition limits who can call. ' +
    RESTRICTION_CRITERIA +
    ' Queue, topic, key, repository, secret and trust policies are checked here, and Lambda permissions with ' +
    '`Principal: "*"` (or a service principal) and no fixed SourceArn/SourceAccount, judged as the conditions Lambda ' +
    'writes for them. Bucket policies are left to s3/no-public-bucket-policy, which uses the same test and reports ' +
    'under IAM-2 too, so one public statement is one finding.',
  fix:
    'Name the principals (account, role or service), or keep `*` and add a condition on aws:PrincipalOrgID, ' +
    'aws:SourceArn or aws:SourceAccount. For AWS::Lambda::Permission set SourceArn (and SourceAccount for S3).',
  controls: ['IAM-2'],
  severity: 'error',
  appliesTo: [...RESOURCE_POLICY_TYPES.filter((t) => t !== 'AWS::S3::BucketPolicy'), 'AWS::Lambda::Permission'],
  peers: {
    cdkNag: ['HIPAA.Security-LambdaFunctionPublicAccessProhibited', 'AwsSolutions-ECR1'],
    checkov: ['CKV_AWS_33', 'CKV_AWS_60', 'CKV_AWS_364'],
    cfnNag: ['F13', 'F21'],
    securityHub: ['Lambda.1'],
  },
  messages: {
    public: '{{where}} allows {{who}} in {{statement}}{{when}}, and no condition limits who can call{{ignored}}.',
    permissionPublic:
      "Permission '{{permission}}' lets anyone ('*') invoke the function{{when}}: it sets no SourceArn, SourceAccount or PrincipalOrgID with a fixed value.",
    anySource:
      "Permission '{{permission}}' lets {{service}} invoke the function for any account's resources{{when}}: it sets no SourceArn or SourceAccount with a fixed value.",
  },
  *check(resource, ctx) {
    if (resource.type === 'AWS::Lambda::Permission') {
      for (const exposure of permissionExposure(ctx.graph, resource)) {
        const data = { permission: resource.logicalId, when: describeBranches(exposure.when) };
        if (exposure.kind === 'public') yield { at: exposure.at, messageId: 'permissionPublic', data };
        else if (exposure.kind === 'anySource')
          yield { at: exposure.at, messageId: 'anySource', data: { ...data, service: exposure.service }, severity: 'warning' };
      }
      return;
    }
    for (const { document, statement, when } of grantingStatements(ctx.graph, resource, 'resource')) {
      const exposure = exposureOf(statement, when);
      if (!exposure || exposure.when === null) continue;
      const entry = exposure.principal;
      const at = entry ? entry.value.value : statement.element('NotPrincipal');
      const who =
        exposure.via === 'NotPrincipal'
          ? 'everyone except its NotPrincipal entries'
          : entry?.type === '*'
            ? "everyone ('*')"
            : `everyone ({ ${entry?.type}: '*' })`;
      const ignored = describeIgnored(exposure.verdicts);
      yield {
        at,
        messageId: 'public',
        data: {
          where: capitalized(document.label),
          who,
          statement: describeStatement(statement),
          when: describeBranches(exposure.when),
          ignored: ignored ? `; present but not limiting: ${ignored}` : '',
        },
      };
    }
  },
});
