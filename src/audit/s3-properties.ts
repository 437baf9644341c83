import type {
  GetBucketAclCommandOutput,
  GetBucketEncryptionCommandOutput,
  GetBucketOwnershipControlsCommandOutput,
  GetBucketVersioningCommandOutput,
  GetBucketWebsiteCommandOutput,
} from '@aws-sdk/client-s3';
import type { Read } from './read.js';

/** The live configuration reads a synthetic bucket is written from. */
export interface BucketReads {
  versioning: Read<GetBucketVersioningCommandOutput>;
  encryption: Read<GetBucketEncryptionCommandOutput>;
  ownership: Read<GetBucketOwnershipControlsCommandOutput>;
  acl: Read<GetBucketAclCommandOutput>;
  website: Read<GetBucketWebsiteCommandOutput>;
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/**
 * The `AWS::S3::Bucket` properties that declare what the API answered, so the template rules judge the live
 * state. Where "absent" means something else live than in a template, the live meaning is written out:
 * - no ownership controls live means ACLs are enabled (`ObjectWriter`), while a template without them gets the
 *   2023 default (`BucketOwnerEnforced`);
 * - ACL grants to AllUsers or AuthenticatedUsers become the canned ACL that makes them (`PublicRead`,
 *   `PublicReadWrite`, `AuthenticatedRead`), the form the ACL rule reads.
 * A configuration that could not be read is left out; the caller then does not run the rules that read it.
 */
export function liveBucketProperties(name: string, reads: BucketReads): Record<string, unknown> {
  const properties: Record<string, unknown> = { BucketName: name };
  const { versioning, encryption, ownership, acl, website } = reads;
  // Never-versioned buckets answer with no Status: versioning is off, as when a template leaves it out.
  if (versioning.kind === 'ok' && versioning.value.Status) properties['VersioningConfiguration'] = { Status: versioning.value.Status };
  if (encryption.kind === 'ok') {
    const rules = encryption.value.ServerSideEncryptionConfiguration?.Rules ?? [];
    properties['BucketEncryption'] = {
      ServerSideEncryptionConfiguration: rules.map((r) => ({
        ...(r.ApplyServerSideEncryptionByDefault
          ? {
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: r.ApplyServerSideEncryptionByDefault.SSEAlgorithm,
                ...(r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID
                  ? { KMSMasterKeyID: r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID }
                  : {}),
              },
            }
          : {}),
        ...(r.BucketKeyEnabled !== undefined ? { BucketKeyEnabled: r.BucketKeyEnabled } : {}),
      })),
    };
  }
  if (ownership.kind === 'ok') {
    const rules = ownership.value.OwnershipControls?.Rules ?? [];
    properties['OwnershipControls'] = { Rules: rules.map((r) => ({ ObjectOwnership: r.ObjectOwnership })) };
  } else if (ownership.kind === 'missing') properties['OwnershipControls'] = { Rules: [{ ObjectOwnership: 'ObjectWriter' }] };
  if (acl.kind === 'ok') {
    const canned = cannedAcl(acl.value);
    if (canned) properties['AccessControl'] = canned;
  }
  if (website.kind === 'ok') {
    const w = website.value;
    properties['WebsiteConfiguration'] = {
      ...(w.IndexDocument?.Suffix ? { IndexDocument: w.IndexDocument.Suffix } : {}),
      ...(w.ErrorDocument?.Key ? { ErrorDocument: w.ErrorDocument.Key } : {}),
      ...(w.RedirectAllRequestsTo ? { RedirectAllRequestsTo: { HostName: w.RedirectAllRequestsTo.HostName } } : {}),
    };
  }
  return properties;
}

/** The canned ACL whose public grants the live ACL has, or undefined when it grants nothing public. */
function cannedAcl(acl: GetBucketAclCommandOutput): string | undefined {
  const grants = acl.Grants ?? [];
  const to = (uri: string) => grants.filter((g) => g.Grantee?.Type === 'Group' && g.Grantee.URI === uri).map((g) => g.Permission);
  const everyone = to(ALL_USERS);
  if (everyone.some((p) => p === 'WRITE' || p === 'FULL_CONTROL')) return 'PublicReadWrite';
  if (everyone.length > 0) return 'PublicRead';
  if (to(AUTHENTICATED_USERS).length > 0) return 'AuthenticatedRead';
  return undefined;
}
