import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/load/discover.js';
import type { LoadResult } from '../../src/load/stack.js';
import { withTempDir } from '../helpers.js';

// Issue classes of hostile assemblies: stack loops, stray or malformed manifests, paths out of the assembly,
// symbolic links out of the scanned tree, and a run that scans nothing. Each test writes a tree, loads it with
// a recording readFile, and checks the result and that nothing outside the tree was opened.

const bucket = '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}';
const manifest = (artifacts: unknown) => JSON.stringify({ version: '36.0.0', artifacts }, null, 2);
const stackArtifact = (templateFile: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'aws:cloudformation:stack',
  environment: 'aws://unknown-account/unknown-region',
  properties: { templateFile, ...extra },
});
const nestedParent = (assetPath: string) =>
  JSON.stringify({ Resources: { N: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': assetPath } } } }, null, 1);

interface Loaded extends LoadResult {
  /** Every file opened for reading, absolute and real. */
  reads: string[];
  /** The real path of the tree's root. */
  root: string;
}

/** Writes `files` under a fresh folder (`tree/`), with `links` as symbolic links (path → target), and loads `inputs`. */
function load(
  files: Record<string, string>,
  options: { inputs?: string[]; links?: Record<string, string>; followSymlinks?: boolean; allowEmpty?: boolean } = {},
): Loaded {
  return withTempDir((dir) => {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    // Outside the tree: what traversal would reach.
    writeFileSync(join(dir, 'secret.template.json'), bucket);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), content);
    }
    for (const [path, target] of Object.entries(options.links ?? {})) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      symlinkSync(target.replace('$OUT', dir), join(tree, path));
    }
    const reads: string[] = [];
    const result = loadInputs(options.inputs ?? ['.'], {
      cwd: tree,
      readFile: (path) => {
        reads.push(realpathSync(path));
        return readFileSync(path);
      },
      ...(options.followSymlinks ? { followSymlinks: true } : {}),
      ...(options.allowEmpty ? { allowEmpty: true } : {}),
    });
    return { ...result, reads, root: realpathSync(tree) };
  });
}

const codes = (r: LoadResult) => r.errors.map((e) => `${e.file} ${e.code}`).sort();
const outside = (r: Loaded) => r.reads.filter((p) => p !== r.root && !p.startsWith(r.root + sep));

describe('stack loops (11.1)', () => {
  it('a nested stack whose asset path is its own template: one stack, an ASSEMBLY error, no overflow', () => {
    const r = load({
      'cdk.out/manifest.json': manifest({ P: stackArtifact('P.template.json') }),
      'cdk.out/P.template.json': nestedParent('P.template.json'),
    });
    expect(r.stacks.map((s) => s.id)).toEqual(['P']);
    expect(codes(r)).toEqual(['cdk.out/P.template.json ASSEMBLY']);
    expect(r.errors[0]!.message).toMatch(/loop|again|itself|already/i);
  });

  it('two nested templates that name each other: each loaded once, the loop an error', () => {
    const r = load({
      'cdk.out/manifest.json': manifest({ P: stackArtifact('P.template.json') }),
      'cdk.out/P.template.json': nestedParent('A.nested.template.json'),
      'cdk.out/A.nested.template.json': nestedParent('B.nested.template.json'),
      'cdk.out/B.nested.template.json': nestedParent('A.nested.template.json'),
    });
    expect(r.stacks.map((s) => s.template.file).sort()).toEqual([
      'cdk.out/A.nested.template.json',
      'cdk.out/B.nested.template.json',
      'cdk.out/P.template.json',
    ]);
    expect(r.errors.map((e) => e.code)).toEqual(['ASSEMBLY']);
  });

  it('a stage folder that names its parent assembly: each stack once', () => {
    const r = load({
      'cdk.out/manifest.json': manifest({
        S: stackArtifact('S.template.json'),
        Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Stage' } },
      }),
      'cdk.out/S.template.json': bucket,
      'cdk.out/assembly-Stage/manifest.json': manifest({ Up: { type: 'cdk:cloud-assembly', properties: { directoryName: '..' } } }),
    });
    expect(r.stacks.map((s) => s.id)).toEqual(['S']);
  });
});

