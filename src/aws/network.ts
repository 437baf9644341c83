import type { Graph } from '../graph/build.js';
import type { Branch, Resolved, Resource } from '../graph/values.js';
import { alternatives, renderText } from '../graph/values.js';

/** A parsed CIDR block. Only the family and prefix length decide how open a rule is. */
export interface Cidr {
  family: 4 | 6;
  prefix: number;
}

/**
 * Parses an IPv4 or IPv6 CIDR in any spelling EC2 could be handed (`0.0.0.0/0`, `::/0`, `0::/0`,
 * `0:0:0:0:0:0:0:0/0`, `000.000.000.000/00` …). Undefined for anything that is not a CIDR.
 */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const address = match[1]!;
  const prefix = Number(match[2]);
  if (isIpv4(address)) return prefix <= 32 ? { family: 4, prefix } : undefined;
  if (isIpv6(address)) return prefix <= 128 ? { family: 6, prefix } : undefined;
  return undefined;
}

function isIpv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const all = halves.flatMap(groups);
  // An embedded IPv4 address (`::ffff:1.2.3.4`) may end the address and counts as two groups.
  const last = all.at(-1);
  const v4 = last !== undefined && last.includes('.') ? (isIpv4(last) ? 1 : NaN) : 0;
  if (Number.isNaN(v4)) return false;
  const hex = v4 ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hex.length + 2 * v4;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * How a source CIDR reads: open to every address, a narrower range, or not known before deployment. `allowedBy`
 * names the parameter whose constraints let a deployment open it (its default does not).
 */
export type SourceVerdict =
  | { kind: 'open'; text: string; allowedBy?: string }
  | { kind: 'restricted' }
  | { kind: 'unknown'; reason: string };

/**
 * Spellings of "every address" a parameter's constraints are tried on: the usual ones and a few variants (leading
 * zeros, other address bits). A pattern that admits none of them is taken to forbid the world; a pattern written to
 * admit only an odd spelling of it would be missed.
 */
const WORLD_SPELLINGS = [
  '0.0.0.0/0',
  '::/0',
  '0::/0',
  '::0/0',
  '0.0.0.0/00',
  '1.1.1.1/0',
  '10.0.0.0/0',
  '192.168.0.0/0',
  '255.255.255.255/0',
  '0:0:0:0:0:0:0:0/0',
  '2001:db8::/0',
];

/**
 * Judges one alternative of `CidrIp`/`CidrIpv6`. A prefix length of 0 matches every address, whatever the
 * address bits say. A string with holes (`!Sub ${Net}/0`) is judged by its prefix when the prefix is written.
 * A parameter is judged by what its constraints admit, both ways: an `AllowedValues` entry that opens the world
 * opens it whatever the default; `AllowedValues` or an `AllowedPattern` / length that admit no world-opening
 * spelling close it, default or not.
 */
export function judgeSource(graph: Graph, value: Resolved): SourceVerdict {
  // The ranges of VPCs and subnets (`!GetAtt Vpc.CidrBlock`) are VPC-sized (/16 to /28, /56 or /64): never the world.
  if (value.kind === 'ref' && /^AWS::EC2::(VPC|Subnet|VPCCidrBlock)$/.test(value.resource.type)) return { kind: 'restricted' };
  const constraints = graph.parameterOf(value);
  if (constraints?.allowedValues) {
    // The parameter is one of its AllowedValues, whichever a deployment picks.
    const open = constraints.allowedValues.find((v) => parseCidr(v)?.prefix === 0);
    if (open === undefined) return { kind: 'restricted' };
    if (!(value.kind === 'literal' && parseCidr(String(value.value))?.prefix === 0))
      return { kind: 'open', text: open.trim(), allowedBy: constraints.name };
  } else if (constraints && !WORLD_SPELLINGS.some((w) => constraints.admits(w))) return { kind: 'restricted' };
  if (value.kind === 'unknown') return { kind: 'unknown', reason: value.reason };
  const text = renderText(value, () => '\u0000');
  if (text === undefined) return { kind: 'unknown', reason: `it is a ${value.kind}` };
  if (!text.includes('\u0000')) {
    const cidr = parseCidr(text);
    // Not a CIDR at all: CloudFormation rejects it, so it opens nothing.
    return cidr?.prefix === 0 ? { kind: 'open', text: text.trim() } : { kind: 'restricted' };
  }
  const prefix = /\/(\d{1,3})$/.exec(text)?.[1];
  if (prefix === undefined) return { kind: 'unknown', reason: `the address ${renderText(value)} is not known before deployment` };
  return Number(prefix) === 0 ? { kind: 'open', text: renderText(value) ?? text } : { kind: 'restricted' };
}

/**
 * What a rule's protocol and ports let in. EC2 semantics: `-1` is every protocol and port; a protocol number
 * other than tcp (6), udp (17), icmp (1) and icmpv6 (58) opens every port of that protocol, whatever the range
 * says; for tcp/udp a missing port or `-1` means every port; for icmp the "ports" are ICMP type and code.
 */
export type PortScope =
  | { kind: 'all' }
  | { kind: 'ports'; protocol: string; from: number; to: number }
  | { kind: 'icmp'; protocol: string }
  | { kind: 'unknown'; reason: string };

const PROTOCOLS: Readonly<Record<string, string>> = {
  tcp: 'tcp',
  '6': 'tcp',
  udp: 'udp',
  '17': 'udp',
  icmp: 'icmp',
  '1': 'icmp',
  icmpv6: 'icmpv6',
  '58': 'icmpv6',
};

