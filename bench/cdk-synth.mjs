// The cost StackWarden's CDK plugin adds to `cdk synth`, beside cdk-nag 3.0.2's AwsSolutionsChecks, on the
// bundled prototype app (examples/prototype/app.ts). Rounds alternate the three modes, each synth in a fresh
// process (import cost counts), with CDK_VALIDATION=false so aws-cdk-lib's own validator does not drown the
// difference. Run by bench/run.mjs, or alone: node bench/cdk-synth.mjs [--rounds 5]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Times each mode in `rounds` alternating rounds; returns the samples in ms per mode. */
export function benchCdkSynth(rounds = 5) {
  // The app is TypeScript: compile it once to a module beside node_modules, so the child needs no loader.
  const cache = join(root, 'node_modules', '.cache', 'stackwarden-bench');
  mkdirSync(cache, { recursive: true });
  const appModule = join(cache, 'prototype-app.mjs');
  writeFileSync(
    appModule,
    transformSync(readFileSync(join(root, 'examples', 'prototype', 'app.ts'), 'utf8'), { loader: 'ts', format: 'esm' }).code,
  );
  const modes = ['none', 'stackwarden', 'cdk-nag'];
  const samples = Object.fromEntries(modes.map((m) => [m, []]));
  const work = mkdtempSync(join(tmpdir(), 'stackwarden-bench-cdk-'));
  try {
    for (let round = 0; round <= rounds; round++) {
      // Rotate the order each round, so no mode always runs first after a pause.
      for (const mode of modes.map((_, i) => modes[(i + round) % modes.length])) {
        const outdir = join(work, `${mode}-${round}`);
        const child = spawnSync(process.execPath, [join(root, 'bench', 'cdk-synth-child.mjs'), mode, appModule, outdir], {
          cwd: root,
          env: { ...process.env, CDK_VALIDATION: 'false' },
          encoding: 'utf8',
        });
        if (child.status !== 0) throw new Error(`cdk synth (${mode}) failed: ${child.stderr}`);
        // Round 0 warms the disk cache and is not counted.
        if (round > 0) samples[mode].push(JSON.parse(child.stdout.trim().split('\n').pop()).ms);
        rmSync(outdir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return samples;
}

/** Prints the ranges, and what each plugin adds to the synth without one (per round, so drift cancels). */
export function printCdkSynth(samples) {
  const range = (list) => `${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)} ms`;
  const added = (mode) => samples[mode].map((ms, i) => ms - samples.none[i]);
  console.log('\ncdk synth of the prototype app (CDK_VALIDATION=false, fresh process per synth, alternating rounds)');
  console.log(`  no plugin              ${range(samples.none)}`);
  console.log(`  StackWarden plugin     ${range(samples.stackwarden)}  (adds ${range(added('stackwarden'))})`);
  console.log(`  cdk-nag AwsSolutions   ${range(samples['cdk-nag'])}  (adds ${range(added('cdk-nag'))})`);
  const ratios = added('stackwarden').map((sw, i) => sw / added('cdk-nag')[i]);
  console.log(
    `  StackWarden's cost / cdk-nag's, per round: ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} (target ≤ 0.33)`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--rounds');
  printCdkSynth(benchCdkSynth(i === -1 ? 5 : Number(process.argv[i + 1])));
}
