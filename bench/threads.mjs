#!/usr/bin/env node
// Where a scan's time goes, per thread, and a scan-to-parse ratio that drifts less than `npm run bench`.
// Usage (Linux: it reads /proc): npm run build && node bench/threads.mjs [--n 200] [--seed 42] [--all] [--rounds 4]
//
// - Ratio: rounds of 8 bare parses, then 8 scans, of the corpus's JSON templates; each round gives the ratio of
//   the two means, so a machine that slows down for a while slows both sides of a round. A mean includes the
//   garbage collections that fall inside the timed runs, as a user's process pays them.
// - Threads: for 10 scans, each thread's CPU time and its time waiting for a core (from
//   /proc/self/task/<tid>/schedstat). On a small machine the scanning thread queues behind the garbage
//   collector's helper threads; this shows how much.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadInputs, rules, run } from '../dist/index.js';
import { foundation } from './foundation.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const corpus = join(root, 'bench', 'corpus', `n${arg('n', 200)}-s${arg('seed', 42)}`);
if (!existsSync(corpus)) {
  console.error(`no corpus at ${corpus}: run \`npm run bench\` once to generate it`);
  process.exit(2);
}
if (!existsSync('/proc/self/task')) {
  console.error('this script reads /proc/self/task (Linux)');
  process.exit(2);
}
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
  .sort()
  .map((f) => join(corpus, f));
const ruleSet = process.argv.includes('--all') ? rules : foundation;
const rounds = Number(arg('rounds', 4));

const parse = () => files.forEach((f) => JSON.parse(readFileSync(f, 'utf8')));
const scan = () => run(loadInputs(files, { cwd: corpus }), { rules: ruleSet, asOf: '2026-11-28' });
const mean = (fn, n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t0) / n;
};

parse();
scan();
scan();
const ratios = [];
for (let r = 0; r < rounds; r++) {
  const p = mean(parse, 8);
  const s = mean(scan, 8);
  ratios.push({ p, s, ratio: s / p });
}
console.log(`${files.length} JSON templates, ${ruleSet.length} rules; per round: mean bare parse, mean scan, ratio`);
for (const { p, s, ratio } of ratios) console.log(`  ${p.toFixed(0).padStart(5)} ms  ${s.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}×`);
console.log(`  mean ratio ${(ratios.reduce((a, b) => a + b.ratio, 0) / ratios.length).toFixed(2)}×`);

/** CPU and queueing time so far, in ms, and the name and nice value of every thread of this process. */
function threads() {
  const out = new Map();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [cpu, queued] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      out.set(tid, {
        name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        nice: Number(fields[16]),
        cpu: cpu / 1e6,
        queued: queued / 1e6,
      });
    } catch {
      // A thread that ended in between.
    }
  }
  return out;
}
const before = threads();
const wall = mean(scan, 10);
const after = threads();
console.log(`\n10 scans, per scan: wall ${wall.toFixed(0)} ms; per thread (the first is the scanning thread):`);
for (const [tid, t] of after) {
  const b = before.get(tid) ?? { cpu: 0, queued: 0 };
  const cpu = (t.cpu - b.cpu) / 10;
  const queued = (t.queued - b.queued) / 10;
  if (cpu < 0.5 && queued < 0.5) continue;
  console.log(
    `  ${tid.padStart(7)} ${t.name.padEnd(16)} nice ${String(t.nice).padStart(3)}  cpu ${cpu.toFixed(1).padStart(6)} ms  waiting for a core ${queued.toFixed(1).padStart(6)} ms`,
  );
}
