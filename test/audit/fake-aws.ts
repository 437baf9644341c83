/**
 * A fake AWS on 127.0.0.1 for the audit's integration and load tests. It speaks each service's wire format the
 * way the real endpoints do (REST-XML for S3 and S3 Control, the query protocol for STS, CloudFormation and IAM,
 * EC2's own query dialect, REST-JSON for Lambda), checks every request's SigV4 signature with the test's secret
 * key, and can deny or throttle a region. It counts requests and the requests in flight per service, so tests
 * can assert bounded concurrency where it matters: at the server.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ACCESS_KEY = 'AKIAFAKEAUDIT0000001';
export const SECRET_KEY = 'fake-secret-key-for-the-local-endpoint';

export interface FakeBucket {
  name: string;
  region: string;
  versioning?: { status: 'Enabled' | 'Suspended'; mfaDelete?: 'Enabled' | 'Disabled' };
  /** Absent: NoSuchPublicAccessBlockConfiguration. */
  publicAccessBlock?: Partial<Record<'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets', boolean>>;
  policy?: unknown;
  /** Absent: ServerSideEncryptionConfigurationNotFoundError. */
  encryption?: 'AES256' | 'aws:kms';
  ownership?: 'BucketOwnerEnforced' | 'ObjectWriter' | 'BucketOwnerPreferred';
  publicRead?: boolean;
  replicateTo?: string;
}

export interface FakeStack {
  name: string;
  region: string;
  terminationProtection: boolean;
  resources: { logicalId: string; physicalId: string; type: string }[];
}

export interface FakeRole {
  name: string;
  path?: string;
  managed: string[];
  inline?: Record<string, unknown>;
  trust?: unknown;
}

export interface FakeWorld {
  account: string;
  regions: string[];
  buckets: FakeBucket[];
  stacks: FakeStack[];
  roles: FakeRole[];
  securityGroups: { id: string; region: string; name?: string; open: { port: number; cidr: string }[] }[];
  functions: { name: string; region: string; runtime: string }[];
  /** Undefined: the account has no account-level Block Public Access (NoSuchPublicAccessBlockConfiguration). */
  accountPublicAccessBlock?: Partial<
    Record<'BlockPublicAcls' | 'IgnorePublicAcls' | 'BlockPublicPolicy' | 'RestrictPublicBuckets', boolean>
  >;
  /** Regions where every regional call is denied (an SCP), S3 calls for their buckets included. */
  denyRegions?: string[];
  /** Regions whose requests fail with throttling (on a first attempt), `throttleCount` times per region and service. */
  throttleRegions?: string[];
  /** How many requests each throttled region and service throttles (default 5). */
  throttleCount?: number;
  /** Every request's first attempt fails with a 503 (retried by the SDK). */
  fail503Once?: boolean;
  /** Items per page, for every paginated answer. */
  pageSize?: number;
  /** Delay per answer, in milliseconds, so that concurrency shows. */
  latencyMs?: number;
  /**
   * The AWS Organization this (management) account runs: ListAccounts lists `accounts`, and AssumeRole into one of
   * them hands out credentials of its own (checked by the signature), with which the fake serves that account: the
   * same world with the member's id (and `world` over it), or AccessDenied for `assumeFails`.
   */
  organization?: {
    accounts: { id: string; name?: string; status?: 'ACTIVE' | 'SUSPENDED'; assumeFails?: boolean; world?: Partial<FakeWorld> }[];
  };
}

/** The credentials AssumeRole hands out for a member account. */
export function memberKeys(account: string): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: `ASIA${account}`, secretAccessKey: `fake-secret-of-${account}` };
}

export interface FakeStats {
  requests: Record<string, number>;
  operations: Record<string, number>;
  inFlight: Record<string, number>;
  maxInFlight: Record<string, number>;
  throttled: number;
  failed503: number;
  badSignatures: string[];
  /** Every request line, for debugging failed assertions. */
  log: string[];
}

