// Regenerates docs/rules.md from the rules' metadata: `npm run docs`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulesMarkdown } from '../src/docs/rules-doc.js';
import { rules } from '../src/rules/index.js';

const target = fileURLToPath(new URL('../docs/rules.md', import.meta.url));
writeFileSync(target, rulesMarkdown(rules));
console.log(`wrote ${target} (${rules.length} rules)`);
