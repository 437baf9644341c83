import type { RuleOptions } from '../rules/define.js';
import type { Clients } from './clients.js';
import { auditError } from './errors.js';
import type { AuditSink, LiveResource, Owner } from './findings.js';
import { Limiter } from './limit.js';

/** Services with a concurrency bound of their own. */
export type Service = 's3' | 'cloudformation' | 'iam' | 'ec2' | 'lambda';

/** Progress of the audit, for a terminal: which region or service, and how many done of how many. */
export type ProgressListener = (event: { account: string; region: string; service: string; done: number; total: number }) => void;

/** Per-service concurrency bounds (requests in flight), chosen under each service's documented request rates. */
export const DEFAULT_CONCURRENCY: Readonly<Record<Service, number>> = { s3: 16, cloudformation: 4, iam: 2, ec2: 4, lambda: 4 };

/** A deployed stack. */
export interface LiveStack {
  name: string;
  region: string;
  arn: string;
  nested: boolean;
}

/** Everything one account's audit shares: its clients, limiters, where findings go, and who owns what. */
export class AccountAudit {
  readonly limiters: Record<Service, Limiter>;
  /** `type|physical id` → the stack and logical id that manage the resource (from ListStackResources). */
  readonly owners = new Map<string, Owner>();
  /** The account's stacks, as DescribeStacks listed them. */
  readonly stacks: LiveStack[] = [];

  constructor(
    readonly account: string,
    readonly partition: string,
    readonly clients: Clients,
    readonly sink: AuditSink,
    readonly options: RuleOptions,
    concurrency: Partial<Record<Service, number>> = {},
    readonly progress: ProgressListener = () => {},
  ) {
    const size = (s: Service) => concurrency[s] ?? DEFAULT_CONCURRENCY[s];
    this.limiters = {
      s3: new Limiter(size('s3')),
      cloudformation: new Limiter(size('cloudformation')),
      iam: new Limiter(size('iam')),
      ec2: new Limiter(size('ec2')),
      lambda: new Limiter(size('lambda')),
    };
  }

  /** The stack managing a live resource, by its type and physical id. */
  ownerOf(type: string, physicalId: string): Owner | undefined {
    return this.owners.get(`${type}|${physicalId}`);
  }

  /** One SDK call through the service's limiter. */
  call<T>(service: Service, send: () => Promise<T>): Promise<T> {
    return this.limiters[service].run(send);
  }

  /**
   * Runs one unit of the audit (a bucket, a region's stacks); a failure becomes an error entry naming the API call
   * and the resource, and the rest of the audit goes on. Returns undefined on failure.
   */
  async guarded<T>(operation: string, resource: string, region: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.sink.error(auditError(errorOperation(error) ?? operation, resource, error, { account: this.account, region }));
      return undefined;
    }
  }

  /** A live resource of this account. */
  resource(arn: string, type: string, region: string, physicalId: string = arn): LiveResource {
    return { arn, type, account: this.account, region, physicalId };
  }
}

/** An error raised by `operationFailed` carries the API call that failed; other errors take the unit's name. */
function errorOperation(error: unknown): string | undefined {
  return error && typeof error === 'object' && 'operation' in error ? String((error as { operation: unknown }).operation) : undefined;
}

/** Tags an SDK failure with the API call (`s3:GetBucketVersioning`) that raised it, for the error entry. */
export async function named<T>(operation: string, send: Promise<T>): Promise<T> {
  try {
    return await send;
  } catch (error) {
    if (error && typeof error === 'object') Object.defineProperty(error, 'operation', { value: operation, configurable: true });
    throw error;
  }
}
