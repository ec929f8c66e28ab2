import { redactText } from "../redaction/redact-text.js";
import { HTTP_TOKEN, UNSENDABLE_HEADER_VALUE } from "./header-grammar.js";

/** The HTTP whitespace fetch strips from both ends of a value. */
const SURROUNDING_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * `init` as a plain record with lowercase names, holding what `new Headers(init)` would: values trimmed of
 * surrounding whitespace, a name given twice (in any case) joined with `, `.
 *
 * A plain object is read directly, as it is what every sgkit client passes and `Headers` (which validates,
 * lowercases and sorts again on every iteration) costs more than the request it describes. A `Headers` or a
 * list of pairs goes through `new Headers` once: test interceptors such as nock patch it.
 *
 * @throws {TypeError} When a name is not an HTTP token, or a value has a line break, a NUL or a character past
 *   U+00FF, as fetch would. The message names the header (redacted) but never quotes its value, which may be
 *   a secret.
 */
export function headerRecord(init: HeadersInit): Record<string, string> {
  const record: Record<string, string> = {};
  if (typeof init !== "object" || init === null || Symbol.iterator in init) {
    new Headers(init).forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  for (const name of Object.keys(init)) {
    if (!HTTP_TOKEN.test(name)) {
      // Redacted: a misplaced colon can put part of a credential in the name (`Authorization: Bearer …`).
      throw new TypeError(`${redactText(JSON.stringify(name))} is not a valid HTTP header name.`);
    }
    const lower = name.toLowerCase();
    const value = trim(`${init[name]}`);
    if (UNSENDABLE_HEADER_VALUE.test(value)) {
      throw new TypeError(
        `The value of the ${JSON.stringify(lower)} header cannot be sent: it has a line break, a NUL or a ` +
          "character past U+00FF.",
      );
    }
    record[lower] = Object.hasOwn(record, lower) ? `${record[lower]}, ${value}` : value;
  }
  return record;
}

function trim(value: string): string {
  const last = value.length - 1;
  return last >= 0 && (isWhitespace(value.charCodeAt(0)) || isWhitespace(value.charCodeAt(last)))
    ? value.replace(SURROUNDING_WHITESPACE, "")
    : value;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