export interface FakeAws {
  endpoint: string;
  stats: FakeStats;
  close(): Promise<void>;
}

export async function startFakeAws(world: FakeWorld): Promise<FakeAws> {
  const stats: FakeStats = {
    requests: {},
    operations: {},
    inFlight: {},
    maxInFlight: {},
    throttled: 0,
    failed503: 0,
    badSignatures: [],
    log: [],
  };
  const attempts = new Map<string, number>();
  const throttles = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void handle(world, stats, attempts, throttles, req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  world: FakeWorld,
  stats: FakeStats,
  attempts: Map<string, number>,
  throttles: Map<string, number>,
  req: IncomingMessage,
  body: string,
  res: ServerResponse,
): Promise<void> {
  const scope = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  // Credentials from AssumeRole: the request is served as the member account.
  const member = world.organization?.accounts.find((a) => scope?.[1] === memberKeys(a.id).accessKeyId);
  if (member) world = { ...world, ...member.world, account: member.id, organization: undefined };
  const secret = member ? memberKeys(member.id).secretAccessKey : SECRET_KEY;
  const service = scope?.[4] ?? 'unsigned';
  const region = scope?.[3] ?? 'none';
  stats.requests[service] = (stats.requests[service] ?? 0) + 1;
  stats.inFlight[service] = (stats.inFlight[service] ?? 0) + 1;
  stats.maxInFlight[service] = Math.max(stats.maxInFlight[service] ?? 0, stats.inFlight[service]!);
  try {
    if (world.latencyMs) await new Promise((r) => setTimeout(r, world.latencyMs));
    const problem = verifySignature(req, body, scope, secret, member ? memberKeys(member.id).accessKeyId : ACCESS_KEY);
    if (problem) {
      stats.badSignatures.push(`${req.method} ${req.url}: ${problem}`);
      return send(res, 403, xmlError('SignatureDoesNotMatch', problem));
    }
    const answer = route(world, service, region, req, body);
    stats.operations[answer.operation] = (stats.operations[answer.operation] ?? 0) + 1;
    stats.log.push(`${service} ${region} ${answer.operation} ${req.url}`);
    const key = `${service} ${region} ${req.method} ${req.url} ${body}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const budget = `${service} ${region}`;
    if (
      attempt === 1 &&
      world.throttleRegions?.includes(region) &&
      answer.operation !== 'GetCallerIdentity' &&
      (throttles.get(budget) ?? 0) < (world.throttleCount ?? 5)
    ) {
      throttles.set(budget, (throttles.get(budget) ?? 0) + 1);
      stats.throttled++;
      return send(res, ...throttle(service));
    }
    if (attempt === 1 && world.fail503Once) {
      stats.failed503++;
      return send(
        res,
        503,
        service === 'lambda'
          ? { body: '{"message":"unavailable"}', headers: { 'x-amzn-errortype': 'ServiceException' } }
          : xmlError('ServiceUnavailable', 'try again'),
      );
    }
    return send(res, answer.status, answer.reply);
  } finally {
    stats.inFlight[service]!--;
  }
}

type Reply = { body: string; headers?: Record<string, string> };
interface Answer {
  operation: string;
  status: number;
  reply: Reply;
}

function send(res: ServerResponse, status: number, reply: Reply): void {
  res.writeHead(status, { 'content-type': reply.headers?.['content-type'] ?? 'text/xml', 'x-amzn-requestid': 'fake', ...reply.headers });
  res.end(reply.body);
}

/** Each service's throttling answer: S3's 503 SlowDown, the query services' 400 Throttling, EC2's RequestLimitExceeded, Lambda's 429. */
function throttle(service: string): [number, Reply] {
  if (service === 's3') return [503, xmlError('SlowDown', 'Please reduce your request rate.')];
  if (service === 'ec2') return [503, ec2Error('RequestLimitExceeded', 'Request limit exceeded.')];
  if (service === 'lambda')
    return [
      429,
      {
        body: '{"message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}',
        headers: { 'x-amzn-errortype': 'TooManyRequestsException', 'content-type': 'application/json' },
      },
    ];
  return [400, queryError('Throttling', 'Rate exceeded')];
}

function route(world: FakeWorld, service: string, region: string, req: IncomingMessage, body: string): Answer {
  const url = new URL(req.url ?? '/', 'http://fake');
  const denied = world.denyRegions?.includes(region) ?? false;
  switch (service) {
    case 'sts':
      return sts(world, new URLSearchParams(body));
    case 'organizations':
      return organizations(world, req, body);
    case 's3':
      if (url.pathname.startsWith('/v20180820/')) return s3control(world, req);
      return s3(world, url, region, denied);
    case 'cloudformation':
      return cloudformation(world, region, new URLSearchParams(body), denied);
    case 'iam':
      return iam(world, new URLSearchParams(body));
    case 'ec2':
      return ec2(world, region, new URLSearchParams(body), denied);
    case 'lambda':
      return lambda(world, region, url, denied);
    default:
      return { operation: 'unknown', status: 400, reply: xmlError('UnknownService', service) };
  }
}

// ------------------------------------------------------------------------------------ STS and Organizations

function sts(world: FakeWorld, params: URLSearchParams): Answer {
  if (params.get('Action') !== 'AssumeRole')
    return query(
      'GetCallerIdentity',
      'sts',
      `<Arn>arn:aws:iam::${world.account}:user/auditor</Arn><UserId>AIDAFAKE</UserId><Account>${world.account}</Account>`,
    );
  const roleArn = params.get('RoleArn') ?? '';
  const target = world.organization?.accounts.find((a) => roleArn.startsWith(`arn:aws:iam::${a.id}:role/`));
  if (!target || target.assumeFails)
    return {
      operation: 'AssumeRole',
      status: 403,
      reply: queryError(
        'AccessDenied',
        `User arn:aws:iam::${world.account}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      ),
    };
  const keys = memberKeys(target.id);
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  return query(
    'AssumeRole',
    'sts',
    `<Credentials><AccessKeyId>${keys.accessKeyId}</AccessKeyId><SecretAccessKey>${keys.secretAccessKey}</SecretAccessKey><SessionToken>fake-session-${target.id}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${target.id}:assumed-role/${roleArn.split('/').pop()}/stackwarden-audit</Arn><AssumedRoleId>AROAFAKE:stackwarden-audit</AssumedRoleId></AssumedRoleUser>`,
  );
}

