#!/usr/bin/env node
// StackWarden benchmark: whole scan (load + graph + rules + locating findings) against the bare parse of the
// same files, and against a peer that runs on the same machine, in one run. Usage:
//   npm run bench [-- --n 200 --seed 42 --iterations 5 --corpus DIR --cdk-rounds 5]
// The corpus comes from bench/make-corpus.mjs (written to bench/corpus/, which is gitignored).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { loadInputs, rules, run } from '../dist/index.js';
import { benchCdkSynth, printCdkSynth } from './cdk-synth.mjs';
import { foundation } from './foundation.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const n = Number(arg('n', 200));
const seed = Number(arg('seed', 42));
const iterations = Number(arg('iterations', 5));
const corpus = resolve(arg('corpus', join(root, 'bench', 'corpus', `n${n}-s${seed}`)));

if (!existsSync(corpus)) {
  const generator = join(root, 'bench', 'make-corpus.mjs');
  console.log(`generating ${n} templates (seed ${seed}) into ${corpus}`);
  const r = spawnSync(process.execPath, [generator, '--out', corpus, '--n', String(n), '--seed', String(seed)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const files = readdirSync(corpus)
  .filter((f) => /\.(json|ya?ml)$/.test(f) && !f.startsWith('_'))
  .sort()
  .map((f) => join(corpus, f));
const json = files.filter((f) => f.endsWith('.json'));
const yaml = files.filter((f) => !f.endsWith('.json'));
const bytes = (list) => list.reduce((s, f) => s + statSync(f).size, 0);

/** Median wall time in ms of `iterations` runs of fn (after one warm-up run). */
function time(fn) {
  fn();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const scan =
  (list, ruleSet = rules) =>
  () => {
    const result = run(loadInputs(list, { cwd: corpus }), { rules: ruleSet, asOf: '2026-11-28' });
    if (result.errors.length > 0) throw new Error(`load errors: ${JSON.stringify(result.errors[0])}`);
    return result;
  };

// The peer: the CloudFormation validator that aws-cdk-lib bundles and runs on every synth (WASM, 318 rules,
// mostly template validity). It is the engine CDK users already pay for; the others (cdk-nag, checkov, cfn-nag,
// cfn-guard) need Python, Ruby or Rust toolchains this machine's registries cannot provide.
let peer;
try {
  const requireFromCdk = createRequire(createRequire(import.meta.url).resolve('aws-cdk-lib/package.json'));
  const validate = requireFromCdk('@aws/cloudformation-validate');
  const engine = new validate.CompositeEngine();
  peer = {
    name: `cloudformation-validate ${validate.version()} (bundled in aws-cdk-lib)`,
    run: (list) => () => list.forEach((f) => engine.validateTemplate(new validate.TemplateContent(readFileSync(f), f))),
  };
} catch (error) {
  console.log(`peer not available: ${error.message}`);
}

const rows = [];
for (const [label, list] of [
  ['JSON', json],
  ['YAML', yaml],
]) {
  if (list.length === 0) continue;
  const mb = bytes(list) / 1e6;
  const read = time(() => list.forEach((f) => readFileSync(f, 'utf8')));
  const parseOne = (f) => (label === 'JSON' ? JSON.parse(readFileSync(f, 'utf8')) : parseDocument(readFileSync(f, 'utf8')));
  const parse = time(() => list.forEach(parseOne));
  // A scan must hold every document at once (links and imports cross files); the garbage collector then copies
  // what survives, which the bare parse (each result dropped at once) never pays. Shown for reference only.
  const parseKept = label === 'JSON' ? time(() => list.map(parseOne)) : undefined;
  const ours = time(scan(list));
  const findings = scan(list)().findings.length;
  const base = time(scan(list, foundation));
  const baseFindings = scan(list, foundation)().findings.length;
  rows.push({ label, files: list.length, mb, what: 'read only', ms: read });
  rows.push({
    label,
    files: list.length,
    mb,
    what: label === 'JSON' ? 'bare parse (JSON.parse)' : 'bare parse (yaml parseDocument)',
    ms: parse,
    base: true,
  });
  if (parseKept !== undefined) rows.push({ label, files: list.length, mb, what: 'parse, every result kept (reference)', ms: parseKept });
  rows.push({
    label,
    files: list.length,
    mb,
    what: `StackWarden scan, ${foundation.length} foundation rules (${baseFindings} findings)`,
    ms: base,
  });
  if (label === 'JSON') {
    // Where the foundation scan's time goes: the scan with no rule (loading, depth check, graph, engine,
    // locating), then each foundation rule alone on top of it.
    rows.push({ label, files: list.length, mb, what: '  of which: scan with no rule (load, graph, engine)', ms: time(scan(list, [])) });
    for (const rule of foundation) {
      const alone = scan(list, [rule]);
      rows.push({
        label,
        files: list.length,
        mb,
        what: `  of which: scan with ${rule.id} alone (${alone().findings.length} findings)`,
        ms: time(alone),
      });
    }
  }
  rows.push({ label, files: list.length, mb, what: `StackWarden scan, all ${rules.length} rules (${findings} findings)`, ms: ours });
  if (peer) rows.push({ label, files: list.length, mb, what: peer.name, ms: time(peer.run(list)) });
}

console.log(`\ncorpus: ${corpus} (${files.length} templates), median of ${iterations} runs, node ${process.version}\n`);
console.log('| input | files | MB | what | ms | MB/s | × bare parse |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const base = rows.find((b) => b.label === r.label && b.base).ms;
  console.log(
    `| ${r.label} | ${r.files} | ${r.mb.toFixed(1)} | ${r.what} | ${r.ms.toFixed(0)} | ${(r.mb / (r.ms / 1000)).toFixed(1)} | ${(r.ms / base).toFixed(2)} |`,
  );
}

// Cold start: one small template, a fresh process each time, as a CLI user or a pre-commit hook sees it.
const cli = join(root, 'dist', 'cli', 'main.js');
const one = join(root, 'examples', 'templates', 'prototype.yaml');
const cold = [];
for (let i = 0; i < 11; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [cli, 'scan', one, '--format', 'json'], { encoding: 'utf8' });
  cold.push(performance.now() - t0);
}
cold.sort((a, b) => a - b);
const bare = [];
for (let i = 0; i < 11; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bare.push(performance.now() - t0);
}
bare.sort((a, b) => a - b);
console.log(
  `\ncold start, one template (examples/templates/prototype.yaml): median ${cold[5].toFixed(0)} ms (bare \`node -e 0\`: ${bare[5].toFixed(0)} ms)`,
);

// The JSON half of the corpus end to end, as a user runs it: a fresh CLI process writing the JSON report, next to
// a fresh process that only reads and parses the same files.
if (json.length > 0) {
  const wall = (args) => {
    const samples = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30, cwd: corpus });
      samples.push(performance.now() - t0);
      if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
    }
    return samples.sort((a, b) => a - b)[1];
  };
  const names = json.map((f) => f.slice(corpus.length + 1));
  const parseOnly = wall(['-e', `for (const f of ${JSON.stringify(names)}) JSON.parse(require('fs').readFileSync(f, 'utf8'))`]);
  const cliRun = wall([cli, 'scan', ...names, '--format', 'json', '--as-of', '2026-11-28']);
  console.log(
    `one CLI process, ${json.length} JSON templates, all rules, JSON report: median ${cliRun.toFixed(0)} ms; a process that only parses them: ${parseOnly.toFixed(0)} ms (${(cliRun / parseOnly).toFixed(1)}×)`,
  );
}

// The CDK plugin's cost inside `cdk synth`, beside cdk-nag's (bench/cdk-synth.mjs; `--cdk-rounds 0` skips it).
const cdkRounds = Number(arg('cdk-rounds', 5));
if (cdkRounds > 0) printCdkSynth(benchCdkSynth(cdkRounds));
