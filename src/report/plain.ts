/**
 * Plain-text safety for everything that reaches a terminal or a CI log (text, Markdown). A template is input from
 * whoever opened the pull request: a logical id or a tag value must not move the cursor, recolour the log, hide
 * a line (`\r`), or start a line with a GitHub Actions workflow command (`::error …::`, `::add-mask::`,
 * `::stop-commands::`).
 */

/**
 * C0 controls (tab, newline and carriage return included), DEL, C1 controls (U+009B is a one-byte CSI on some
 * terminals), line and paragraph separators, and the bidirectional overrides and isolates that reorder what a
 * reviewer sees.
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001B': '\\e' };

/**
 * One value from the input, safe on one line of a terminal or a log: every control character becomes a visible
 * escape (`\n`, `\r`, `\t`, `\e` for ESC, `\u{…}` for the rest), and `##[` (the runner's older command prefix,
 * recognised anywhere in a line) is broken with a zero-width space. Pure, and idempotent on its own output.
 */
export function oneLine(text: string): string {
  return text.replace(CONTROL, visible).replace(/##\[/g, '##\u200B[');
}

/** As {@link oneLine}, but newlines and tabs stay: for multi-line text in a document (HTML, a `<pre>`). */
export function keepLines(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\n' || c === '\t' ? c : visible(c))).replace(/##\[/g, '##\u200B[');
}

function visible(c: string): string {
  return NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`;
}

/**
 * The last guard for a whole plain-text output: a line whose first non-blank characters are `::` gets a
 * zero-width space between the colons, so no wrapped line or excerpt can become a workflow command. Our own
 * output never starts a line with `::`, so this changes only input that landed at a line start.
 */
export function guardLines(text: string): string {
  return text.replace(/^([^\S\r\n]*):(?=:)/gm, '$1:\u200B');
}

/**
 * JSON text (JSON, SARIF) with the characters `JSON.stringify` leaves raw but a terminal may act on (DEL, C1
 * controls, line and paragraph separators, the `[` of `##[`) written as `\uXXXX` escapes: the same value for a parser, inert in
 * a log.
 */
export function jsonSafe(json: string): string {
  return json
    .replace(/[\u007F-\u009F\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '##\\u005b');
}
