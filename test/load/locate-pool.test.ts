// The locating worker runs compiled code only (a worker thread cannot load the TypeScript sources), so this file
// tests the build in dist/ (`npm test` builds first).
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Engine from '../../src/index.js';
import type { SourceDocument } from '../../src/load/document.js';
import type * as Json from '../../src/load/json.js';
import type * as Pool from '../../src/load/locate-pool.js';
import { makeTempDir } from '../helpers.js';

const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;
const pool = (await import(dist('load/locate-pool.js'))) as typeof Pool;
const { parseJson: parse } = (await import(dist('load/json.js'))) as typeof Json;

/** Parses a JSON text and offers it to the worker: as text, or as the file it was written to. */
function parseJson(file: string, text: string, source?: Pool.SourceFile): SourceDocument {
  const document = parse(file, text);
  pool.offerForLocating(document, source);
  return document;
}
const { loadInputs, rules, run } = (await import(dist('index.js'))) as typeof Engine;

/** Every pointer of a JSON value, plus a missing child under each container (which locates its parent). */
function pointersOf(value: unknown, pointer = ''): string[] {
  const out = [pointer];
  const escapeKey = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...pointersOf(item, `${pointer}/${i}`)));
    out.push(`${pointer}/${value.length}`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pointersOf(v, `${pointer}/${escapeKey(k)}`));
    out.push(`${pointer}/NoSuchKey/deeper`);
  }
  return out;
}

