import { describeBranches } from '../../graph/query.js';
import { capitalized, grantingStatements, RESOURCE_POLICY_TYPES } from '../../iam/documents.js';
import { describeStatement } from '../../iam/policy.js';
import { describeIgnored, exposureOf, permissionExposure } from '../../iam/principal.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'iam/no-public-principal',
  title: 'Resource policies grant to named principals, or limit a wildcard principal with a condition',
  description:
    'The seed asks for least privilege. A resource policy whose principal is `*` (or `{"AWS": "*"}`, or an Allow with ' +
    'NotPrincipal) grants to every AWS account and anonymous callers, unless a condition limits who can call: ' +
    'aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, ' +
    'aws:SourceVpc, aws:SourceVpce, aws:SourceIp (not 0.0.0.0/0) and the like, tested with a positive operator against a ' +
    'fixed value. aws:Referer does not count: the caller writes the Referer header, so anyone can send the expected ' +
    'value, and AWS documents it as unfit to stop direct requests. aws:SecureTransport only requires TLS. `…IfExists` ' +
    'and `ForAllValues:` tests are true when the key is absent, and a StringLike/ArnLike value of only wildcards ' +
    'matches anyone. Queue, topic, key, repository, secret and trust policies are checked here, and Lambda permissions ' +
    'with `Principal: "*"` (or a service principal) and no SourceArn/SourceAccount. Bucket policies are checked by ' +
    's3/no-public-bucket-policy with the same logic.',
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
    permissionPublic: "Permission '{{permission}}' lets anyone ('*') invoke the function{{when}}: it sets no SourceArn, SourceAccount or PrincipalOrgID with a fixed value.",
    anySource:
      "Permission '{{permission}}' lets {{service}} invoke the function for any account's resources{{when}}: it sets no SourceArn or SourceAccount with a fixed value.",
  },
  *check(resource, ctx) {
    if (resource.type === 'AWS::Lambda::Permission') {
      for (const exposure of permissionExposure(ctx.graph, resource)) {
        const data = { permission: resource.logicalId, when: describeBranches(exposure.when) };
        if (exposure.kind === 'public') yield { at: exposure.at, messageId: 'permissionPublic', data };
        else if (exposure.kind === 'anySource') yield { at: exposure.at, messageId: 'anySource', data: { ...data, service: exposure.service }, severity: 'warning' };
      }
      return;
    }
    for (const { document, statement, when } of grantingStatements(ctx.graph, resource, 'resource')) {
      const exposure = exposureOf(statement);
      if (!exposure?.public) continue;
      const entry = exposure.everyone[0];
      const at = entry ? entry.value.value : statement.element('NotPrincipal');
      const who = exposure.via === 'NotPrincipal' ? 'everyone except its NotPrincipal entries' : entry?.type === '*' ? "everyone ('*')" : `everyone ({ ${entry?.type}: '*' })`;
      const ignored = exposure.ignored.length > 0 ? `; present but not limiting: ${describeIgnored(exposure.ignored)}` : '';
      yield {
        at,
        messageId: 'public',
        data: { where: capitalized(document.label), who, statement: describeStatement(statement), when: describeBranches([...when, ...(entry?.value.when ?? [])]), ignored },
      };
    }
  },
});
