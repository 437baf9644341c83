/**
 * Which rule owns which concern, so that one problem is one finding: the hand-written input of the "Which rule owns
 * what" section of docs/rules.md (rules-doc.ts renders it). Each row states the concern, the rule that reports it,
 * and what the neighbouring rules do with the same statement. Keep it true to the rules' code: the rule tests pin
 * each decision.
 */
export const OWNERSHIP: readonly { concern: string; owner: string; others: string }[] = [
  {
    concern: '`*` on `*` in an identity policy (administrator access)',
    owner: 'iam/no-allow-not-action (`admin`)',
    others: 'iam/no-wildcard-actions and iam/no-wildcard-resources leave that `*` action and `*` resource alone.',
  },
  {
    concern: 'Allow with NotAction or NotResource, in any policy (bucket policies included)',
    owner: 'iam/no-allow-not-action',
    others: 's3/least-privilege-policy leaves NotAction to it.',
  },
  {
    concern: 'A wildcard action (`svc:*`, `s3:Put*`) in an identity or non-bucket resource policy',
    owner: 'iam/no-wildcard-actions',
    others:
      "iam/no-wildcard-resources reports the statement's `*` resource: one problem with the wildcard action, so the " +
      "action's finding carries the resource's as related information (a suppression of one part leaves the other).",
  },
  {
    concern: 'A wildcard action, or a grant to another account, in a bucket policy',
    owner: 's3/least-privilege-policy (S3-2 and IAM-2)',
    others: 'iam/no-wildcard-actions skips bucket policies.',
  },
  {
    concern: 'A public principal (`*`, `{"AWS": "*"}`) in a bucket policy',
    owner: 's3/no-public-bucket-policy (S3-1 and IAM-2)',
    others: "iam/no-public-principal skips bucket policies; NotPrincipal is s3/least-privilege-policy's.",
  },
  {
    concern:
      'A public principal in a queue, topic, key, repository, secret or trust policy, or a public Lambda permission, ' +
      'function URL (AuthType NONE, SAM `FunctionUrlConfig` included) or layer version permission',
    owner: 'iam/no-public-principal',
    others:
      'A public URL is one finding, on the permission for `*` with FunctionUrlAuthType NONE (on `FunctionUrlConfig` ' +
      'in SAM); its InvokedViaFunctionUrl companion and the `AWS::Lambda::Url` add none. The URL is a note only when ' +
      'no permission of the input opens it.',
  },
  {
    concern: 'A service principal without aws:SourceArn / aws:SourceAccount in a resource policy',
    owner: 'iam/service-source-condition (Lambda permissions: iam/no-public-principal)',
    others: '—',
  },
  {
    concern: 'What a principal can do with all its policies together (administrator access, Permissions management on every resource)',
    owner: 'iam/principal-least-privilege, once per principal',
    others:
      'The statement rules report each contributing wildcard where it is written. When one statement of the input is ' +
      "the whole cause (no AWS managed policy adds to it), the principal's finding is that statement's problem: it is " +
      "carried as related information by the statement's finding.",
  },
  {
    concern: 'An AWS managed policy attached (IAM-1)',
    owner: 'iam/no-managed-policies, on the ARN or SAM Policies entry',
    others: 'iam/principal-least-privilege counts what the policy grants (IAM-2), a separate control.',
  },
  {
    concern: 'A bucket without a TLS-only Deny, or a bucket policy for a bucket outside the template without one',
    owner: 's3/tls-only',
    others: '—',
  },
];
