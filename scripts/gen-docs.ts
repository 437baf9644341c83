// Regenerates docs/rules.md and docs/controls.md from the rules' metadata: `npm run docs`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { controlsMarkdown } from '../src/docs/controls-doc.js';
import { rulesMarkdown } from '../src/docs/rules-doc.js';
import { rules } from '../src/rules/index.js';

for (const [name, text] of [
  ['rules.md', rulesMarkdown(rules)],
  ['controls.md', controlsMarkdown(rules)],
] as const) {
  const target = fileURLToPath(new URL(`../docs/${name}`, import.meta.url));
  writeFileSync(target, text);
  console.log(`wrote ${target} (${rules.length} rules)`);
}
