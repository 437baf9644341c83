import type { OffsetFinder } from './document.js';

interface Member {
  /** Offset of the key's opening quote (objects) or of the value (arrays). */
  start: number;
  valueStart: number;
  /** Offset just past the value, known once the scan has passed it. */
  valueEnd: number;
}

/**
 * Finds the offsets of a path in JSON text without building a tree. Each object or array on a path is
 * scanned once, its members' offsets cached, and the values of other members are skipped (strings by
 * `indexOf`, so the scan touches few characters in JavaScript). Building a full syntax tree for every file with
 * a finding cost several times the parse; this costs a fraction of it. The text is known to be valid JSON.
 */
export function jsonOffsets(text: string): OffsetFinder {
  const objects = new Map<number, Map<string, Member>>();
  const arrays = new Map<number, Member[]>();

  const skipWs = (i: number): number => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  };

  /** Offset just past the string that opens at `i`. */
  const skipString = (i: number): number => {
    let j = i + 1;
    for (;;) {
      j = text.indexOf('"', j);
      if (j === -1) return text.length;
      let backslashes = 0;
      while (text.charCodeAt(j - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) return j + 1;
      j++;
    }
  };

  /** Offset just past the value that starts at `i`. */
  const skipValue = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c === 34) return skipString(i);
    if (c !== 123 && c !== 91) {
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
        i++;
      }
      return i;
    }
    // A plain character loop; strings (most of the text) are skipped with indexOf.
    let depth = 0;
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 34) {
        i = skipString(i);
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) return i + 1;
      i++;
    }
    return i;
  };

  /**
   * Scans the container that opens at `open`, caching its members' offsets, and returns the offset past it.
   * Containers up to `levels` deeper are indexed in the same pass (templates are looked up at
   * /Resources/<id>/..., so indexing down to each resource's members in the first pass serves most findings);
   * deeper values are skipped and indexed later if a finding points inside them.
   */
  const scan = (open: number, levels: number): number => {
    const isObject = text.charCodeAt(open) === 123;
    const members = new Map<string, Member>();
    const items: Member[] = [];
    let i = skipWs(open + 1);
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 125 || c === 93 || i >= text.length) break;
      const start = i;
      let key: string | undefined;
      if (isObject) {
        const keyEnd = skipString(i);
        const raw = text.slice(i + 1, keyEnd - 1);
        key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
        i = skipWs(skipWs(keyEnd) + 1);
      }
      const member: Member = { start, valueStart: i, valueEnd: i };
      // A later duplicate key wins, as with JSON.parse.
      if (isObject) members.set(key!, member);
      else items.push(member);
      const v = text.charCodeAt(i);
      member.valueEnd = levels > 0 && (v === 123 || v === 91) ? scan(i, levels - 1) : skipValue(i);
      i = skipWs(member.valueEnd);
      if (text.charCodeAt(i) === 44) i = skipWs(i + 1);
    }
    if (isObject) objects.set(open, members);
    else arrays.set(open, items);
    return i + 1;
  };

  const membersOfObject = (open: number): Map<string, Member> => {
    if (!objects.has(open)) scan(open, 0);
    return objects.get(open)!;
  };

  const itemsOfArray = (open: number): Member[] => {
    if (!arrays.has(open)) scan(open, 0);
    return arrays.get(open)!;
  };

  let indexed = false;
  /** Offset past the root value, known once the first pass has scanned it. */
  let rootEnd: number | undefined;
  return (tokens) => {
    let start = skipWs(0);
    if (!indexed && (text.charCodeAt(start) === 123 || text.charCodeAt(start) === 91)) rootEnd = scan(start, 2);
    indexed = true;
    let valueStart = start;
    let end = rootEnd;
    for (const token of tokens) {
      const c = text.charCodeAt(valueStart);
      let member: Member | undefined;
      if (c === 123) member = membersOfObject(valueStart).get(token);
      else if (c === 91 && /^\d+$/.test(token)) member = itemsOfArray(valueStart)[Number(token)];
      if (!member) return undefined;
      start = member.start;
      valueStart = member.valueStart;
      end = member.valueEnd;
    }
    return [start, end ?? skipValue(valueStart)];
  };
}
