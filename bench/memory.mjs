#!/usr/bin/env node
// Peak memory of a scan of one large template, by stage, at 1×, 4× and 16× of a base size. Usage (after a build):
//   node bench/memory.mjs [--buckets 12500] [--dir /tmp/stackwarden-memory]
// Each stage runs in a fresh child process and reports its peak RSS (process.resourceUsage().maxRSS), so a stage's
// figure includes the stages before it: load (read + parse + loader), graph (+ the Graph, every resource's
// Properties resolved and every link walked: the resolver/graph part), rules (+ all rules, findings located).
// The template is JSON with a mix of buckets (plain, named with Fn::Sub, versioned) and one bucket policy per ten
// buckets, about 95 bytes per bucket, as in the report of 3.2 GB for 19 MB / 200,000 buckets.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};

if (process.argv[2] === '--child') {
  const [, , , stage, file] = process.argv;
  const { loadInputs, rules, run } = await import(join(root, 'dist', 'index.js'));
  const { Graph } = await import(join(root, 'dist', 'graph', 'build.js'));
  const { AWS_NAMING } = await import(join(root, 'dist', 'aws', 'names.js'));
  const started = process.hrtime.bigint();
  const loaded = loadInputs([file], { cwd: root, maxBytes: 1 << 30 });
  let count = loaded.stacks.reduce((n, s) => n + Object.keys(s.template.value.Resources ?? {}).length, 0);
  if (stage === 'graph') {
    const graph = new Graph(loaded.stacks, AWS_NAMING);
    for (const stack of graph.stacks) for (const resource of stack.resources) graph.get(resource, 'Properties');
    count = graph.links().length;
  } else if (stage === 'rules') {
    count = run(loaded, { rules, asOf: '2026-12-01' }).findings.length;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, ms, count }));
  process.exit(0);
}

function template(buckets) {
  const resources = {};
  for (let i = 0; i < buckets; i++) {
    const id = `Bucket${i}`;
    const kind = i % 4;
    resources[id] =
      kind === 0
        ? { Type: 'AWS::S3::Bucket' }
        : kind === 1
          ? { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': `\${AWS::StackName}-data-${i}` } } }
          : kind === 2
            ? { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Enabled' } } }
            : { Type: 'AWS::S3::Bucket', Properties: { BucketName: `logs-${i}` } };
    if (i % 10 === 0)
      resources[`Policy${i}`] = {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: id },
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [{ 'Fn::GetAtt': [id, 'Arn'] }, { 'Fn::Sub': `\${${id}.Arn}/*` }],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
}

const base = Number(arg('buckets', 12500));
const dir = resolve(arg('dir', '/tmp/stackwarden-memory'));
mkdirSync(dir, { recursive: true });
const { maxRSS: nodeFloor } = (() => {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))'], { encoding: 'utf8' });
  return { maxRSS: Number(r.stdout) };
})();
console.log(`node alone: ${(nodeFloor / 1024).toFixed(0)} MB peak RSS`);
console.log('scale  buckets   input MB  stage   peak RSS MB  × input  ms      count');
for (const scale of [1, 4, 16]) {
  const buckets = base * scale;
  const file = join(dir, `buckets-${buckets}.template.json`);
  writeFileSync(file, template(buckets));
  const mb = statSync(file).size / 1024 / 1024;
  for (const stage of ['load', 'graph', 'rules']) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', stage, file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) {
      console.log(`${scale}× ${stage}: exit ${r.status} ${r.signal ?? ''} ${r.stderr.slice(0, 300)}`);
      continue;
    }
    const { maxRssKb, ms, count } = JSON.parse(r.stdout);
    const rss = maxRssKb / 1024;
    console.log(
      `${`${scale}×`.padEnd(6)} ${String(buckets).padEnd(9)} ${mb.toFixed(1).padEnd(9)} ${stage.padEnd(7)} ${rss.toFixed(0).padEnd(12)} ${(rss / mb).toFixed(1).padEnd(8)} ${ms.toFixed(0).padEnd(7)} ${count}`,
    );
  }
}
