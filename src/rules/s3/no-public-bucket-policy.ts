import { policyBucketLabel } from '../../aws/s3.js';
import { describeBranches, nodeWithin } from '../../graph/query.js';
import { describeActions } from '../../iam/describe.js';
import { describeStatement, statementsOf } from '../../iam/policy.js';
import { describeIgnored, exposureOf, guardOf, RESTRICTION_CRITERIA } from '../../iam/principal.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/no-public-bucket-policy',
  title: 'Bucket policies allow a wildcard principal only with a condition that limits the caller',
  description:
    'The guidance asks that buckets use the correct policies and are not publicly accessible. An Allow statement whose ' +
    'principal is "*" (or {"AWS": "*"}) grants anyone on the internet, anonymous callers included, unless a condition ' +
    'limits the caller. ' +
    RESTRICTION_CRITERIA +
    ' This is the same test iam/no-public-principal applies to other resource policies; that rule skips bucket policies, ' +
    'so a public bucket-policy statement is one finding, under both S3-1 and IAM-2 (wildcard principals in resource ' +
    'policies). Allow with NotPrincipal is reported by s3/least-privilege-policy. A Deny statement for everyone that ' +
    'takes the grant back from every caller outside fixed values (`StringNotEquals aws:SourceVpce`, the data-perimeter ' +
    'form) limits who gets it: that is a warning, not an error, which says that S3 still counts the policy as public, ' +
    'since Block Public Access judges the Allow statements (and, with BlockPublicPolicy on, rejects the policy).',
  fix:
    'Name the principals that need access (an account, a role, or the service principal with aws:SourceArn / ' +
    'aws:SourceAccount), or add a restricting condition such as aws:PrincipalOrgID. For a website, serve the bucket ' +
    'through CloudFront with origin access control and allow only cloudfront.amazonaws.com with aws:SourceArn.',
  controls: ['S3-1', 'IAM-2'],
  severity: 'error',
  appliesTo: ['AWS::S3::BucketPolicy'],
  peers: {
    cdkNag: [
      'HIPAA.Security-S3BucketPublicReadProhibited',
      'HIPAA.Security-S3BucketPublicWriteProhibited',
      'NIST.800.53.R5-S3BucketPublicReadProhibited',
      'NIST.800.53.R5-S3BucketPublicWriteProhibited',
    ],
    checkov: [],
    cfnNag: ['F16'],
    securityHub: ['S3.2', 'S3.3'],
  },
  messages: {
    public:
      "Bucket policy '{{policy}}' allows everyone ({{principal}}) {{actions}} on bucket '{{bucket}}'{{when}}, with no condition that limits who can call.{{detail}}",
    guarded:
      "Bucket policy '{{policy}}' allows everyone ({{principal}}) {{actions}} on bucket '{{bucket}}'{{when}}; {{guard}} denies it to every caller outside the {{keys}} values it names, so only those get it, but S3 still counts the policy as public: Block Public Access judges the Allow statements (with BlockPublicPolicy on, the default for new buckets, S3 rejects the policy).",
  },
  *check(policy, ctx) {
    const bucket = policyBucketLabel(ctx.graph, policy);
    const statements = statementsOf(ctx.graph, ctx.graph.get(policy, 'Properties', 'PolicyDocument'));
    for (const statement of statements) {
      // Only grants are public (exposureOf is null for anything but Allow). An Effect not known before deployment is
      // left alone: a wildcard principal is the usual form of a Deny (the TLS guard), so guessing Allow would be noise.
      const exposure = exposureOf(statement);
      // Allow with NotPrincipal is public too; s3/least-privilege-policy reports it with its own message.
      if (!exposure?.principal || exposure.when === null) continue;
      const principal = exposure.principal;
      const ignored = describeIgnored(exposure.verdicts);
      const at = nodeWithin(policy, [principal.value.value, statement.element('Principal')]);
      const data = {
        policy: policy.logicalId,
        bucket,
        principal: principal.type === '*' ? '"*"' : `${principal.type}: "*"`,
        actions: describeActions(statement),
        when: describeBranches(exposure.when),
      };
      // A Deny for everyone outside fixed callers (a VPC endpoint, the organization) limits who gets the grant.
      const guard = guardOf(statements, statement);
      if (guard)
        yield {
          at,
          messageId: 'guarded',
          data: { ...data, guard: describeStatement(guard.statement), keys: guard.keys.join(' and ') },
          severity: 'warning',
        };
      else yield { at, messageId: 'public', data: { ...data, detail: ignored ? ` Its conditions do not limit it: ${ignored}.` : '' } };
    }
  },
});