describe('stray and malformed manifests (11.2)', () => {
  it('a stray manifest.json that is not an assembly hides nothing beneath it', () => {
    const r = load({ 'app/manifest.json': '{"version": "x", "artifacts": {}}', 'app/t.template.json': bucket });
    expect(r.stacks.map((s) => s.template.file)).toEqual(['app/t.template.json']);
  });

  for (const artifacts of [null, [], 'stacks', 42]) {
    it(`"artifacts": ${JSON.stringify(artifacts)} in an assembly is an ASSEMBLY error, never a silent pass`, () => {
      const r = load({
        'cdk.out/manifest.json': JSON.stringify({ version: '36.0.0', artifacts }),
        'cdk.out/S.template.json': bucket,
        'cdk.out/tree.json': '{"version": "tree-0.1", "tree": {}}',
      });
      expect(r.errors.map((e) => e.code)).toContain('ASSEMBLY');
      // The template under it is not silently dropped: scanned, or reported as skipped with a reason.
      const seen = [...r.stacks.map((s) => s.template.file), ...(r.skipped ?? []).map((s) => s.file)];
      expect(seen).toContain('cdk.out/S.template.json');
    });
  }

  it('a template in the assembly folder that the manifest does not name is reported as skipped, and why', () => {
    const r = load({
      'cdk.out/manifest.json': manifest({ S: stackArtifact('S.template.json') }),
      'cdk.out/tree.json': '{"version": "tree-0.1", "tree": {}}',
      'cdk.out/S.template.json': bucket,
      'cdk.out/Old.template.json': bucket,
    });
    expect(r.stacks.map((s) => s.id)).toEqual(['S']);
    expect(r.skipped).toContainEqual(expect.objectContaining({ file: 'cdk.out/Old.template.json', kind: 'not-in-assembly' }));
  });
});

describe('paths out of the assembly (11.8)', () => {
  const cases: [string, Record<string, string>][] = [
    ['templateFile ../', { 'cdk.out/manifest.json': manifest({ S: stackArtifact('../../secret.template.json') }) }],
    ['templateFile absolute', { 'cdk.out/manifest.json': manifest({ S: stackArtifact('/etc/passwd') }) }],
    ['templateFile /proc', { 'cdk.out/manifest.json': manifest({ S: stackArtifact('/proc/self/status') }) }],
    [
      'directoryName ../',
      { 'cdk.out/manifest.json': manifest({ St: { type: 'cdk:cloud-assembly', properties: { directoryName: '../..' } } }) },
    ],
    [
      'aws:asset:path ../',
      {
        'cdk.out/manifest.json': manifest({ P: stackArtifact('P.template.json') }),
        'cdk.out/P.template.json': nestedParent('../../secret.template.json'),
      },
    ],
    [
      'aws:asset:path absolute',
      {
        'cdk.out/manifest.json': manifest({ P: stackArtifact('P.template.json') }),
        'cdk.out/P.template.json': nestedParent('/etc/passwd'),
      },
    ],
    [
      'additionalMetadataFile ../',
      {
        'cdk.out/manifest.json': manifest({
          S: { ...stackArtifact('S.template.json'), additionalMetadataFile: '../../secret.template.json' },
        }),
        'cdk.out/S.template.json': bucket,
      },
    ],
  ];
  for (const [name, files] of cases)
    it(`${name}: an ASSEMBLY error naming the entry, and the file is not opened`, () => {
      const r = load(files);
      expect(outside(r)).toEqual([]);
      expect(r.errors.some((e) => e.code === 'ASSEMBLY' && /out of the assembly|outside|absolute path/.test(e.message))).toBe(true);
    });

  it('a template named through a symbolic link that leads out of the assembly is not opened', () => {
    const r = load(
      { 'cdk.out/manifest.json': manifest({ S: stackArtifact('S.template.json') }) },
      { links: { 'cdk.out/S.template.json': '$OUT/secret.template.json' } },
    );
    expect(outside(r)).toEqual([]);
    expect(r.stacks).toEqual([]);
  });
});

describe('symbolic links out of the scanned tree (11.9)', () => {
  it('a link to / is not followed by default: reported as skipped, nothing outside read', () => {
    const r = load({ 't.template.json': bucket }, { links: { root: '/' } });
    expect(r.stacks.map((s) => s.template.file)).toEqual(['t.template.json']);
    expect(r.skipped).toContainEqual(expect.objectContaining({ file: 'root', kind: 'symlink-out' }));
    expect(outside(r)).toEqual([]);
  });

  it('with followSymlinks, a link out of the tree is followed', () => {
    const r = load({ 't.template.json': bucket }, { links: { 'out.template.json': '$OUT/secret.template.json' }, followSymlinks: true });
    expect(r.stacks).toHaveLength(2);
  });

  it('a link inside the tree to a file of the tree: the real file is read once', () => {
    const r = load({ 'a/t.template.json': bucket }, { links: { 'b/t.template.json': '../a/t.template.json', c: 'a' } });
    expect(r.stacks).toHaveLength(1);
    expect(r.reads).toHaveLength(1);
  });
});

