import { describe, expect, it } from 'vitest';
import { planOutputs } from './outputs.js';

describe('planOutputs', () => {
  it('sends one format to stdout, or to the one --output file', () => {
    expect(planOutputs({ format: 'text' })).toEqual({ targets: [{ format: 'text', to: { kind: 'stdout' } }] });
    expect(planOutputs({ format: 'sarif', output: ['r.sarif'] })).toEqual({
      targets: [{ format: 'sarif', to: { kind: 'file', path: 'r.sarif' } }],
    });
    expect(planOutputs({ format: 'sarif', output: ['sarif=r.sarif'] })).toEqual({
      targets: [{ format: 'sarif', to: { kind: 'file', path: 'r.sarif' } }],
    });
    expect(planOutputs({ format: 'html', output: ['-'] })).toEqual({ targets: [{ format: 'html', to: { kind: 'stdout' } }] });
  });

  it('names a file per format with FORMAT=FILE, text staying on stdout', () => {
    expect(planOutputs({ format: 'text, sarif,junit', output: ['sarif=out/r.sarif', 'junit=out/r.xml'] })).toEqual({
      targets: [
        { format: 'text', to: { kind: 'stdout' } },
        { format: 'sarif', to: { kind: 'file', path: 'out/r.sarif' } },
        { format: 'junit', to: { kind: 'file', path: 'out/r.xml' } },
      ],
    });
  });

  it('puts the other formats in --output-dir', () => {
    expect(planOutputs({ format: 'text,sarif,junit,html', outputDir: 'reports', output: ['html=page.html'] })).toEqual({
      targets: [
        { format: 'text', to: { kind: 'stdout' } },
        { format: 'sarif', to: { kind: 'file', path: 'reports/stackwarden.sarif' } },
        { format: 'junit', to: { kind: 'file', path: 'reports/stackwarden.junit.xml' } },
        { format: 'html', to: { kind: 'file', path: 'page.html' } },
      ],
    });
  });

  it('refuses what cannot be honoured', () => {
    const error = (r: ReturnType<typeof planOutputs>) => ('error' in r ? r.error : '');
    expect(error(planOutputs({ format: 'json,sarif' }))).toMatch(/would all go to standard output/);
    expect(error(planOutputs({ format: 'text,sarif', output: ['x.sarif'] }))).toMatch(/name the format: --output FORMAT=FILE/);
    expect(error(planOutputs({ format: 'pdf' }))).toMatch(/unknown format 'pdf'/);
    expect(error(planOutputs({ format: 'text,text' }))).toMatch(/listed twice/);
    expect(error(planOutputs({ format: 'text', output: ['sarif=x'] }))).toMatch(/not in --format/);
    expect(error(planOutputs({ format: 'sarif', output: ['a', 'b'] }))).toMatch(/twice/);
    expect(error(planOutputs({ format: 'sarif,text', output: ['sarif='] }))).toMatch(/empty/);
    expect(error(planOutputs({ format: ',' }))).toMatch(/no output format/);
  });
});
