// Builds the CommonJS copy of the library into dist/cjs from tsc's ESM output in dist (run by `npm run build`).
//
// Why this mechanism: CDK apps made by `cdk init app --language typescript` and Jest setups are CommonJS, and
// `require()` of an ES module needs Node 20.19 / 22.12, while the package supports Node 20.12+. A second tsc
// build with `module: commonjs` cannot compile the sources as they are (`import.meta.url` finds lazily loaded
// dependencies), and a bundle would merge the three entries' modules into separate copies and load every rule
// and formatter at once. So each ESM file is transformed on its own into a CommonJS file (esbuild's
// `transform`, no bundling): the module graph, its lazy loading and its import cost stay the same, and the
// declarations are copied beside them, so TypeScript in a CommonJS project sees CommonJS types.
// The `stackwarden` bin runs the ESM build (dist/cli/main.js); dist/cjs/cli exists for the CDK entry, which
// reads configuration files with the CLI's readers.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'cjs');
rmSync(out, { recursive: true, force: true });

/** Every file under dist except the CommonJS output itself and the bin (its top-level await is ESM only). */
function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path === out) continue;
      yield* walk(path);
    } else if (path !== join(dist, 'cli', 'main.js')) yield path;
  }
}

// `import.meta.url` is this file's URL in ESM; in CommonJS the same URL comes from __filename.
const banner = 'const __stackwardenModuleUrl = require("node:url").pathToFileURL(__filename).href;';
let count = 0;
for (const file of walk(dist)) {
  const target = join(out, relative(dist, file));
  if (file.endsWith('.d.ts')) {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  } else if (file.endsWith('.js')) {
    const source = readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    const usesMeta = source.includes('import.meta.url');
    const { code } = transformSync(source, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      define: usesMeta ? { 'import.meta.url': '__stackwardenModuleUrl' } : {},
      banner: usesMeta ? banner : '',
      sourcefile: relative(root, file),
    });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    count++;
  }
}
// Node decides a .js file's module format from the nearest package.json.
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
console.log(`build-cjs: ${count} CommonJS modules in ${relative(root, out)}`);