/** Organizations speaks JSON 1.1: the operation is in X-Amz-Target, the error code in `__type`. */
function organizations(world: FakeWorld, req: IncomingMessage, body: string): Answer {
  const operation =
    String(req.headers['x-amz-target'] ?? '')
      .split('.')
      .pop() ?? '';
  const json = (status: number, value: unknown): Answer => ({
    operation,
    status,
    reply: { body: JSON.stringify(value), headers: { 'content-type': 'application/x-amz-json-1.1' } },
  });
  if (operation !== 'ListAccounts') return json(400, { __type: 'InvalidInputException', Message: operation });
  if (!world.organization) return json(400, { __type: 'AWSOrganizationsNotInUseException', Message: 'not in an organization' });
  const request = JSON.parse(body || '{}') as { NextToken?: string };
  const { page, next } = paged(world.organization.accounts, request.NextToken ?? null, world.pageSize ?? 20);
  return json(200, {
    Accounts: page.map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${world.account}:account/o-fake/${a.id}`,
      Name: a.name ?? a.id,
      Email: `${a.id}@example.com`,
      Status: a.status ?? 'ACTIVE',
      State: a.status ?? 'ACTIVE',
    })),
    ...(next ? { NextToken: next } : {}),
  });
}

// ---------------------------------------------------------------------------------------------- S3 (REST-XML)

const S3NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

function s3(world: FakeWorld, url: URL, region: string, denied: boolean): Answer {
  const q = url.searchParams;
  const name = decodeURIComponent(url.pathname.slice(1).split('/')[0] ?? '');
  if (name === '') {
    const size = Math.min(Number(q.get('max-buckets') ?? 1000), world.pageSize ?? 1000);
    const start = Number(q.get('continuation-token') ?? 0);
    const page = world.buckets.slice(start, start + size);
    const more = start + size < world.buckets.length;
    const items = page
      .map(
        (b) =>
          `<Bucket><Name>${b.name}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate><BucketRegion>${b.region}</BucketRegion></Bucket>`,
      )
      .join('');
    return ok(
      'ListBuckets',
      `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult ${S3NS}><Owner><ID>owner</ID></Owner><Buckets>${items}</Buckets>${more ? `<ContinuationToken>${start + size}</ContinuationToken>` : ''}</ListAllMyBucketsResult>`,
    );
  }
  const bucket = world.buckets.find((b) => b.name === name);
  const op = q.has('publicAccessBlock')
    ? 'GetPublicAccessBlock'
    : q.has('policy')
      ? 'GetBucketPolicy'
      : q.has('versioning')
        ? 'GetBucketVersioning'
        : q.has('encryption')
          ? 'GetBucketEncryption'
          : q.has('ownershipControls')
            ? 'GetBucketOwnershipControls'
            : q.has('acl')
              ? 'GetBucketAcl'
              : q.has('website')
                ? 'GetBucketWebsite'
                : q.has('replication')
                  ? 'GetBucketReplication'
                  : q.has('location')
                    ? 'GetBucketLocation'
                    : 'unknown';
  if (!bucket) return { operation: op, status: 404, reply: xmlError('NoSuchBucket', `The specified bucket ${name} does not exist`) };
  if (denied || region !== bucket.region) {
    // A region denied by an SCP answers AccessDenied; a request signed for the wrong region is what S3 redirects.
    if (!denied)
      return {
        operation: op,
        status: 301,
        reply: xmlError('PermanentRedirect', `use ${bucket.region}`, { 'x-amz-bucket-region': bucket.region }),
      };
    return { operation: op, status: 403, reply: xmlError('AccessDenied', 'Access Denied') };
  }
  const missing = (code: string) => ({ operation: op, status: 404, reply: xmlError(code, 'not configured') });
  switch (op) {
    case 'GetPublicAccessBlock':
      return bucket.publicAccessBlock ? ok(op, pabXml(bucket.publicAccessBlock)) : missing('NoSuchPublicAccessBlockConfiguration');
    case 'GetBucketPolicy':
      return bucket.policy
        ? { operation: op, status: 200, reply: { body: JSON.stringify(bucket.policy), headers: { 'content-type': 'application/json' } } }
        : missing('NoSuchBucketPolicy');
    case 'GetBucketVersioning':
      return ok(
        op,
        `<VersioningConfiguration ${S3NS}>${bucket.versioning ? `<Status>${bucket.versioning.status}</Status><MfaDelete>${bucket.versioning.mfaDelete ?? 'Disabled'}</MfaDelete>` : ''}</VersioningConfiguration>`,
      );
    case 'GetBucketEncryption':
      return bucket.encryption
        ? ok(
            op,
            `<ServerSideEncryptionConfiguration ${S3NS}><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${bucket.encryption}</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>${bucket.encryption === 'aws:kms'}</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`,
          )
        : missing('ServerSideEncryptionConfigurationNotFoundError');
    case 'GetBucketOwnershipControls':
      return bucket.ownership
        ? ok(op, `<OwnershipControls ${S3NS}><Rule><ObjectOwnership>${bucket.ownership}</ObjectOwnership></Rule></OwnershipControls>`)
        : missing('OwnershipControlsNotFoundError');
    case 'GetBucketAcl': {
      const grant = (grantee: string, permission: string) =>
        `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ${grantee}</Grantee><Permission>${permission}</Permission></Grant>`;
      const grants = [grant('xsi:type="CanonicalUser"><ID>owner</ID>', 'FULL_CONTROL')];
      if (bucket.publicRead) grants.push(grant('xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>', 'READ'));
      return ok(
        op,
        `<AccessControlPolicy ${S3NS}><Owner><ID>owner</ID></Owner><AccessControlList>${grants.join('')}</AccessControlList></AccessControlPolicy>`,
      );
    }
    case 'GetBucketWebsite':
      return missing('NoSuchWebsiteConfiguration');
    case 'GetBucketReplication':
      return bucket.replicateTo
        ? ok(
            op,
            `<ReplicationConfiguration ${S3NS}><Role>arn:aws:iam::${world.account}:role/replication</Role><Rule><ID>dr</ID><Priority>1</Priority><Status>Enabled</Status><Filter></Filter><Destination><Bucket>arn:aws:s3:::${bucket.replicateTo}</Bucket></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule></ReplicationConfiguration>`,
          )
        : missing('ReplicationConfigurationNotFoundError');
    case 'GetBucketLocation':
      return ok(op, `<LocationConstraint ${S3NS}>${bucket.region === 'us-east-1' ? '' : bucket.region}</LocationConstraint>`);
    default:
      return { operation: op, status: 400, reply: xmlError('NotImplemented', url.search) };
  }
}

function s3control(world: FakeWorld, req: IncomingMessage): Answer {
  const op = 'GetAccountPublicAccessBlock';
  if (req.headers['x-amz-account-id'] !== world.account)
    return { operation: op, status: 403, reply: xmlError('AccessDenied', 'wrong account') };
  if (!world.accountPublicAccessBlock)
    return {
      operation: op,
      status: 404,
      reply: xmlError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
    };
  return ok(op, pabXml(world.accountPublicAccessBlock));
}

function pabXml(flags: Record<string, boolean | undefined>): string {
  const inner = Object.entries(flags)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('');
  return `<PublicAccessBlockConfiguration ${S3NS}>${inner}</PublicAccessBlockConfiguration>`;
}

function ok(operation: string, body: string): Answer {
  return { operation, status: 200, reply: { body } };
}

function xmlError(code: string, message: string, headers: Record<string, string> = {}): Reply {
  return {
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`,
    headers,
  };
}

// --------------------------------------------------------------------------------- query protocol (STS, CFN, IAM)

function query(operation: string, service: string, result: string): Answer {
  const ns =
    service === 'sts'
      ? 'https://sts.amazonaws.com/doc/2011-06-15/'
      : service === 'iam'
        ? 'https://iam.amazonaws.com/doc/2010-05-08/'
        : 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
  return ok(
    operation,
    `<${operation}Response xmlns="${ns}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${operation}Response>`,
  );
}

function queryError(code: string, message: string): Reply {
  return {
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
  };
}

/** Page `items` by the numeric token the fake hands out. */
function paged<T>(items: T[], token: string | null, size: number): { page: T[]; next: string | undefined } {
  const start = Number(token ?? 0);
  return { page: items.slice(start, start + size), next: start + size < items.length ? String(start + size) : undefined };
}

function cloudformation(world: FakeWorld, region: string, params: URLSearchParams, denied: boolean): Answer {
  const action = params.get('Action') ?? '';
  if (denied)
    return {
      operation: action,
      status: 403,
      reply: queryError('AccessDenied', `User is not authorized to perform: cloudformation:${action} in ${region}`),
    };
  const size = world.pageSize ?? 100;
  if (action === 'DescribeStacks') {
    const { page, next } = paged(
      world.stacks.filter((s) => s.region === region),
      params.get('NextToken'),
      size,
    );
    const members = page
      .map(
        (s) =>
          `<member><StackName>${s.name}</StackName><StackId>${stackId(world, s)}</StackId><CreationTime>2024-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><EnableTerminationProtection>${s.terminationProtection}</EnableTerminationProtection></member>`,
      )
      .join('');
    return query(action, 'cloudformation', `<Stacks>${members}</Stacks>${next ? `<NextToken>${next}</NextToken>` : ''}`);
  }
  if (action === 'ListStackResources') {
    const stack = world.stacks.find((s) => stackId(world, s) === params.get('StackName') || s.name === params.get('StackName'));
    const { page, next } = paged(stack?.resources ?? [], params.get('NextToken'), size);
    const members = page
      .map(
        (r) =>
          `<member><LogicalResourceId>${r.logicalId}</LogicalResourceId><PhysicalResourceId>${r.physicalId}</PhysicalResourceId><ResourceType>${r.type}</ResourceType><LastUpdatedTimestamp>2024-01-01T00:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>`,
      )
      .join('');
    return query(
      action,
      'cloudformation',
      `<StackResourceSummaries>${members}</StackResourceSummaries>${next ? `<NextToken>${next}</NextToken>` : ''}`,
    );
  }
  return { operation: action, status: 400, reply: queryError('InvalidAction', action) };
}

export function stackId(world: FakeWorld, s: FakeStack): string {
  return `arn:aws:cloudformation:${s.region}:${world.account}:stack/${s.name}/0000`;
}

function iam(world: FakeWorld, params: URLSearchParams): Answer {
  const action = params.get('Action') ?? '';
  if (action !== 'GetAccountAuthorizationDetails') return { operation: action, status: 400, reply: queryError('InvalidAction', action) };
  const { page, next } = paged(world.roles, params.get('Marker'), world.pageSize ?? 100);
  const encode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
  const roles = page
    .map((r) => {
      const trust = r.trust ?? {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      };
      const inline = Object.entries(r.inline ?? {})
        .map(([name, doc]) => `<member><PolicyName>${name}</PolicyName><PolicyDocument>${encode(doc)}</PolicyDocument></member>`)
        .join('');
      const managed = r.managed
        .map((arn) => `<member><PolicyName>${arn.split('/').pop()}</PolicyName><PolicyArn>${arn}</PolicyArn></member>`)
        .join('');
      return `<member><Path>${r.path ?? '/'}</Path><RoleName>${r.name}</RoleName><RoleId>AROA${r.name.length}</RoleId><Arn>arn:aws:iam::${world.account}:role${r.path ?? '/'}${r.name}</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${encode(trust)}</AssumeRolePolicyDocument><RolePolicyList>${inline}</RolePolicyList><AttachedManagedPolicies>${managed}</AttachedManagedPolicies></member>`;
    })
    .join('');
  return query(
    action,
    'iam',
    `<UserDetailList/><GroupDetailList/><RoleDetailList>${roles}</RoleDetailList><Policies/><IsTruncated>${next !== undefined}</IsTruncated>${next ? `<Marker>${next}</Marker>` : ''}`,
  );
}

// ------------------------------------------------------------------------------------------------- EC2 query

function ec2Error(code: string, message: string): Reply {
  return {
    body: `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fake</RequestID></Response>`,
  };
}

function ec2(world: FakeWorld, region: string, params: URLSearchParams, denied: boolean): Answer {
  const action = params.get('Action') ?? '';
  const ns = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';
  if (action === 'DescribeRegions') {
    const items = world.regions
      .map(
        (r) =>
          `<item><regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`,
      )
      .join('');
    return ok(
      action,
      `<DescribeRegionsResponse ${ns}><requestId>fake</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>`,
    );
  }
  if (denied)
    return {
      operation: action,
      status: 403,
      reply: ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
    };
  if (action === 'DescribeSecurityGroups') {
    const { page, next } = paged(
      world.securityGroups.filter((g) => g.region === region),
      params.get('NextToken'),
      world.pageSize ?? 100,
    );
    const items = page
      .map((g) => {
        const perms = g.open
          .map(
            (o) =>
              `<item><ipProtocol>tcp</ipProtocol><fromPort>${o.port}</fromPort><toPort>${o.port}</toPort><groups/><ipRanges><item><cidrIp>${o.cidr}</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>`,
          )
          .join('');
        return `<item><ownerId>${world.account}</ownerId><groupId>${g.id}</groupId><groupName>${g.name ?? g.id}</groupName><groupDescription>fake</groupDescription><vpcId>vpc-1</vpcId><ipPermissions>${perms}</ipPermissions><ipPermissionsEgress/></item>`;
      })
      .join('');
    return ok(
      action,
      `<DescribeSecurityGroupsResponse ${ns}><requestId>fake</requestId><securityGroupInfo>${items}</securityGroupInfo>${next ? `<nextToken>${next}</nextToken>` : ''}</DescribeSecurityGroupsResponse>`,
    );
  }
  return { operation: action, status: 400, reply: ec2Error('InvalidAction', action) };
}

// ---------------------------------------------------------------------------------------------- Lambda (JSON)

function lambda(world: FakeWorld, region: string, url: URL, denied: boolean): Answer {
  const op = 'ListFunctions';
  const json = (status: number, value: unknown, type?: string): Answer => ({
    operation: op,
    status,
    reply: { body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) } },
  });
  if (!url.pathname.startsWith('/2015-03-31/functions')) return json(400, { message: url.pathname }, 'InvalidRequestContentException');
  if (denied) return json(403, { message: `not authorized to perform lambda:ListFunctions in ${region}` }, 'AccessDeniedException');
  const { page, next } = paged(
    world.functions.filter((f) => f.region === region),
    url.searchParams.get('Marker'),
    world.pageSize ?? 50,
  );
  return json(200, {
    Functions: page.map((f) => ({
      FunctionName: f.name,
      FunctionArn: `arn:aws:lambda:${region}:${world.account}:function:${f.name}`,
      Runtime: f.runtime,
      PackageType: 'Zip',
    })),
    ...(next ? { NextMarker: next } : {}),
  });
}

