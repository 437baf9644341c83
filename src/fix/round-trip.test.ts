/**
 * Round trip of `stackwarden fix --write` over real templates (the bundled examples, the cdk.out templates as
 * plain templates) and a generated corpus: the output parses to the model the operations describe, comments
 * survive, every removed line lies inside a node an operation replaced or removed, and a second fix changes nothing.
 */
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { structuredPatch } from 'diff';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fix } from '../cli/fix.js';
import type { Io } from '../cli/io.js';
import { parseJson } from '../load/json.js';
import { parseYaml } from '../load/yaml.js';
import type { SourceDocument } from '../load/document.js';
import { run } from '../engine/run.js';
import { rules } from '../rules/index.js';
import { planFile } from './plan.js';
import { applyOperations } from './operations.js';
import { replaceFile, type WriterFs } from './write.js';
import * as nodeFs from 'node:fs';

const root = mkdtempSync(join(tmpdir(), 'stackwarden-fix-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function io(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, out, err };
}

const parse = (file: string, text: string): SourceDocument => (file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text));

function plan(file: string, text: string) {
  const document = parse(file, text);
  const stack = {
    id: file,
    name: null,
    template: document,
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
  const scan = (d: SourceDocument) =>
    run({ stacks: [{ ...stack, template: d }], errors: [], files: 1 }, { rules, asOf: '2026-01-01' }).findings;
  return { document, result: planFile(document, scan(document), scan) };
}

/** Checks one template end to end; returns how many findings were fixed. */
function roundTrip(name: string, text: string): number {
  const dir = mkdtempSync(join(root, 'case-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  const { document, result } = plan(name, text);
  const code = fix([name], { write: true, asOf: '2026-01-01' }, io(dir));
  expect(code).not.toBe(2);
  const written = readFileSync(path, 'utf8');
  expect(written).toBe(result.after);
  // The output is the model the operations describe.
  expect(parse(name, written).value).toEqual(applyOperations(document.value, result.operations));
  // Comments survive.
  for (const line of text.split(/\r?\n/)) if (/^\s*#/.test(line)) expect(written).toContain(line);
  // Changed lines lie inside the nodes the operations edit: a node replaced or removed, or the end of the container
  // something is added to (the line that gains a comma in JSON, a one-line flow mapping in YAML).
  const allowed = new Set<number>();
  const tail = (pointer: string) => {
    const { end } = document.locate(pointer).range;
    allowed.add(end.line).add(end.line - 1);
  };
  for (const op of result.operations) {
    if (op.op === 'addResource') tail('/Resources');
    else if (op.op === 'append' || op.op === 'stackSetting') tail(op.op === 'append' ? op.pointer : '');
    else if (document.locate(op.pointer).pointer === op.pointer) {
      const { start, end } = document.locate(op.pointer).range;
      for (let l = start.line; l <= end.line; l++) allowed.add(l);
      // Removing the last entry of a JSON object takes the comma off the line before it.
      if (op.op === 'remove') allowed.add(start.line - 1);
    } else tail(op.pointer);
  }
  const patch = structuredPatch('a', 'b', text, written, '', '', { context: 0 });
  for (const hunk of patch.hunks) {
    let line = hunk.oldStart;
    for (const l of hunk.lines) {
      if (l.startsWith('-')) expect(allowed.has(line), `${name}: line ${line} changed: ${l}`).toBe(true);
      if (!l.startsWith('+')) line++;
    }
  }
  // Idempotence: a second fix has nothing left to do.
  fix([name], { write: true, asOf: '2026-01-01' }, io(dir));
  expect(readFileSync(path, 'utf8')).toBe(written);
  return result.outcomes.filter((o) => o.status === 'fixed').length;
}

describe('round trip over real templates', () => {
  const examples = join(import.meta.dirname, '../../examples');
  it.each([
    ['prototype.yaml', join(examples, 'templates/prototype.yaml')],
    ['prototype.json', join(examples, 'templates/prototype.json')],
    ...readdirSync(join(examples, 'prototype/cdk.out'))
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => [f, join(examples, 'prototype/cdk.out', f)]),
  ])('%s', (name, path) => {
    expect(roundTrip(name, readFileSync(path, 'utf8'))).toBeGreaterThan(0);
  });
});

/** Generated YAML templates in the styles people write: indentation, flow or block, tags, comments, CRLF. */
const bucketYaml = fc.record({
  indent: fc.constantFrom(2, 4),
  eol: fc.constantFrom('\n', '\r\n'),
  comment: fc.boolean(),
  properties: fc.constantFrom('none', 'empty-flow', 'block-tags', 'flow-partial-bpa', 'null'),
  policy: fc.boolean(),
  role: fc.boolean(),
});

function generate(g: { indent: number; eol: string; comment: boolean; properties: string; policy: boolean; role: boolean }): string {
  const i = (n: number) => ' '.repeat(g.indent * n);
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  if (g.comment) lines.push(`${i(1)}# the data bucket`);
  lines.push(`${i(1)}Data:`, `${i(2)}Type: AWS::S3::Bucket`);
  if (g.properties === 'empty-flow') lines.push(`${i(2)}Properties: {}`);
  if (g.properties === 'null') lines.push(`${i(2)}Properties:`);
  if (g.properties === 'block-tags')
    lines.push(
      `${i(2)}Properties:`,
      `${i(3)}BucketName: !Sub '\${AWS::StackName}-data' # named`,
      `${i(3)}Tags:`,
      `${i(4)}- {Key: env, Value: !Ref AWS::Region}`,
    );
  if (g.properties === 'flow-partial-bpa')
    lines.push(`${i(2)}Properties:`, `${i(3)}PublicAccessBlockConfiguration: {BlockPublicAcls: true, IgnorePublicAcls: true}`);
  if (g.policy)
    lines.push(
      '',
      `${i(1)}DataPolicy:`,
      `${i(2)}Type: AWS::S3::BucketPolicy`,
      `${i(2)}Properties:`,
      `${i(3)}Bucket: !Ref Data`,
      `${i(3)}PolicyDocument:`,
      `${i(4)}Statement:`,
      `${i(5)}- Effect: Allow # read`,
      `${i(5)}  Principal: {AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root'}`,
      `${i(5)}  Action: s3:GetObject`,
      `${i(5)}  Resource: !Sub '\${Data.Arn}/*'`,
    );
  if (g.role)
    lines.push(
      `${i(1)}Role:`,
      `${i(2)}Type: AWS::IAM::Role`,
      `${i(2)}Properties:`,
      `${i(3)}AssumeRolePolicyDocument:`,
      `${i(4)}Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]`,
      `${i(3)}ManagedPolicyArns:`,
      `${i(4)}- !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`,
      `${i(4)}- arn:aws:iam::aws:policy/ReadOnlyAccess`,
      `${i(1)}Fn:`,
      `${i(2)}Type: AWS::Lambda::Function`,
      `${i(2)}Properties: {Role: !GetAtt Role.Arn, Runtime: nodejs22.x, Handler: index.handler, Code: {ZipFile: x}}`,
    );
  return lines.join(g.eol) + g.eol;
}

describe('round trip over a generated corpus', () => {
  it('fixes, keeps comments and untouched lines, and is idempotent', () => {
    fc.assert(
      fc.property(bucketYaml, (g) => {
        expect(roundTrip('template.yaml', generate(g))).toBeGreaterThan(0);
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});

describe('faults end in a clear error with the original intact', () => {
  const original = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n';
  const setup = () => {
    const dir = mkdtempSync(join(root, 'fault-'));
    const path = join(dir, 'template.yaml');
    writeFileSync(path, original);
    return { dir, path };
  };
  it('a read-only file', () => {
    const { dir, path } = setup();
    chmodSync(path, 0o444);
    const out = io(dir);
    expect(fix(['template.yaml'], { write: true }, out)).toBe(2);
    expect(out.err.join('')).toMatch(/template\.yaml: not written: the file is read-only; the file is unchanged/);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });
  it('a file that changed between the scan and the write', () => {
    const { dir, path } = setup();
    writeFileSync(path, `${original}# edited meanwhile\n`);
    expect(replaceFile(path, original, 'new', [dir])).toEqual({ error: 'the file changed since it was scanned; run fix again' });
    expect(readFileSync(path, 'utf8')).toBe(`${original}# edited meanwhile\n`);
  });
  it('a full disk', () => {
    const { dir, path } = setup();
    const full: WriterFs = {
      ...nodeFs,
      realpathSync: (p) => nodeFs.realpathSync(p),
      readFileSync: (p, e) => nodeFs.readFileSync(p, e),
      writeFileSync: (p, d, o) => {
        nodeFs.writeFileSync(p, d.slice(0, 5), o);
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const out = io(dir);
    expect(fix(['template.yaml'], { write: true }, out, full)).toBe(2);
    expect(out.err.join('')).toMatch(/not written: cannot write: no space left on the device; the file is unchanged/);
    expect(readFileSync(path, 'utf8')).toBe(original);
    expect(readdirSync(dir)).toEqual(['template.yaml']);
  });
  it('a symbolic link out of the scanned folder is not followed; one inside is, and stays a link', () => {
    const { dir, path } = setup();
    const inside = mkdtempSync(join(root, 'scanned-'));
    symlinkSync(path, join(inside, 'link.yaml'));
    const out = io(inside);
    expect(fix(['.'], { write: true }, out)).toBe(2);
    // Discovery already refuses to follow it (issue 11), so fix never reads it; the writer refuses it too.
    expect(out.err.join('')).toMatch(/link\.yaml: a symbolic link that leads out of the scanned folders/);
    expect(readFileSync(path, 'utf8')).toBe(original);
    const local = join(inside, 'real.yaml');
    copyFileSync(path, local);
    rmSync(join(inside, 'link.yaml'));
    symlinkSync(local, join(inside, 'link.yaml'));
    expect(replaceFile(join(inside, 'link.yaml'), original, 'changed', [inside])).toEqual({});
    expect(nodeFs.lstatSync(join(inside, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(local, 'utf8')).toBe('changed');
    void dir;
  });
});
