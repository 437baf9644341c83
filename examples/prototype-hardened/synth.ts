// Regenerates examples/prototype-hardened/cdk.out: `npm run example:synth-hardened`
// (= `npx tsx examples/prototype-hardened/synth.ts`, from the repository root).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'cdk.out');

// Start from an empty directory so files of removed stacks do not linger.
fs.rmSync(outdir, { recursive: true, force: true });

const assembly = buildApp(outdir).synth();

for (const stack of assembly.stacks) {
  console.log(`${stack.id} -> ${path.relative(process.cwd(), stack.templateFullPath)}`);
}
