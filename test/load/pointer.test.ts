import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resourceAt } from '../../src/engine/locate.js';
import { parsePointer, toPointer, unescapeToken } from '../../src/load/pointer.js';
import { graphOf } from '../helpers.js';

describe('JSON pointers', () => {
  it('split back into the tokens they were built from, whatever the tokens hold', () => {
    const token = fc.oneof(fc.string(), fc.constantFrom('~', '/', '~1', '~0', '~01', 'a/b~c', ''));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 5 }), (tokens) => {
        expect(parsePointer(toPointer(tokens))).toEqual(tokens);
      }),
    );
  });

  it('unescape ~1 before ~0, as RFC 6901 says', () => {
    expect(unescapeToken('~01')).toBe('~1');
    expect(unescapeToken('a~1b~0c')).toBe('a/b~c');
    expect(unescapeToken('plain')).toBe('plain');
  });

  it('name the resource a node sits in, for escaped logical ids too', () => {
    const graph = graphOf({
      template: JSON.stringify({ Resources: { 'Odd/Id~': { Type: 'AWS::S3::Bucket' }, Plain: { Type: 'AWS::S3::Bucket' } } }),
      file: 't.json',
    });
    const stack = graph.stacks[0]!;
    const at = (pointer: string) => resourceAt({ stack, pointer, value: undefined })?.logicalId ?? null;
    expect(at('/Resources/Odd~1Id~0/Properties/X')).toBe('Odd/Id~');
    expect(at('/Resources/Plain')).toBe('Plain');
    expect(at('/Resources/Missing/Type')).toBeNull();
    expect(at('/Outputs/Plain')).toBeNull();
    expect(at('')).toBeNull();
  });
});