/** The scope of one combination of protocol, FromPort and ToPort alternatives. */
export function portScope(protocol: Resolved, from: Resolved, to: Resolved): PortScope {
  if (protocol.kind === 'absent') return { kind: 'unknown', reason: 'the rule has no IpProtocol' };
  if (protocol.kind !== 'literal' || protocol.value === null) return { kind: 'unknown', reason: reasonOf(protocol, 'IpProtocol') };
  const name = String(protocol.value).trim().toLowerCase();
  if (name === '-1' || name === 'all') return { kind: 'all' };
  const known = PROTOCOLS[name];
  if (!known)
    return /^\d+$/.test(name)
      ? { kind: 'ports', protocol: `protocol ${name}`, from: 0, to: 65535 }
      : { kind: 'unknown', reason: `IpProtocol '${name}' is not a protocol EC2 knows` };
  if (known === 'icmp' || known === 'icmpv6') return { kind: 'icmp', protocol: known };
  const ends = [from, to].map((p) =>
    p.kind === 'absent' ? -1 : p.kind === 'literal' && /^-?\d+$/.test(String(p.value).trim()) ? Number(p.value) : undefined,
  );
  const bad = [from, to].find((_, i) => ends[i] === undefined);
  if (bad) return { kind: 'unknown', reason: reasonOf(bad, bad === from ? 'FromPort' : 'ToPort') };
  const [a, b] = ends as [number, number];
  if (a === -1 || b === -1) return { kind: 'ports', protocol: known, from: 0, to: 65535 };
  return { kind: 'ports', protocol: known, from: Math.min(a, b), to: Math.max(a, b) };
}

function reasonOf(value: Resolved, property: string): string {
  if (value.kind === 'unknown') return value.reason;
  if (value.kind === 'literal' && value.parameter) return `${property} comes from parameter '${value.parameter}'`;
  return `${property} is not known before deployment`;
}

/**
 * Ports that are dangerous to open to the internet, with the service that listens there: remote administration,
 * databases and caches, file sharing, and the high-risk ports of Security Hub EC2.19.
 */
export const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [20, 'FTP data'],
  [21, 'FTP'],
  [22, 'SSH'],
  [23, 'Telnet'],
  [25, 'SMTP'],
  [110, 'POP3'],
  [135, 'Windows RPC'],
  [137, 'NetBIOS'],
  [138, 'NetBIOS'],
  [139, 'NetBIOS'],
  [143, 'IMAP'],
  [445, 'SMB'],
  [1433, 'SQL Server'],
  [1434, 'SQL Server Browser'],
  [1521, 'Oracle'],
  [2049, 'NFS'],
  [2375, 'Docker API'],
  [2376, 'Docker API (TLS)'],
  [3000, 'development web server'],
  [3306, 'MySQL'],
  [3389, 'RDP'],
  [4333, 'mSQL'],
  [5000, 'development web server'],
  [5432, 'PostgreSQL'],
  [5439, 'Redshift'],
  [5500, 'VNC'],
  [5601, 'Kibana'],
  [5900, 'VNC'],
  [5984, 'CouchDB'],
  [6379, 'Redis'],
  [8080, 'HTTP proxy / admin'],
  [8088, 'HTTP admin'],
  [8888, 'HTTP admin / Jupyter'],
  [9042, 'Cassandra'],
  [9200, 'Elasticsearch'],
  [9300, 'Elasticsearch transport'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
]);

/** Sensitive ports within a range, in port order. */
export function sensitivePortsIn(from: number, to: number): { port: number; service: string }[] {
  return [...SENSITIVE_PORTS].filter(([port]) => port >= from && port <= to).map(([port, service]) => ({ port, service }));
}

/** True when every port of the range is on the allow-list. */
export function onlyAllowedPorts(from: number, to: number, allowed: readonly number[]): boolean {
  const inRange = new Set(allowed.filter((p) => p >= from && p <= to));
  return inRange.size === to - from + 1;
}

/** One ingress rule, inline in `AWS::EC2::SecurityGroup` or an `AWS::EC2::SecurityGroupIngress` resource. */
export interface IngressRule {
  /** The rule: the list entry, or the ingress resource's `Properties`. */
  at: Resolved;
  /** Branches under which the rule exists (an entry inside `Fn::If`). */
  when: Branch[];
  get(property: 'IpProtocol' | 'FromPort' | 'ToPort' | 'CidrIp' | 'CidrIpv6'): Resolved;
}

/** The ingress rules a resource declares. Sources that are prefix lists or security groups are not CIDRs. */
export function ingressRulesOf(graph: Graph, resource: Resource): IngressRule[] {
  const make = (at: Resolved, when: Branch[]): IngressRule => ({ at, when, get: (p) => graph.get(at, p) });
  if (resource.type === 'AWS::EC2::SecurityGroupIngress')
    return alternatives(graph.get(resource, 'Properties')).flatMap(({ when, value }) =>
      value.kind === 'object' ? [make(value, when)] : [],
    );
  // The list and each entry may sit behind Fn::If (query.listItems, inlined here to keep graph/ free of cycles).
  // A single mapping where a list belongs is read as a list of one, as lenient tools (and authors) do.
  return alternatives(graph.get(resource, 'Properties', 'SecurityGroupIngress')).flatMap(({ when, value }) =>
    (value.kind === 'list' ? value.items : [value]).flatMap((entry) =>
      alternatives(entry).flatMap((e) => (e.value.kind === 'object' ? [make(e.value, [...when, ...e.when])] : [])),
    ),
  );
}
