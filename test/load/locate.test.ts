import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import type { SourceDocument } from '../../src/load/document.js';
import { parseJson } from '../../src/load/json.js';
import { toPointer } from '../../src/load/pointer.js';
import { parseYaml } from '../../src/load/yaml.js';
import { textOfRange } from '../helpers.js';

/** Where a pointer lands, as `line:column-line:column` and the text it covers. */
function at(doc: SourceDocument, pointer: string): { pointer: string; start: string; text: string } {
  const located = doc.locate(pointer);
  const { start } = located.range;
  return { pointer: located.pointer, start: `${start.line}:${start.column}`, text: textOfRange(doc.text, located.range) };
}

const yamlText = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Name: !Ref AWS::NoValue
      List:
        - a
        - !GetAtt X.Arn
        - {k: v}
      If: !If [C, !Ref A, b]
      Sub: !Sub
        - x
        - {}
      Null:
      Account: 012345678901
      Alias: &a [1]
      Aliased: *a
`;

describe('pointer → range, YAML', () => {
  const doc = parseYaml('t.yaml', yamlText);
  it.each([
    ['a property starts at its key', '/Resources/Bucket/Type', '3:5', 'Type: AWS::S3::Bucket'],
    ['a property holding a tagged node starts at the key', '/Resources/Bucket/Properties/Name', '5:7', 'Name: !Ref AWS::NoValue'],
    ['the long-form key of a tag is the tagged node, from the tag', '/Resources/Bucket/Properties/Name/Ref', '5:13', '!Ref AWS::NoValue'],
    ['an array item', '/Resources/Bucket/Properties/List/0', '7:11', 'a'],
    ['a tagged array item starts at the tag', '/Resources/Bucket/Properties/List/1', '8:11', '!GetAtt X.Arn'],
    ['the parts of a dotted !GetAtt are the tagged node', '/Resources/Bucket/Properties/List/1/Fn::GetAtt/1', '8:11', '!GetAtt X.Arn'],
    ['a flow mapping item', '/Resources/Bucket/Properties/List/2', '9:11', '{k: v}'],
    ['a key in a flow mapping', '/Resources/Bucket/Properties/List/2/k', '9:12', 'k: v'],
    ['a branch of !If', '/Resources/Bucket/Properties/If/Fn::If/2', '10:27', 'b'],
    ['a tagged branch of !If starts at its tag', '/Resources/Bucket/Properties/If/Fn::If/1', '10:19', '!Ref A'],
    ['an item of a block-style !Sub', '/Resources/Bucket/Properties/Sub/Fn::Sub/1', '13:11', '{}'],
    ['a key with no value', '/Resources/Bucket/Properties/Null', '14:7', 'Null:'],
    ['a key that looks like a number', '/Resources/Bucket/Properties/Account', '15:7', 'Account: 012345678901'],
    ['through an alias', '/Resources/Bucket/Properties/Aliased/0', '16:18', '1'],
  ])('%s', (_name, pointer, start, text) => {
    expect(at(doc, pointer)).toEqual({ pointer, start, text });
  });

  it('a missing pointer lands on its nearest existing ancestor', () => {
    expect(at(doc, '/Resources/Bucket/Properties/Missing/Deeper').pointer).toBe('/Resources/Bucket/Properties');
    expect(at(doc, '/Resources/Bucket/Properties/Missing/Deeper').start).toBe('4:5');
    expect(at(doc, '/Resources/Bucket/Properties/List/7').pointer).toBe('/Resources/Bucket/Properties/List');
    expect(at(doc, '/Nope').pointer).toBe('');
    expect(at(doc, '/Nope').start).toBe('1:1');
  });

  it('keeps keys as written: Null, True and leading zeros are keys, not null, true and numbers', () => {
    const value = parseYaml(
      't.yaml',
      'Mappings:\n  Accounts:\n    012345678901: {Name: a}\n    True: {Name: b}\n    Null: {Name: c}\n',
    ).value;
    expect(value).toEqual({ Mappings: { Accounts: { '012345678901': { Name: 'a' }, True: { Name: 'b' }, Null: { Name: 'c' } } } });
  });

  it('keeps a __proto__ key as an entry, as JSON.parse does', () => {
    const value = parseYaml('t.yaml', '__proto__: {a: 1}\nb: 2\n').value as object;
    expect(Object.keys(value)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('locates with CRLF line endings', () => {
    const crlf = parseYaml('t.yaml', yamlText.replace(/\n/g, '\r\n'));
    expect(at(crlf, '/Resources/Bucket/Properties/If/Fn::If/2')).toEqual({
      pointer: '/Resources/Bucket/Properties/If/Fn::If/2',
      start: '10:27',
      text: 'b',
    });
    expect(at(crlf, '/Resources/Bucket/Type').text).toBe('Type: AWS::S3::Bucket');
  });

  it('locates after a byte-order mark', () => {
    // The reader strips the BOM before parsing, as editors hide it: column 1 is the first visible character.
    const bom = parseYaml('t.yaml', yamlText);
    expect(at(bom, '/Resources').start).toBe('1:1');
  });
});

describe('pointer → range, JSON', () => {
  const text = `{
  "Resources": {
    "Bucket": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "List": ["a", {"Fn::GetAtt": ["X", "Arn"]}],
        "Null": null
      }
    }
  }
}`;
  const doc = parseJson('t.json', text);
  it.each([
    ['a property starts at its key', '/Resources/Bucket/Type', '4:7', '"Type": "AWS::S3::Bucket"'],
    ['an array item', '/Resources/Bucket/Properties/List/0', '6:18', '"a"'],
    ['an intrinsic item', '/Resources/Bucket/Properties/List/1', '6:23', '{"Fn::GetAtt": ["X", "Arn"]}'],
    ['inside an intrinsic', '/Resources/Bucket/Properties/List/1/Fn::GetAtt/1', '6:44', '"Arn"'],
    ['a null value', '/Resources/Bucket/Properties/Null', '7:9', '"Null": null'],
  ])('%s', (_name, pointer, start, expected) => {
    expect(at(doc, pointer)).toEqual({ pointer, start, text: expected });
  });

  it('a missing pointer lands on its nearest existing ancestor', () => {
    expect(at(doc, '/Resources/Bucket/Properties/Nope/x').pointer).toBe('/Resources/Bucket/Properties');
    expect(at(doc, '/Resources/Bucket/Properties/List/9').pointer).toBe('/Resources/Bucket/Properties/List');
    expect(at(doc, '/Elsewhere')).toMatchObject({ pointer: '', start: '1:1' });
  });

  it('locates with CRLF line endings', () => {
    const crlf = parseJson('t.json', text.replace(/\n/g, '\r\n'));
    expect(at(crlf, '/Resources/Bucket/Properties/List/1/Fn::GetAtt/1')).toMatchObject({ start: '6:44', text: '"Arn"' });
  });

  it('escapes ~ and / in keys', () => {
    const escaped = parseJson('t.json', '{"a/b": {"c~d": 1}}');
    expect(at(escaped, '/a~1b/c~0d')).toEqual({ pointer: '/a~1b/c~0d', start: '1:10', text: '"c~d": 1' });
  });
});

/** Every pointer of a plain JSON value, with the value there and whether it is an object property. */
function pointersOf(value: unknown): { pointer: string; value: unknown; key: string | undefined }[] {
  const out: { pointer: string; value: unknown; key: string | undefined }[] = [];
  const visit = (v: unknown, tokens: (string | number)[], key: string | undefined) => {
    out.push({ pointer: toPointer(tokens), value: v, key });
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, [...tokens, i], undefined));
    else if (v !== null && typeof v === 'object') for (const [k, item] of Object.entries(v)) visit(item, [...tokens, k], k);
  };
  visit(value, [], undefined);
  return out;
}

/** Keys that trip up naive code: prototype names, pointer escapes, empty, YAML indicators. */
const trickyKey = fc.constantFrom('__proto__', 'constructor', 'a/b', '~0', '', '- x', '? y', 'Ref', 'Fn::If', '!Ref', '#', 'a: b');
/** JSON values with ordinary and tricky keys. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), trickyKey), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** JSON values that YAML can also carry exactly: no -0, no integers past 2^53 (the loader keeps those as text). */
const exactJson = anyJson.filter((v) => {
  const ok = (x: unknown): boolean =>
    typeof x === 'number'
      ? !Object.is(x, -0) && (Number.isSafeInteger(x) || !Number.isInteger(x))
      : Array.isArray(x)
        ? x.every(ok)
        : x !== null && typeof x === 'object'
          ? Object.entries(x).every(([k, v]) => k !== '<<' && ok(v))
          : true;
  return ok(v);
});

describe('pointer → range → value round-trips (property)', () => {
  it('JSON, pretty, compact and with CRLF', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 5 }), anyJson), fc.constantFrom('pretty', 'compact', 'crlf'), (value, style) => {
        const pretty = JSON.stringify(value, null, 2);
        const text = style === 'compact' ? JSON.stringify(value) : style === 'crlf' ? pretty.replace(/\n/g, '\r\n') : pretty;
        const doc = parseJson('t.json', text);
        for (const p of pointersOf(doc.value)) {
          const located = doc.locate(p.pointer);
          expect(located.pointer).toBe(p.pointer);
          const covered = textOfRange(text, located.range);
          if (p.key === undefined) expect(JSON.parse(covered)).toEqual(p.value);
          else {
            expect(covered.startsWith(JSON.stringify(p.key))).toBe(true);
            expect(JSON.parse(`{${covered}}`)).toEqual({ [p.key]: p.value });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('YAML written by a YAML library', () => {
    fc.assert(
      fc.property(exactJson, fc.constantFrom('block', 'flow'), (value, style) => {
        const text = toYaml(value, style === 'flow' ? { collectionStyle: 'flow' } : {});
        const doc = parseYaml('t.yaml', text);
        expect(doc.value).toEqual(value);
        for (const p of pointersOf(doc.value)) {
          const located = doc.locate(p.pointer);
          expect(located.pointer).toBe(p.pointer);
          // Indent the covered text as it was, so block collections parse as they did in place.
          const covered = ' '.repeat(located.range.start.column - 1) + textOfRange(text, located.range);
          const reparsed = parseYaml('part.yaml', covered).value;
          expect(reparsed).toEqual(p.key === undefined ? p.value : { [p.key]: p.value });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('locating many findings in one large YAML mapping', () => {
  it('is near-linear: 60,000 keys of one mapping located in well under a second each thousand', () => {
    // Searching a mapping's items for every key made locating quadratic (20,000 resources took 4.2 s on the
    // development machine, 60,000 keys would take over a minute); a key index per mapping makes it linear.
    const n = 60_000;
    const parts = ['Mappings:\n  Big:\n'];
    for (let i = 0; i < n; i++) parts.push(`    K${i}: v\n`);
    const doc = parseYaml('big.yaml', parts.join(''));
    const started = performance.now();
    for (let i = 0; i < n; i += 997) expect(doc.locate(`/Mappings/Big/K${i}`).range.start.line).toBe(i + 3);
    for (let i = 0; i < n; i++) doc.locate(`/Mappings/Big/K${i}`);
    // A budget that a quadratic search misses by far more than this machine's noise.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
