import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** Credentials or a provider of them, as every client takes them. */
export type CredentialsOption = NonNullable<S3ClientConfig['credentials']>;

/** How the audit reaches AWS. Everything has a default; tests point `endpoint` at a local fake. */
export interface ConnectionOptions {
  /** A named profile of the shared config files (`--aws-profile`); `AWS_PROFILE` works through the default chain. */
  awsProfile?: string;
  /** Role to assume before auditing (`--role-arn`), with the base credentials. */
  roleArn?: string;
  /** External id for the role's trust policy, when it asks for one. */
  externalId?: string;
  /** Fixed credentials (tests), instead of the provider chain. */
  credentials?: CredentialsOption;
  /** Send every request here instead of the service endpoints (a VPC endpoint, LocalStack, the test fake). */
  endpoint?: string;
  /** Attempts per call, retries included (default 8): throttling is retried with backoff by the SDK's adaptive mode. */
  maxAttempts?: number;
}

/** The service clients of one region, created on first use. */
export interface RegionClients {
  s3(): S3Client;
  cloudformation(): CloudFormationClient;
  ec2(): EC2Client;
  lambda(): LambdaClient;
}

type Provider = ReturnType<typeof fromTemporaryCredentials>;

/** One AssumeRole for every client, renewed five minutes before the credentials expire; a failure is not kept. */
function reused(provider: Provider): Provider {
  let current: ReturnType<Provider> | undefined;
  let expires = Number.POSITIVE_INFINITY;
  return (...args) => {
    if (!current || expires - Date.now() < 300_000) {
      expires = Number.POSITIVE_INFINITY;
      current = provider(...args).then(
        (credentials) => {
          if (credentials.expiration) expires = credentials.expiration.getTime();
          return credentials;
        },
        (error: unknown) => {
          current = undefined;
          throw error;
        },
      );
    }
    return current;
  };
}

/** Creates clients per region with one credential provider, one retry policy and the endpoint override. */
export class Clients {
  readonly credentials: CredentialsOption;
  readonly #options: ConnectionOptions;
  readonly #regions = new Map<string, RegionClients>();
  readonly #global = new Map<string, unknown>();
  readonly #all: { destroy(): void }[] = [];

  constructor(options: ConnectionOptions, baseRegion: string) {
    this.#options = options;
    const base = options.credentials ?? fromNodeProviderChain(options.awsProfile ? { profile: options.awsProfile } : {});
    this.credentials = options.roleArn
      ? reused(
          fromTemporaryCredentials({
            masterCredentials: base,
            params: {
              RoleArn: options.roleArn,
              RoleSessionName: 'stackwarden-audit',
              ...(options.externalId ? { ExternalId: options.externalId } : {}),
            },
            clientConfig: this.config(baseRegion),
          }),
        )
      : base;
    this.baseRegion = baseRegion;
  }

  readonly baseRegion: string;

  /** The settings every client shares: the SDK's adaptive retry mode (backoff plus client-side rate limiting on throttling). */
  config(region: string) {
    const endpoint = this.#options.endpoint;
    return {
      region,
      maxAttempts: this.#options.maxAttempts ?? 8,
      retryMode: 'adaptive',
      // The endpoint override replaces the host, so the host prefixes of S3 Control (`<account>.`) must go.
      ...(endpoint ? { endpoint, disableHostPrefix: true } : {}),
    } as const;
  }

  #make<T extends { destroy(): void }>(client: T): T {
    this.#all.push(client);
    return client;
  }

  /** The regional clients (S3 calls for a bucket go to the bucket's region). */
  region(region: string): RegionClients {
    let clients = this.#regions.get(region);
    if (!clients) {
      const config = { ...this.config(region), credentials: this.credentials };
      let s3: S3Client | undefined;
      let cfn: CloudFormationClient | undefined;
      let ec2: EC2Client | undefined;
      let lambda: LambdaClient | undefined;
      const pathStyle = this.#options.endpoint !== undefined;
      clients = {
        s3: () => (s3 ??= this.#make(new S3Client({ ...config, forcePathStyle: pathStyle, followRegionRedirects: true }))),
        cloudformation: () => (cfn ??= this.#make(new CloudFormationClient(config))),
        ec2: () => (ec2 ??= this.#make(new EC2Client(config))),
        lambda: () => (lambda ??= this.#make(new LambdaClient(config))),
      };
      this.#regions.set(region, clients);
    }
    return clients;
  }

  #once<T extends { destroy(): void }>(key: string, make: () => T): T {
    let client = this.#global.get(key) as T | undefined;
    if (!client) this.#global.set(key, (client = this.#make(make())));
    return client;
  }

  iam(): IAMClient {
    return this.#once('iam', () => new IAMClient({ ...this.config(this.baseRegion), credentials: this.credentials }));
  }

  sts(): STSClient {
    return this.#once('sts', () => new STSClient({ ...this.config(this.baseRegion), credentials: this.credentials }));
  }

  s3control(): S3ControlClient {
    return this.#once('s3control', () => {
      // S3 Control's endpoint rules put the account id in front of the host (`<account>.s3-control…`) even with an
      // endpoint override, which turns `127.0.0.1` or a proxy's name into a host that does not resolve: with an
      // override, the endpoint given is the endpoint used.
      const endpoint = this.#options.endpoint;
      return new S3ControlClient({
        ...this.config(this.baseRegion),
        credentials: this.credentials,
        ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
      });
    });
  }

  organizations(): OrganizationsClient {
    return this.#once('organizations', () => new OrganizationsClient({ ...this.config(this.baseRegion), credentials: this.credentials }));
  }

  /** Closes every client's sockets. */
  destroy(): void {
    for (const client of this.#all) client.destroy();
  }
}
