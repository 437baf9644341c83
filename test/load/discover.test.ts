import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoadFailure } from '../../src/load/document.js';
import { loadInputs, type LoadOptions } from '../../src/load/discover.js';
import { parseJson } from '../../src/load/json.js';
import { readDocument } from '../../src/load/read.js';
import type { LoadResult } from '../../src/load/stack.js';
import { parseYaml } from '../../src/load/yaml.js';
import { textOfRange, withTempDir } from '../helpers.js';

const BUCKET_JSON = '{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}\n';
const BUCKET_YAML = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n';

/** Writes files (path → content) under `dir`, creating folders. */
function write(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

function load(dir: string, paths: string[] = ['.'], options: LoadOptions = {}): LoadResult {
  return loadInputs(paths, { cwd: dir, ...options });
}

/** Errors as `file code line:column`, for compact assertions. */
const errorsOf = (r: LoadResult) => r.errors.map((e) => `${e.file} ${e.code} ${e.line}:${e.column}`);
const stacksOf = (r: LoadResult) => r.stacks.map((s) => s.template.file);

describe('discovery', () => {
  it('walks folders, loads templates, and skips files that are not templates silently', () => {
    withTempDir((dir) => {
      write(dir, {
        'package.json': '{"name": "x", "version": "1.0.0"}',
        'tsconfig.json': '{"compilerOptions": {}}',
        'config/random.yaml': 'foo: bar\nlist: [1, 2]\n',
        'config/other.json': '{"settings": {"Resources": 1}}',
        'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
        'broken-config.yaml': 'a: [\n',
        'README.md': '# not scanned',
        'infra/bucket.json': BUCKET_JSON,
        'infra/bucket.yaml': BUCKET_YAML,
        'infra/only-version.template': 'AWSTemplateFormatVersion: "2010-09-09"\n',
        'node_modules/dep/template.json': BUCKET_JSON,
      });
      const result = load(dir);
      expect(result.errors).toEqual([]);
      expect(stacksOf(result)).toEqual(['infra/bucket.json', 'infra/bucket.yaml', 'infra/only-version.template']);
      expect(result.files).toBe(3);
    });
  });

  it('reports a file named explicitly that is not a template as NOT_A_TEMPLATE', () => {
    withTempDir((dir) => {
      write(dir, { 'package.json': '{"name": "x"}', 'random.yaml': 'foo: bar\n' });
      expect(errorsOf(load(dir, ['package.json', 'random.yaml']))).toEqual([
        'package.json NOT_A_TEMPLATE 1:1',
        'random.yaml NOT_A_TEMPLATE 1:1',
      ]);
    });
  });

  it('reports a path that does not exist as NOT_FOUND, relative and without absolute paths', () => {
    withTempDir((dir) => {
      const result = load(dir, ['missing.yaml']);
      expect(errorsOf(result)).toEqual(['missing.yaml NOT_FOUND 1:1']);
      expect(result.errors[0]!.message).not.toContain(dir);
    });
  });

  it('loads each file once, however it is named', () => {
    withTempDir((dir) => {
      write(dir, { 'a/t.json': BUCKET_JSON });
      symlinkSync(join(dir, 'a'), join(dir, 'b'));
      const result = load(dir, ['.', 'a/t.json', 'a']);
      expect(result.stacks).toHaveLength(1);
      expect(result.errors).toEqual([]);
    });
  });

  it('orders stacks and errors deterministically', () => {
    withTempDir((dir) => {
      write(dir, { 'z.json': BUCKET_JSON, 'a.json': BUCKET_JSON, 'm/b.yaml': BUCKET_YAML, 'y.template.json': '{', 'b.template.json': '{' });
      const one = load(dir, ['z.json', '.']);
      const two = load(dir, ['.', 'z.json']);
      expect(stacksOf(one)).toEqual(['a.json', 'm/b.yaml', 'z.json']);
      expect(stacksOf(two)).toEqual(stacksOf(one));
      expect(errorsOf(one)).toEqual(['b.template.json PARSE 1:2', 'y.template.json PARSE 1:2']);
      expect(errorsOf(two)).toEqual(errorsOf(one));
    });
  });
});

describe('bad input: a clear error with file:line, and the other files are still scanned', () => {
  /** Loads `bad` (path → content) next to a good template and checks the good one still loads. */
  function withGood(files: Record<string, string>, paths?: string[], options: LoadOptions = {}): LoadResult {
    return withTempDir((dir) => {
      write(dir, { 'good.json': BUCKET_JSON, ...files });
      const result = load(dir, paths ?? ['.'], options);
      expect(stacksOf(result)).toContain('good.json');
      return result;
    });
  }

  it('malformed JSON: line and column of the error', () => {
    const result = withGood({ 'bad.json': '{\n  "Resources": {\n    "A": {"Type": "X",}\n  }\n}\n' });
    expect(errorsOf(result)).toEqual(['bad.json PARSE 3:23']);
    expect(result.errors[0]!.message).toMatch(/invalid JSON/);
  });

  it('malformed YAML: line and column of the error', () => {
    const result = withGood({ 'bad.yaml': 'Resources:\n  A:\n    Type: "unterminated\n' });
    expect(result.errors).toHaveLength(1);
    // The parser notices the missing quote at the end of the file, and says so.
    expect(result.errors[0]).toMatchObject({ file: 'bad.yaml', code: 'PARSE', line: 4, column: 1 });
    expect(result.errors[0]!.message).toMatch(/invalid YAML: Missing closing "quote/);
  });

  it('a file that looks like a template but fails to parse is an error; one that does not is skipped', () => {
    const result = withGood({
      'looks.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  A: [\n',
      'settings.yaml': 'key: [\n',
    });
    expect(errorsOf(result)).toEqual(['looks.yaml PARSE 4:1']);
  });

  it('empty files: EMPTY when named explicitly or named like a template, skipped otherwise', () => {
    const walked = withGood({ 'empty.json': '', 'blank.yaml': '  \n\n', 'empty.template.json': '', 'stack.cfn.yaml': '\n' });
    expect(errorsOf(walked)).toEqual(['empty.template.json EMPTY 1:1', 'stack.cfn.yaml EMPTY 1:1']);
    const explicit = withGood({ 'empty.json': '' }, ['good.json', 'empty.json']);
    expect(errorsOf(explicit)).toEqual(['empty.json EMPTY 1:1']);
  });

  it('huge files: TOO_LARGE, unread', () => {
    const big = JSON.stringify({
      Resources: { A: { Type: 'AWS::S3::Bucket', Properties: { Tags: Array(50).fill({ Key: 'k', Value: 'v' }) } } },
    });
    let reads = 0;
    const result = withGood({ 'big.json': big }, ['.'], {
      maxBytes: 1000,
      readFile: (path) => {
        reads++;
        return readFileSync(path, 'utf8');
      },
    });
    expect(errorsOf(result)).toEqual(['big.json TOO_LARGE 1:1']);
    expect(result.errors[0]!.message).toMatch(/more than the limit of 1000/);
    expect(reads).toBe(1);
  });

  it('deeply nested JSON (100k arrays): TOO_DEEP at the first bracket past the limit, no stack overflow', () => {
    const n = 100_000;
    const result = withGood({ 'deep.json': `{"Resources": {"A": ${'['.repeat(n)}${']'.repeat(n)}}}` });
    expect(errorsOf(result)).toEqual(['deep.json TOO_DEEP 1:119']);
  });

  it('deeply nested YAML (100k flow arrays, 100k block sequences): TOO_DEEP, no stack overflow', () => {
    const n = 100_000;
    const result = withGood({
      'deep-flow.yaml': `Resources:\n  A: ${'['.repeat(n)}${']'.repeat(n)}\n`,
      'deep-block.yaml': `Resources:\n  A:\n    ${'- '.repeat(n)}x\n`,
    });
    expect(errorsOf(result).map((e) => e.replace(/ \d+:\d+$/, ''))).toEqual(['deep-block.yaml TOO_DEEP', 'deep-flow.yaml TOO_DEEP']);
  });

  it('YAML nested past the limit but within the parser: TOO_DEEP at the node', () => {
    let text = 'Resources:\n  A:\n';
    for (let i = 0; i < 120; i++) text += `${' '.repeat(4 + 2 * i)}k:\n`;
    const result = withGood({ 'deep.yaml': text + ' '.repeat(244) + 'v\n' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ code: 'TOO_DEEP', file: 'deep.yaml' });
    expect(result.errors[0]!.line).toBeGreaterThan(90);
  });

  it('a YAML alias bomb (billion laughs): ALIAS_LIMIT', () => {
    const levels = 'abcdefghi'.split('');
    const lines = [
      'Resources:',
      '  A:',
      '    Type: X',
      '    Properties:',
      '      a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i < levels.length; i++)
      lines.push(
        `      ${levels[i]}: &${levels[i]} [${Array(9)
          .fill('*' + levels[i - 1])
          .join(',')}]`,
      );
    const result = withGood({ 'lol.yaml': lines.join('\n') + '\n' });
    expect(errorsOf(result).map((e) => e.replace(/ \d+:\d+$/, ''))).toEqual(['lol.yaml ALIAS_LIMIT']);
  });

  it('many aliases to one small node stay linear: ALIAS_LIMIT past the budget, not a hang', () => {
    const result = withGood({ 'many.yaml': `Resources:\n  A: &a x\n  B: [${Array(150_000).fill('*a').join(',')}]\n` });
    expect(errorsOf(result).map((e) => e.replace(/ \d+:\d+$/, ''))).toEqual(['many.yaml ALIAS_LIMIT']);
  });

  it('a self-referencing alias: ALIAS_LIMIT at the alias', () => {
    const result = withGood({ 'self.yaml': 'Resources:\n  A: &x\n    - *x\n' });
    expect(errorsOf(result)).toEqual(['self.yaml ALIAS_LIMIT 3:7']);
  });

  it('an alias to an unknown anchor: PARSE', () => {
    const result = withGood({ 'unknown.yaml': 'Resources:\n  A: *nope\n' });
    expect(result.errors.map((e) => e.code)).toEqual(['PARSE']);
  });

  it('symlink loops: a folder linking to its parent, a self-referencing link → SYMLINK_LOOP', () => {
    withTempDir((dir) => {
      write(dir, { 'good.json': BUCKET_JSON, 'sub/inner.yaml': BUCKET_YAML });
      symlinkSync('..', join(dir, 'sub', 'up'));
      symlinkSync('self.json', join(dir, 'self.json'));
      const result = load(dir);
      expect(stacksOf(result)).toEqual(['good.json', 'sub/inner.yaml']);
      expect(errorsOf(result)).toEqual(['self.json SYMLINK_LOOP 1:1', 'sub/up SYMLINK_LOOP 1:1']);
      for (const e of result.errors) expect(e.message).not.toContain(dir);
      expect(errorsOf(load(dir, ['self.json']))).toEqual(['self.json SYMLINK_LOOP 1:1']);
    });
  });

  it('two folders linking to each other end in SYMLINK_LOOP', () => {
    withTempDir((dir) => {
      write(dir, { 'a/t.json': BUCKET_JSON, 'b/u.json': BUCKET_JSON });
      symlinkSync('../b', join(dir, 'a', 'to-b'));
      symlinkSync('../a', join(dir, 'b', 'to-a'));
      const result = load(dir);
      // Each file once, under the first path that reaches it (here through the link a/to-b).
      expect(stacksOf(result)).toEqual(['a/t.json', 'a/to-b/u.json']);
      expect(result.errors.every((e) => e.code === 'SYMLINK_LOOP')).toBe(true);
      expect(result.errors.length).toBeGreaterThan(0);
    });
  });

  it('dangling symlinks: NOT_FOUND when named like a template, skipped otherwise', () => {
    withTempDir((dir) => {
      write(dir, { 'good.json': BUCKET_JSON });
      symlinkSync('missing.json', join(dir, 'dangling.json'));
      symlinkSync('missing', join(dir, 'dangling-dir'));
      const result = load(dir);
      expect(stacksOf(result)).toEqual(['good.json']);
      expect(errorsOf(result)).toEqual(['dangling.json NOT_FOUND 1:1']);
      expect(result.errors[0]!.message).not.toContain(dir);
    });
  });

  it('unreadable files (EACCES, simulated: root reads chmod 000 files): UNREADABLE', () => {
    const denied = (path: string): string => {
      if (path.endsWith('secret.yaml'))
        throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', path });
      return readFileSync(path, 'utf8');
    };
    const result = withGood({ 'secret.yaml': BUCKET_YAML }, ['.'], { readFile: denied });
    expect(errorsOf(result)).toEqual(['secret.yaml UNREADABLE 1:1']);
    expect(result.errors[0]!.message).toBe("cannot read: EACCES: permission denied, open 'secret.yaml'");
  });

  it('a FIFO in a walked folder does not hang; named explicitly it is UNREADABLE', () => {
    withTempDir((dir) => {
      write(dir, { 'good.json': BUCKET_JSON });
      execFileSync('mkfifo', [join(dir, 'pipe.json'), join(dir, 'pipe.template.yaml')]);
      symlinkSync('pipe.json', join(dir, 'link-to-pipe.yaml'));
      const walked = load(dir);
      expect(stacksOf(walked)).toEqual(['good.json']);
      expect(walked.errors).toEqual([]);
      expect(errorsOf(load(dir, ['pipe.json']))).toEqual(['pipe.json UNREADABLE 1:1']);
    });
  });

  it('duplicate keys: YAML rejects them at the key, JSON keeps the last as JSON.parse does', () => {
    const result = withGood({
      'dup.yaml': 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::SQS::Queue\n',
      'dup.template.json': '{"Resources": {"A": {"Type": "AWS::S3::Bucket"}, "A": {"Type": "AWS::SQS::Queue"}}}',
    });
    expect(errorsOf(result)).toEqual(['dup.yaml PARSE 4:3']);
    expect(result.errors[0]!.message).toMatch(/unique/);
    const json = result.stacks.find((s) => s.template.file === 'dup.template.json')!;
    expect(json.template.value).toEqual({ Resources: { A: { Type: 'AWS::SQS::Queue' } } });
  });

  it('a byte-order mark is ignored, in JSON and YAML', () => {
    const result = withGood({ 'bom.json': '\uFEFF' + BUCKET_JSON, 'bom.yaml': '\uFEFF' + BUCKET_YAML });
    expect(result.errors).toEqual([]);
    expect(stacksOf(result)).toEqual(['bom.json', 'bom.yaml', 'good.json']);
    const yaml = result.stacks.find((s) => s.template.file === 'bom.yaml')!.template;
    expect(yaml.locate('/Resources/Bucket/Type').range.start).toEqual({ line: 3, column: 5 });
  });

  it('CRLF line endings: ranges are still right', () => {
    const text = BUCKET_YAML.replace(/\n/g, '\r\n') + '    Properties:\r\n      BucketName: !Ref Name\r\n';
    const result = withGood({
      'crlf.yaml': text,
      'crlf.template.json': JSON.stringify(JSON.parse(BUCKET_JSON), null, 2).replace(/\n/g, '\r\n'),
    });
    const yaml = result.stacks.find((s) => s.template.file === 'crlf.yaml')!.template;
    const located = yaml.locate('/Resources/Bucket/Properties/BucketName/Ref');
    expect(located.range.start).toEqual({ line: 5, column: 19 });
    expect(textOfRange(text, located.range)).toBe('!Ref Name');
    const json = result.stacks.find((s) => s.template.file === 'crlf.template.json')!.template;
    expect(json.locate('/Resources/Bucket/Type').range).toEqual({ start: { line: 4, column: 7 }, end: { line: 4, column: 32 } });
  });

  it('multi-document YAML: PARSE at the second document', () => {
    const result = withGood({ 'multi.yaml': `${BUCKET_YAML}---\n${BUCKET_YAML}` });
    expect(errorsOf(result)).toEqual(['multi.yaml PARSE 4:1']);
    expect(result.errors[0]!.message).toMatch(/multiple documents/i);
  });

  it('every kind of bad input in one folder: each reported, the good template still loaded', () => {
    withTempDir((dir) => {
      write(dir, {
        'good.json': BUCKET_JSON,
        'bad.json': '{"Resources": ',
        'bad.template.yaml': 'Resources:\n  A: [\n',
        'empty.template.json': '',
        'self.yaml': 'Resources:\n  A: &x [*x]\n',
      });
      symlinkSync('loop.json', join(dir, 'loop.json'));
      const result = load(dir);
      expect(stacksOf(result)).toEqual(['good.json']);
      expect(result.errors.map((e) => `${e.file} ${e.code}`)).toEqual([
        'bad.json PARSE',
        'bad.template.yaml PARSE',
        'empty.template.json EMPTY',
        'loop.json SYMLINK_LOOP',
        'self.yaml ALIAS_LIMIT',
      ]);
    });
  });
});

/** Fragments that YAML and JSON parsers treat specially, to build inputs more hostile than random text. */
const fragment = fc.constantFrom(
  '!Ref ',
  '!GetAtt ',
  '!Sub ',
  '!If ',
  '!Condition ',
  '!!binary ',
  '!!timestamp ',
  '!!map ',
  '!<tag:x> ',
  '&a ',
  '*a ',
  '&b ',
  '*b ',
  '<<: ',
  '[',
  ']',
  '{',
  '}',
  ':',
  ': ',
  ',',
  '- ',
  '? ',
  '\n',
  '\r\n',
  '  ',
  '\t',
  '"',
  "'",
  '|',
  '>-',
  '#',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  'Resources',
  'AWSTemplateFormatVersion',
  'Type',
  '2012-10-17',
  '012',
  '0x1F',
  '.inf',
  '~',
  'null',
  'yes',
  '__proto__',
  '\\u0000',
  '\uFEFF',
  '\u2028',
);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  fc.array(fc.oneof(fragment, fc.string({ maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join('')),
);

describe('the loaders never throw (property)', () => {
  it('parseJson and parseYaml either return a document or throw a LoadFailure', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        for (const parse of [parseJson, parseYaml]) {
          try {
            const doc = parse('t', text);
            // Whatever was parsed can be located without throwing.
            doc.locate('/Resources/A/Properties/B/0');
            JSON.stringify(doc.value);
          } catch (error) {
            if (!(error instanceof LoadFailure)) throw error;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('readDocument never throws, whatever the file holds', () => {
    withTempDir((dir) => {
      const files = ['t.json', 't.yaml', 't.template'].map((name) => join(dir, name));
      for (const file of files) writeFileSync(file, 'x');
      fc.assert(
        fc.property(hostile, fc.constantFrom(...files), (text, file) => {
          const outcome = readDocument(file, file.slice(dir.length + 1), { maxBytes: 1_000_000, readFile: () => text });
          if ('error' in outcome) {
            expect(outcome.error.line).toBeGreaterThanOrEqual(1);
            expect(outcome.error.column).toBeGreaterThanOrEqual(1);
          }
        }),
        { numRuns: 1000 },
      );
    });
  });
});
