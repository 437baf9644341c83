import { describe, expect, it } from 'vitest';
import type { Location } from 'sarif';
import type { Finding } from '../model/types.js';
import { sarifLocations } from './sarif-source.js';

const template: Location = {
  physicalLocation: {
    artifactLocation: { uri: 'cdk.out/S.template.json', uriBaseId: '%SRCROOT%' },
    region: { startLine: 4, startColumn: 5 },
  },
  logicalLocations: [{ name: 'Bucket', fullyQualifiedName: 'S/Bucket/Resource', kind: 'resource' }],
};
const finding = (source?: Finding['source']) => ({ source }) as Finding;

describe('sarifLocations', () => {
  it('puts a source inside the repository first and the template beside it', () => {
    const out = sarifLocations(finding({ file: 'lib/s.ts', line: 12, column: 5 }), template, 'source', (f) => f);
    expect(out.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'lib/s.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 5 },
    });
    expect(out.relatedLocations).toEqual([{ id: 1, ...template, message: { text: 'synthesized template' } }]);
  });

  it('keeps the template first when asked, and when the source is outside the repository or absent', () => {
    const asked = sarifLocations(finding({ file: 'lib/s.ts', line: 12 }), template, 'template', (f) => f);
    expect(asked.locations).toEqual([template]);
    expect(asked.relatedLocations![0]!.physicalLocation!.region).toEqual({ startLine: 12 });
    expect(sarifLocations(finding({ file: '../elsewhere/s.ts', line: 1 }), template, 'source', (f) => f)).toEqual({
      locations: [template],
    });
    expect(sarifLocations(finding(), template, 'source', (f) => f)).toEqual({ locations: [template] });
  });
});
