import { LineIndex } from './lines.js';

/** The text of a file, or why it is not UTF-8 text, with the 1-based position of the first offending byte. */
export type Decoded = { text: string } | { error: string; line: number; column: number };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Decodes a template file. CloudFormation accepts UTF-8 only, so everything else is a clear error rather than
 * the parse error its bytes would cause: UTF-16 and UTF-32 (with a byte-order mark, or without one, when NUL
 * bytes give them away), other NUL bytes (no JSON or YAML text can hold one raw), and invalid UTF-8 sequences
 * (decoding them as U+FFFD would silently change values).
 *
 * A UTF-8 byte-order mark is dropped. Old Mac line ends (CR alone) become LF: one character for one, so every
 * offset stays where it was, and lines are counted as an editor shows them (the YAML parser and the line index
 * know only LF and CRLF).
 */
export function decodeText(input: string | Uint8Array): Decoded {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const bom = byteOrderMark(input);
    if (bom)
      return { error: `the file is ${bom} (it starts with a byte-order mark); CloudFormation templates must be UTF-8`, line: 1, column: 1 };
    const nul = input.indexOf(0);
    if (nul !== -1) return { error: nulMessage(input, nul), ...positionOfByte(input, nul) };
    try {
      text = utf8.decode(input);
    } catch {
      const bad = firstInvalidUtf8(input);
      return { error: `invalid UTF-8 at byte ${bad}; CloudFormation templates must be UTF-8`, ...positionOfByte(input, bad) };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return { error: 'the text holds a NUL character, which no template can contain', ...new LineIndex(text).position(nul) };
  // `/\r(?!\n)/` finds nothing in LF and CRLF files, which is nearly all of them: the copy is made only when needed.
  if (text.includes('\r') && /\r(?!\n)/.test(text)) text = text.replace(/\r(?!\n)/g, '\n');
  return { text };
}

function byteOrderMark(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return 'UTF-32 (big-endian)';
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return 'UTF-32 (little-endian)';
  if (a === 0xfe && b === 0xff) return 'UTF-16 (big-endian)';
  if (a === 0xff && b === 0xfe) return 'UTF-16 (little-endian)';
  return undefined;
}

/** NUL bytes in every other byte of ASCII text are UTF-16 without a byte-order mark; elsewhere, binary data. */
function nulMessage(bytes: Uint8Array, first: number): string {
  const sample = bytes.subarray(0, Math.min(bytes.length, 512));
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  const half = sample.length / 2;
  if (even >= half * 0.9 || odd >= half * 0.9)
    return 'the file looks like UTF-16 without a byte-order mark (every other byte is NUL); CloudFormation templates must be UTF-8';
  return `NUL byte at byte ${first}: a binary file, not a UTF-8 template`;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

/** Line and column (UTF-16 code units, as everywhere) of a byte offset. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = lenient.decode(bytes.subarray(0, offset));
  return new LineIndex(before).position(before.length);
}