// ------------------------------------------------------------------------------------------------------ SigV4

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** RFC 3986 encoding, as SigV4 wants it. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Recomputes the request's SigV4 signature with the test secret and compares; returns what is wrong, or undefined.
 * S3 signs the path as sent (no double encoding) and its payload hash is in x-amz-content-sha256; the other
 * services sign the path encoded once more and the body's hash.
 */
function verifySignature(
  req: IncomingMessage,
  body: string,
  scope: RegExpExecArray | null,
  secret: string,
  accessKey: string,
): string | undefined {
  const auth = req.headers.authorization ?? '';
  if (!scope) return 'no SigV4 Authorization header';
  if (scope[1] !== accessKey) return `unknown access key ${scope[1]}`;
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1];
  const signature = /Signature=([0-9a-f]+)/.exec(auth)?.[1];
  const amzDate = req.headers['x-amz-date'];
  if (!signedHeaders || !signature || typeof amzDate !== 'string') return 'incomplete Authorization header';
  const [, , date, region, service] = scope;
  const url = new URL(req.url ?? '/', 'http://fake');
  const path =
    service === 's3'
      ? url.pathname
      : url.pathname
          .split('/')
          .map((s) => uriEncode(s))
          .join('/');
  const queryString = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, x], [b, y]) => (a! < b! ? -1 : a! > b! ? 1 : x! < y! ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payload = service === 's3' ? String(req.headers['x-amz-content-sha256'] ?? sha256(body)) : sha256(body);
  const canonical = [req.method, path, queryString, canonicalHeaders, signedHeaders, payload].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, `${date}/${region}/${service}/aws4_request`, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return expected === signature ? undefined : `signature mismatch for ${req.method} ${req.url}`;
}
