import type { Location } from 'sarif';
import type { Finding } from '../model/types.js';
import type { SarifPrimary } from './context.js';

/**
 * A finding's SARIF locations. With a `source` inside the scanned repository (a path relative to the working
 * directory that does not climb out of it), the source line is the primary location and the template a related
 * location: GitHub code scanning then annotates the TypeScript line of a pull request, which it cannot do on a
 * `cdk.out` that git ignores. `primary: 'template'` keeps the template first (the source becomes related).
 */
export function sarifLocations(
  f: Finding,
  template: Location,
  primary: SarifPrimary,
  uri: (file: string) => string,
): { locations: Location[]; relatedLocations?: Location[] } {
  const source = f.source;
  if (!source || !insideRepository(source.file)) return { locations: [template] };
  const physical: Location['physicalLocation'] = {
    artifactLocation: { uri: uri(source.file), uriBaseId: '%SRCROOT%' },
    region: { startLine: source.line, ...(source.column !== undefined ? { startColumn: source.column } : {}) },
  };
  const sourceLocation: Location = { physicalLocation: physical };
  if (template.logicalLocations) sourceLocation.logicalLocations = template.logicalLocations;
  if (primary === 'template')
    return {
      locations: [template],
      relatedLocations: [{ id: 1, ...sourceLocation, message: { text: 'where the CDK app creates the construct' } }],
    };
  return { locations: [sourceLocation], relatedLocations: [{ id: 1, ...template, message: { text: 'synthesized template' } }] };
}

function insideRepository(file: string): boolean {
  return file !== '' && !file.startsWith('../') && file !== '..' && !file.startsWith('/') && !/^[A-Za-z]:/.test(file);
}
