/**
 * Escapes text for XML content and attribute values, and drops what XML 1.0 cannot carry at all: control
 * characters other than tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF. A template is
 * user input; one stray control character must not make the whole report unparseable.
 */
export function escapeXml(text: string): string {
  // CR, DEL and C1 controls as character references: the same text for a parser (which would turn a raw CR
  // into LF), nothing a terminal acts on when the file is printed.
  return stripInvalidXmlChars(text)
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!)
    .replace(/[\r\u007F-\u009F]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/##\[/g, '##&#91;');
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Removes characters outside XML 1.0's `Char` production. */
export function stripInvalidXmlChars(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );
}

/** Escapes an attribute value; line breaks and tabs become character references so parsers keep them. */
export function escapeXmlAttr(text: string): string {
  return escapeXml(text).replace(/[\n\r\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}
