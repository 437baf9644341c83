import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from './discover.js';

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'stackwarden-ignore-'));
  const template = 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n';
  for (const file of ['a.yaml', 'sub/b.yaml', 'sub/deep/c.yaml', '.hidden/d.yaml']) {
    mkdirSync(join(cwd, file, '..'), { recursive: true });
    writeFileSync(join(cwd, file), template);
  }
  cpSync(new URL('../../examples/prototype/cdk.out', import.meta.url), join(cwd, 'cdk.out'), { recursive: true });
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const files = (paths: string[], ignore?: string[]) =>
  loadInputs(paths, { cwd, ...(ignore ? { ignore } : {}) }).stacks.map((s) => s.template.file);

describe('ignore globs', () => {
  it('walk everything without them', () => {
    expect(files(['.'])).toEqual([
      '.hidden/d.yaml',
      'a.yaml',
      'cdk.out/PrototypeDataStack.template.json',
      'cdk.out/PrototypeStack.template.json',
      'sub/b.yaml',
      'sub/deep/c.yaml',
    ]);
  });

  it('skip matching files and folders (dot folders included) while walking', () => {
    expect(files(['.'], ['sub/deep/**', '.hidden', 'a.yaml'])).toEqual([
      'cdk.out/PrototypeDataStack.template.json',
      'cdk.out/PrototypeStack.template.json',
      'sub/b.yaml',
    ]);
    expect(files(['.'], ['**/*.yaml'])).toEqual(['cdk.out/PrototypeDataStack.template.json', 'cdk.out/PrototypeStack.template.json']);
  });

  it('skip stacks of an assembly by their template file', () => {
    expect(files(['cdk.out'], ['cdk.out/PrototypeDataStack.*'])).toEqual(['cdk.out/PrototypeStack.template.json']);
    expect(files(['.'], ['cdk.out/**'])).not.toContain('cdk.out/PrototypeStack.template.json');
  });

  it('never skip a file named explicitly', () => {
    expect(files(['a.yaml'], ['**/*.yaml'])).toEqual(['a.yaml']);
  });
});
