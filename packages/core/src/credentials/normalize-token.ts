import { ConfigurationError } from "../errors/configuration-error.js";
import { registerSecret } from "../redaction/secret-registry.js";

/**
 * Checks a token before it goes into an `Authorization` header and returns it trimmed. Secret mounts and
 * `echo` leave a newline at the end, so surrounding whitespace is dropped; whitespace, control or non-ASCII
 * characters inside are refused, because a header value carrying them is either split (header injection),
 * mangled, or refused by `fetch` with an error that quotes the whole header, token included.
 *
 * The value is registered for redaction before it is checked, so even a malformed token never shows up in
 * output. Error messages name `setting` and the 0-based position of the offending character, never the value.
 *
 * @param value - the token as given; `undefined` when the setting is absent.
 * @param setting - what to call the source of the token in errors: `SRC_ACCESS_TOKEN`, `token`, a file path.
 * @throws ConfigurationError when the token is missing, empty or malformed.
 */
export function normalizeToken(value: string | undefined, setting: string): string {
  if (value === undefined) throw new ConfigurationError(`${setting} is not set`, { setting });
  const token = value.trim();
  if (token === "") throw new ConfigurationError(`${setting} is empty`, { setting });
  registerSecret(token);
  for (let position = 0; position < token.length; position++) {
    const code = token.charCodeAt(position);
    if (code > 0x20 && code < 0x7f) continue;
    const what = /\s/.test(token.charAt(position))
      ? "whitespace"
      : code < 0x20 || (code >= 0x7f && code <= 0x9f)
        ? "a control character"
        : "a non-ASCII character";
    throw new ConfigurationError(`${setting} contains ${what} at position ${position}`, { setting });
  }
  return token;
}
