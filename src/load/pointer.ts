import type { Pointer } from '../model/types.js';

/** Escapes one reference token (RFC 6901). */
export function escapeToken(token: string | number): string {
  if (typeof token === 'number') return String(token);
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Unescapes one reference token (RFC 6901): `~1` is `/`, then `~0` is `~`. */
export function unescapeToken(token: string): string {
  return token.includes('~') ? token.replace(/~1/g, '/').replace(/~0/g, '~') : token;
}

/** Splits a JSON pointer into its unescaped reference tokens. `''` is the whole document. */
export function parsePointer(pointer: Pointer): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapeToken);
}

/** Builds a pointer from tokens. */
export function toPointer(tokens: readonly (string | number)[]): Pointer {
  return tokens.map((t) => '/' + escapeToken(t)).join('');
}

/** Appends tokens to a pointer. */
export function childPointer(pointer: Pointer, ...tokens: (string | number)[]): Pointer {
  return pointer + toPointer(tokens);
}
