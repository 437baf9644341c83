import type { LoadError } from '../model/types.js';

/** What the SDK v3 throws for a failed call: a `ServiceException` with a name (the error code) and metadata. */
interface SdkError {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The error code of a failed SDK call (`AccessDenied`, `NoSuchBucketPolicy` …), or the error's name. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as SdkError;
    return e.Code ?? e.name ?? 'Error';
  }
  return 'Error';
}

/** Codes that mean "the caller may not", across services (S3 `AccessDenied`, query services `AccessDenied`/`UnauthorizedOperation`). */
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AllAccessDisabled',
  'AWSOrganizationsNotInUseException',
]);

/** Whether the failure is a permission problem (an SCP, a missing permission, a region not enabled for the caller). */
export function isAccessDenied(error: unknown): boolean {
  const code = errorCode(error);
  const status = (error as SdkError | null)?.$metadata?.httpStatusCode;
  return DENIED.has(code) || (status === 403 && code !== 'SignatureDoesNotMatch' && code !== 'InvalidClientTokenId');
}

/** Whether a failure is the "this configuration does not exist" answer of a `Get…` call, which is data, not an error. */
export function isMissing(error: unknown, ...codes: string[]): boolean {
  return codes.includes(errorCode(error));
}

/**
 * One failed call as an error entry of the run: the API call, the resource, and what AWS answered. Partial failure is
 * data: the audit goes on with the other resources and regions, and the run reports what it could not read.
 */
export function auditError(operation: string, resource: string, error: unknown, where: { account: string; region: string }): LoadError {
  const code = errorCode(error);
  const text = error instanceof Error ? error.message : String(error);
  const denied = isAccessDenied(error);
  return {
    file: resource,
    code: denied ? 'AWS_ACCESS_DENIED' : 'AWS_ERROR',
    message: `${operation} on ${resource} failed with ${code}${text && text !== code ? `: ${oneLine(text)}` : ''}${
      denied ? ' (grant the action of docs/audit-policy.json, or check the service control policies of the account)' : ''
    }; what it would have shown was not audited.`,
    line: 1,
    column: 1,
    operation,
    account: where.account,
    region: where.region,
  };
}

/** Error messages from the wire can hold newlines and control characters: report them on one plain line. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);
}
