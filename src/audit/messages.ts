/**
 * Messages for what only the live account shows, by rule id then message id. A live finding uses its rule's own
 * message where one fits (the policy, ACL, versioning and runtime findings all do); these say what the API
 * answered where the template message would be wrong (a template cannot be asked what the account says).
 */
export const LIVE_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  's3/block-public-access': {
    accountOff:
      'Account {{account}} leaves {{flags}} off in its account-level Block Public Access (S3 Control GetPublicAccessBlock{{missing}}): each bucket then relies on its own settings alone.',
    bucketOff:
      "Bucket '{{bucket}}' leaves {{flags}} off (GetPublicAccessBlock{{missing}}), and the account-level Block Public Access does not turn them on either.",
  },
  's3/mfa-delete': {
    live: "Bucket '{{bucket}}' is versioned and GetBucketVersioning reports MFA delete {{state}}: if its data warrants it, run as the root user `{{command}}`. Only the root user, with its own MFA device, can enable MFA delete.",
  },
  's3/replication': {
    liveNone:
      "Bucket '{{bucket}}' has no replication configuration (GetBucketReplication): no copy of its objects exists in another region for disaster recovery.",
  },
  'cfn/termination-protection': {
    live: "Stack '{{stack}}' in {{region}} does not enable termination protection (DescribeStacks EnableTerminationProtection is false).",
  },
};
