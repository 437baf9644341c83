/** An element of a parsed XML document: enough structure to count and read what reports write. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// eslint-disable-next-line no-control-regex
const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * A strict parser for the XML subset reports write (declaration, elements, attributes, text, character and the
 * five predefined entity references). It throws on anything not well-formed: unbalanced or misnested tags,
 * unquoted or duplicate attributes, a raw `<` or `&`, unknown entities, characters XML 1.0 forbids, or content
 * after the root. Comments, CDATA, DOCTYPE and processing instructions other than the declaration are refused.
 */
export function parseXml(xml: string): XmlElement {
  if (INVALID_CHAR.test(xml)) throw new Error(`character not allowed in XML at ${xml.search(INVALID_CHAR)}`);
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
  };
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('raw < in text or attribute');
    return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail(`unterminated entity ${whole}`);
      if (/^#\d+$/.test(ref)) return String.fromCodePoint(Number(ref.slice(1)));
      if (/^#x[0-9a-fA-F]+$/.test(ref)) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      return ENTITIES[ref] ?? fail(`unknown entity &${ref};`);
    });
  };
  const skipSpace = () => {
    while (/\s/.test(xml[pos] ?? '')) pos++;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    pos = end + 2;
  }
  skipSpace();
  const element = (): XmlElement => {
    if (xml[pos] !== '<') fail('expected <');
    pos++;
    const name = NAME.exec(xml.slice(pos))?.[0] ?? fail('expected element name');
    pos += name.length;
    const el: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (xml[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected space before attribute');
      const attr = NAME.exec(xml.slice(pos))?.[0] ?? fail('expected attribute name');
      pos += attr.length;
      if (xml[pos] !== '=' || (xml[pos + 1] !== '"' && xml[pos + 1] !== "'")) fail('expected ="');
      const quote = xml[pos + 1]!;
      const end = xml.indexOf(quote, pos + 2);
      if (end < 0) fail('unterminated attribute');
      if (attr in el.attributes) fail(`duplicate attribute ${attr}`);
      el.attributes[attr] = decode(xml.slice(pos + 2, end));
      pos = end + 1;
    }
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next < 0) fail(`unclosed <${name}>`);
      el.text += decode(xml.slice(pos, next));
      pos = next;
      if (xml.startsWith('</', pos)) {
        pos += 2;
        if (!xml.startsWith(name, pos) || !/[\s>]/.test(xml[pos + name.length] ?? '')) fail(`mismatched close tag for <${name}>`);
        pos += name.length;
        skipSpace();
        if (xml[pos] !== '>') fail('expected >');
        pos++;
        return el;
      }
      if (xml.startsWith('<!', pos) || xml.startsWith('<?', pos)) fail('comments, CDATA and processing instructions are not expected');
      el.children.push(element());
    }
  };
  const root = element();
  skipSpace();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}
