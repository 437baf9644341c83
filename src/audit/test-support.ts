import { Clients } from './clients.js';
import { AccountAudit } from './context.js';
import { AuditSink } from './findings.js';

/** An account audit for unit tests with aws-sdk-client-mock: fixed credentials, no network (every send is mocked). */
export function mockedAudit(account = '111122223333'): AccountAudit {
  const clients = new Clients({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 }, 'us-east-1');
  let audit: AccountAudit | undefined;
  const sink = new AuditSink((r) => audit?.ownerOf(r.type, r.physicalId));
  audit = new AccountAudit(account, 'aws', clients, sink, { profile: 'recommended', asOf: '2026-12-01', allowedPorts: [80, 443] });
  return audit;
}

/** An SDK-shaped service error (`name` is the error code, as the SDK's ServiceException sets it). */
export function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} (mocked)`), { name, $metadata: { httpStatusCode: status }, $fault: 'client' });
}