/** A template with the weaknesses several rules report, and keys that need escaping or decoding. */
function template(n: number): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    resources[`Bucket${i}`] = {
      Type: 'AWS::S3::Bucket',
      Properties: { BucketName: `b-${i}`, Tags: [{ Key: 'a/b~c', Value: 'x "q" \\ y' }] },
    };
    resources[`Role${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        ManagedPolicyArns: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] },
        ],
        Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }],
      },
    };
    resources[`Sg${i}`] = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'é ünïcode',
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }],
      },
    };
  }
  return { AWSTemplateFormatVersion: '2010-09-09', Metadata: { 'odd/key~': { '\u00e9\\"': [1, [2, { x: null }]] } }, Resources: resources };
}

/**
 * Lets every JSON document go to the worker, starts it if needed, and waits until it listens. Unless told to share,
 * the calling thread leaves each batch to the worker, so the tests see the worker's own answers.
 */
async function ready(shareWork = false, prefetchGroup = 1): Promise<void> {
  pool.configureLocatePool({ enabled: true, minDocumentChars: 0, startAfterChars: 0, timeoutMs: 20_000, shareWork, prefetchGroup });
  if (pool.locateThreadStatus().state === 'off') parseJson('start.json', '{"Resources": {}}');
  for (let i = 0; i < 200 && pool.locateThreadStatus().state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 25));
  expect(pool.locateThreadStatus().state).toBe('ready');
}

/**
 * Returns once the worker has indexed every document offered so far: a prefetch only goes to the worker for a
 * document it holds. The worker handles messages in order, so its answer about a document offered last comes after.
 */
function settled(): void {
  const marker = parseJson('marker.json', '{"Resources": {}}');
  pool.locateAll([{ document: marker, pointers: [''] }]);
}

afterAll(() => pool.configureLocatePool({ enabled: false }));

describe('locating on the worker thread', () => {
  const texts = [
    JSON.stringify(template(3), null, 2),
    JSON.stringify(template(4)),
    JSON.stringify(template(2), null, '\t').replace(/\n/g, '\r\n'),
  ];

  it('answers every pointer exactly as the calling thread does, in pretty, minified and CRLF JSON', async () => {
    await ready();
    const before = pool.locateThreadStatus().documentsLocated;
    const documents = texts.map((text, i) => parseJson(`t${i}.json`, text));
    const requests = documents.map((document) => ({ document, pointers: pointersOf(document.value) }));
    const located = pool.locateAll(requests);
    expect(pool.locateThreadStatus().documentsLocated - before).toBe(documents.length);
    requests.forEach(({ document, pointers }, i) => expect(located[i]).toEqual(pointers.map((p) => document.locate(p))));
    // Missing pointers land on their nearest ancestor, on both threads.
    expect(located[0]!.some((l, j) => l.pointer !== requests[0]!.pointers[j])).toBe(true);
  });

  it('answers prefetched pointers as the calling thread does, with the rest of a document located at the end', async () => {
    await ready();
    const documents = texts.map((text, i) => parseJson(`p${i}.json`, text));
    settled();
    const requests = documents.map((document) => ({ document, pointers: pointersOf(document.value) }));
    // Part of each document's pointers ahead, in one request or two, with the others at the end. The last document's
    // are sent in an order its request does not follow: the pool must notice, and still answer every pointer.
    requests.forEach(({ document, pointers }, i) => {
      const half = pointers.slice(0, Math.floor(pointers.length / 2));
      if (i === 0) pool.prefetch(document, half);
      else if (i === 1) [half.slice(0, 3), half.slice(3)].forEach((part) => pool.prefetch(document, part));
      else pool.prefetch(document, [...half].reverse());
    });
    const before = pool.locateThreadStatus().documentsLocated;
    const located = pool.locateAll(requests);
    expect(pool.locateThreadStatus().documentsLocated - before).toBe(documents.length);
    requests.forEach(({ document, pointers }, i) => expect(located[i]).toEqual(pointers.map((p) => document.locate(p))));
  });

  it('locates prefetched pointers still queued at the end (a group not full yet) with the batch, like any others', async () => {
    await ready(false, 1_000_000);
    const document = parseJson('queued.json', texts[0]!);
    settled();
    const pointers = pointersOf(document.value);
    pool.prefetch(document, pointers);
    // The group is far from full, so nothing was posted: the batch at the end has the whole document.
    const before = pool.locateThreadStatus().documentsLocated;
    expect(pool.locateAll([{ document, pointers }])[0]).toEqual(pointers.map((p) => document.locate(p)));
    expect(pool.locateThreadStatus().documentsLocated - before).toBe(1);
  });

  it.skipIf(!existsSync('/proc/self/task'))('runs at the lowest priority, so it never takes a core from the calling thread', async () => {
    await ready();
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value; the fields before it hold no spaces
    // once the command name (in parentheses) is cut off.
    const nice = readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });
    expect(nice[0]).toBe(0);
    expect(nice).toContain(19);
  });

  it('reads a file itself, and leaves a file that changed since it was parsed to the calling thread', async () => {
    await ready();
    const dir = makeTempDir();
    const same = join(dir, 'same.json');
    const changed = join(dir, 'changed.json');
    writeFileSync(same, `\ufeff${texts[0]!}`);
    writeFileSync(changed, texts[0]!);
    const fileOf = (path: string) => ({ path, size: statSync(path).size, mtimeMs: statSync(path).mtimeMs });
    const asRead = fileOf(changed);
    // Edited after the loader read it, to a text of the same length: the worker must notice and leave it.
    writeFileSync(changed, texts[0]!.replace('Bucket0', 'Bucket9'));
    utimesSync(changed, new Date(2030, 0, 1), new Date(2030, 0, 1));
    const documents = [parseJson('same.json', texts[0]!, fileOf(same)), parseJson('changed.json', texts[0]!, asRead)];
    const before = pool.locateThreadStatus().documentsLocated;
    const requests = documents.map((document) => ({ document, pointers: pointersOf(document.value) }));
    const located = pool.locateAll(requests);
    expect(pool.locateThreadStatus().documentsLocated - before).toBe(1);
    requests.forEach(({ document, pointers }, i) => expect(located[i]).toEqual(pointers.map((p) => document.locate(p))));
  });

  it('locates on the calling thread what the worker does not hold: a document answered once, or never offered', async () => {
    await ready();
    const document = parseJson('again.json', texts[1]!);
    const pointers = ['/Resources/Role0/Properties/ManagedPolicyArns/0', '/Resources/Nope'];
    pool.locateAll([{ document, pointers }]);
    const count = pool.locateThreadStatus().documentsLocated;
    const stranger: SourceDocument = { ...document, file: 'stranger.json' };
    const again = pool.locateAll([
      { document, pointers },
      { document: stranger, pointers },
    ]);
    expect(pool.locateThreadStatus().documentsLocated).toBe(count);
    expect(again).toEqual([pointers.map((p) => document.locate(p)), pointers.map((p) => document.locate(p))]);
  });

  it('gives a scan the same findings with and without the worker', async () => {
    const dir = makeTempDir();
    texts.forEach((text, i) => writeFileSync(join(dir, `t${i}.json`), text));
    const scan = () => run(loadInputs([dir], { cwd: dir }), { rules, asOf: '2026-11-28' });
    pool.configureLocatePool({ enabled: false });
    const alone = scan();
    await ready();
    const count = pool.locateThreadStatus().documentsLocated;
    const helped = scan();
    expect(pool.locateThreadStatus().documentsLocated - count).toBe(texts.length);
    expect(alone.findings.length).toBeGreaterThan(30);
    expect(helped.findings).toEqual(alone.findings);
  });

  it('takes every document itself when the worker is busy, without waiting for it', async () => {
    await ready(true);
    // The worker indexes a large document first (tens of milliseconds); meanwhile this thread claims the batch.
    parseJson('large.json', JSON.stringify(template(4000), null, 2));
    const documents = [parseJson('late0.json', texts[0]!), parseJson('late1.json', texts[1]!)];
    const count = pool.locateThreadStatus().documentsLocated;
    const requests = documents.map((document) => ({ document, pointers: pointersOf(document.value).slice(0, 50) }));
    const located = pool.locateAll(requests);
    expect(pool.locateThreadStatus().documentsLocated).toBe(count);
    expect(located).toEqual(requests.map(({ document, pointers }) => pointers.map((p) => document.locate(p))));
    expect(pool.locateThreadStatus().state).toBe('ready');
  });

  it('gives up on a worker that does not answer in time, and locates on the calling thread', async () => {
    await ready();
    parseJson('large2.json', JSON.stringify(template(4000), null, 2));
    const document = parseJson('late2.json', texts[0]!);
    pool.configureLocatePool({ timeoutMs: 0 });
    const pointers = pointersOf(document.value).slice(0, 50);
    const located = pool.locateAll([{ document, pointers }]);
    expect(located[0]).toEqual(pointers.map((p) => document.locate(p)));
    expect(pool.locateThreadStatus().state).toBe('failed');
    // From then on nothing is offered to it.
    const later = parseJson('later.json', texts[1]!);
    expect(pool.locateAll([{ document: later, pointers: [''] }])[0]).toEqual([later.locate('')]);
  });
});