describe('a run that scans nothing (11.3)', () => {
  it('an empty folder, or one with only non-templates: NOTHING_SCANNED', () => {
    expect(load({}).errors.map((e) => e.code)).toEqual(['NOTHING_SCANNED']);
    expect(load({ 'package.json': '{"name": "x"}', 'notes.yaml': 'a: 1\n' }).errors.map((e) => e.code)).toEqual(['NOTHING_SCANNED']);
  });

  it('allowEmpty accepts it', () => {
    expect(load({}, { allowEmpty: true }).errors).toEqual([]);
  });
});

// Generated assemblies: manifests whose artifacts take every shape the code reads (and some it must not),
// templates whose nested stacks name each other, themselves, missing files, or paths out of the tree.
const pathArb = fc.constantFrom(
  'S0.template.json',
  'S1.template.json',
  'N0.nested.template.json',
  'N1.nested.template.json',
  'missing.template.json',
  '../../secret.template.json',
  '/etc/passwd',
  '.',
  '',
  'sub/../S0.template.json',
);
const valueArb = fc.oneof(pathArb, fc.constant(null), fc.constant(42), fc.constant([]), fc.constant({}));
const artifactArb = fc.oneof(
  fc.record({
    type: fc.constantFrom('aws:cloudformation:stack', 'cdk:cloud-assembly', 'cdk:tree', 'other'),
    properties: fc.oneof(
      fc.record({ templateFile: valueArb }),
      fc.record({ directoryName: fc.oneof(fc.constantFrom('.', '..', '../..', 'stage', '/'), valueArb) }),
      fc.constant(null),
    ),
  }),
  fc.constant(null),
  fc.constant('artifact'),
);
const manifestArb = fc.oneof(
  fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D'), artifactArb).map((artifacts) => manifest(artifacts)),
  fc.constantFrom('{"version": "36.0.0", "artifacts": null}', '{"version": "x", "artifacts": {}}', '{"artifacts": [1]}', '{', '[]'),
);
const templateArb = fc.oneof(
  fc.constant(bucket),
  pathArb.map(nestedParent),
  fc.array(pathArb, { maxLength: 3 }).map((paths) =>
    JSON.stringify({
      Resources: Object.fromEntries(
        paths.map((p, i) => [`N${i}`, { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': p } }]),
      ),
    }),
  ),
  fc.constant('{"Resources": '),
);
const treeArb = fc.record({
  manifest: manifestArb,
  stage: fc.option(manifestArb, { nil: undefined }),
  templates: fc.dictionary(
    fc.constantFrom('S0.template.json', 'S1.template.json', 'N0.nested.template.json', 'N1.nested.template.json'),
    templateArb,
  ),
});

describe('generated assemblies: no throw, nothing read outside the tree, every template accounted for', () => {
  it('holds for every generated tree', () => {
    let tried = 0;
    fc.assert(
      fc.property(treeArb, ({ manifest: m, stage, templates }) => {
        tried++;
        const files: Record<string, string> = { 'cdk.out/manifest.json': m };
        if (stage) files['cdk.out/stage/manifest.json'] = stage;
        for (const [name, text] of Object.entries(templates)) files[`cdk.out/${name}`] = text;
        const r = load(files);
        expect(outside(r)).toEqual([]);
        // Each real file read at most once.
        expect(new Set(r.reads).size).toBe(r.reads.length);
        // No template file is silently dropped, whatever the manifest says: it is a stack, an error, or a skipped
        // file with a reason.
        const accounted = new Set([
          ...r.stacks.map((s) => s.template.file),
          ...r.errors.map((e) => e.file),
          ...(r.skipped ?? []).map((s) => s.file),
        ]);
        for (const name of Object.keys(templates)) expect(accounted.has(`cdk.out/${name}`)).toBe(true);
      }),
      { numRuns: 150, seed: 11 },
    );
    expect(tried).toBe(150);
  });
});
