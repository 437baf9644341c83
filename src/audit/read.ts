import { isMissing } from './errors.js';

/** The outcome of one `Get…` call: the configuration, its documented absence, or a failure already recorded. */
export type Read<T> = { kind: 'ok'; value: T } | { kind: 'missing'; code: string } | { kind: 'failed' };

/**
 * Reads one configuration. The error codes in `missing` are how S3 says "not configured"
 * (`NoSuchPublicAccessBlockConfiguration`, `ServerSideEncryptionConfigurationNotFoundError` …): that is data. Any
 * other failure is handed to `fail` (which records an error entry) and reads as `failed`, so the checks that need
 * it are skipped and the others still run.
 */
export async function read<T>(send: () => Promise<T>, missing: readonly string[], fail: (error: unknown) => void): Promise<Read<T>> {
  try {
    return { kind: 'ok', value: await send() };
  } catch (error) {
    if (isMissing(error, ...missing)) return { kind: 'missing', code: (error as { name: string }).name };
    fail(error);
    return { kind: 'failed' };
  }
}
