#!/usr/bin/env node
// Old against new, in alternating rounds: each round runs one fresh process per build, in turn (A B, then B A),
// timing the all-rules scan of the same inputs inside the process (after one warm-up scan). Alternating keeps the
// machine's drift out of the comparison; the ranges show the noise. Usage:
//   node bench/ab.mjs --a OLD_DIST --b NEW_DIST [--rounds 8] [--rules all|foundation] INPUT...
// A dist folder is a build of this repository (`npm run build` writes dist/; copy it aside before a change).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const take = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const a = resolve(take('a', 'dist-old'));
const b = resolve(take('b', 'dist'));
const rounds = Number(take('rounds', 8));
const ruleSet = take('rules', 'all');
const inputs = args.map((p) => resolve(p));
if (inputs.length === 0) throw new Error('give the inputs to scan');

// The child: scan once to warm up, then time `repeat` scans and print the median in ms.
const child = `
const dist = process.argv[1];
const inputs = JSON.parse(process.argv[2]);
const only = process.argv[3];
const lib = await import(new URL('index.js', dist));
const { foundation } = await import(new URL('../bench/foundation.mjs', dist)).catch(() => ({ foundation: null }));
const rules = only === 'foundation' && foundation ? foundation : lib.rules;
const scan = () => lib.run(lib.loadInputs(inputs, { cwd: '/' }), { rules, asOf: '2026-11-28' });
const warm = scan();
const samples = [];
for (let i = 0; i < 3; i++) { const t0 = performance.now(); scan(); samples.push(performance.now() - t0); }
samples.sort((x, y) => x - y);
console.log(JSON.stringify({ ms: samples[1], findings: warm.findings.length }));
`;

const measure = (dist) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child, `${pathToFileURL(dist)}/`, JSON.stringify(inputs), ruleSet], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${dist}: exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
};

const results = { a: [], b: [] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
  for (const which of order) results[which].push(measure(which === 'a' ? a : b));
}
const stats = (list) => {
  const ms = list.map((x) => x.ms).sort((x, y) => x - y);
  return { min: ms[0], median: ms[Math.floor(ms.length / 2)], max: ms.at(-1), findings: list[0].findings };
};
const sa = stats(results.a);
const sb = stats(results.b);
const ratios = results.b.map((x, i) => x.ms / results.a[i].ms).sort((x, y) => x - y);
console.log(`${inputs.length} inputs (${ruleSet} rules), ${rounds} alternating rounds, node ${process.version}`);
console.log(`| build | findings | min ms | median ms | max ms |`);
console.log(`|---|---|---|---|---|`);
console.log(`| A ${a} | ${sa.findings} | ${sa.min.toFixed(0)} | ${sa.median.toFixed(0)} | ${sa.max.toFixed(0)} |`);
console.log(`| B ${b} | ${sb.findings} | ${sb.min.toFixed(0)} | ${sb.median.toFixed(0)} | ${sb.max.toFixed(0)} |`);
console.log(
  `B/A per round: ${ratios[0].toFixed(2)}–${ratios.at(-1).toFixed(2)} (median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)})`,
);
