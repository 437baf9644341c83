import { describeBranches, nodeWithin, policyBucketLabel } from '../../graph/query.js';
import { describeActions } from '../../iam/describe.js';
import { statementsOf } from '../../iam/policy.js';
import { publicAccessOf } from '../../iam/principal.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/no-public-bucket-policy',
  title: 'Bucket policies allow a wildcard principal only with a condition that limits the caller',
  description:
    'The seed asks that buckets use the correct policies and are not publicly accessible. An Allow statement whose ' +
    'principal is "*" (or {"AWS": "*"}) grants anyone on the internet, anonymous callers included, unless a condition ' +
    'pins the caller to fixed values: aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceArn, ' +
    'aws:SourceAccount, aws:SourceOwner, aws:SourceOrgID, aws:SourceVpc, aws:SourceVpce, aws:userid, or aws:SourceIp ' +
    'with a CIDR narrower than /0, under a positive operator (not …IfExists, ForAllValues: or a negated one) and ' +
    'without wildcards or policy variables. aws:Referer and aws:UserAgent do not count: they are headers any client ' +
    'sets. Both branches of Fn::If are checked, and a statement is reported for the branch where it is open.',
  fix:
    'Name the principals that need access (an account, a role, or the service principal with aws:SourceArn / ' +
    'aws:SourceAccount), or add a restricting condition such as aws:PrincipalOrgID. For a website, serve the bucket ' +
    'through CloudFront with origin access control and allow only cloudfront.amazonaws.com with aws:SourceArn.',
  controls: ['S3-1'],
  severity: 'error',
  appliesTo: ['AWS::S3::BucketPolicy'],
  peers: {
    cdkNag: ['HIPAA.Security-S3BucketPublicReadProhibited', 'HIPAA.Security-S3BucketPublicWriteProhibited', 'NIST.800.53.R5-S3BucketPublicReadProhibited', 'NIST.800.53.R5-S3BucketPublicWriteProhibited'],
    checkov: [],
    cfnNag: ['F16'],
    securityHub: ['S3.2', 'S3.3'],
  },
  messages: {
    public:
      "Bucket policy '{{policy}}' allows everyone ({{principal}}) {{actions}} on bucket '{{bucket}}'{{when}}, with no condition that limits who can call.{{detail}}",
  },
  *check(policy, ctx) {
    const bucket = policyBucketLabel(ctx.graph, policy);
    for (const statement of statementsOf(ctx.graph, ctx.graph.get(policy, 'Properties', 'PolicyDocument'))) {
      // Only grants matter here. An Effect not known before deployment is left to IAM-2's policy rules: a wildcard
      // principal is the usual form of a Deny (the TLS guard), so guessing Allow would be noise.
      if (statement.effect !== 'Allow') continue;
      const access = publicAccessOf(statement);
      // Allow with NotPrincipal is public too; s3/least-privilege-policy reports it with its own message.
      if (!access || access.via !== 'Principal' || access.when === null) continue;
      const principal = access.principals[0]!;
      const ignored = access.verdicts.filter((v) => !v.restricts).map((v) => v.reason);
      yield {
        at: nodeWithin(policy, [principal.value.value, statement.element('Principal')]),
        messageId: 'public',
        data: {
          policy: policy.logicalId,
          bucket,
          principal: principal.type === '*' ? '"*"' : `${principal.type}: "*"`,
          actions: describeActions(statement),
          when: describeBranches(access.when),
          detail: ignored.length > 0 ? ` Its conditions do not limit it: ${ignored.join('; ')}.` : '',
        },
      };
    }
  },
});
