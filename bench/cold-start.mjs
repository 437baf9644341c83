#!/usr/bin/env node
// Cold start of the built CLI on one template: wall time of `node dist/cli/main.js scan <file>`, median of N runs,
// next to the wall time of a bare `node -e 0` measured the same way (the floor no CLI can go under).
// Usage: npm run build && node bench/cold-start.mjs [template] [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const template = process.argv[2] ?? 'examples/templates/prototype.yaml';
const runs = Number(process.argv[3] ?? 10);

function median(command) {
  const times = [];
  // One warm-up run so the file-system cache is as it is for a user's second invocation.
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, command, { cwd: root, stdio: 'ignore' });
    const elapsed = performance.now() - start;
    if (result.error) throw result.error;
    if (i > 0) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return { median: times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2, min: times[0], max: times.at(-1) };
}

const fmt = ({ median: m, min, max }) => `median ${m.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)})`;
const node = median(['-e', '0']);
const scan = median(['dist/cli/main.js', 'scan', template]);
console.log(`node -e 0:                      ${fmt(node)}`);
console.log(`stackwarden scan ${template}: ${fmt(scan)}`);
console.log(`above bare node:                ${(scan.median - node.median).toFixed(0)} ms`);
