import { ConfigurationError } from "../errors/configuration-error.js";
import { HTTP_TOKEN } from "../http/header-grammar.js";
import { isSensitiveHeader } from "../redaction/redact-headers.js";
import { registerSecret } from "../redaction/secret-registry.js";

/**
 * Checks one configured extra header and returns it as it will be sent: name lowercased, value without
 * surrounding spaces and tabs (which HTTP ignores). A value under a sensitive name (per `isSensitiveHeader`)
 * is registered for redaction.
 *
 * Refused: a name that is not an RFC 9110 token; a value with a control character other than tab (CR and LF
 * above all, which would inject headers) or a character past U+00FF, which `Headers` cannot carry. Both
 * would otherwise fail later, inside fetch, with a vaguer error.
 *
 * Messages repeat neither name nor value: a value may be a credential, and a misplaced colon can put part of
 * one in the name. `location` says where to look instead.
 *
 * @param name The header name as configured.
 * @param value The header value as configured.
 * @param setting The setting it came from, recorded on the error.
 * @param location Where in that setting, starting the message (`SRC_HEADERS line 3`).
 * @returns `[name, value]` as sent.
 * @throws {ConfigurationError} When the name or value is not allowed.
 */
export function normalizeHeader(
  name: string,
  value: string,
  setting: string,
  location: string,
): [string, string] {
  if (!HTTP_TOKEN.test(name)) {
    throw new ConfigurationError(
      `${location}: the header name must be an HTTP token (letters, digits and !#$%&'*+-.^_\`|~, no spaces)`,
      { setting },
    );
  }
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, "");
  for (let i = 0; i < trimmed.length; i++) {
    const code = trimmed.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) {
      throw new ConfigurationError(
        `${location}: the header value contains a line break or another control character`,
        { setting },
      );
    }
    if (code > 0xff) {
      throw new ConfigurationError(
        `${location}: the header value contains a character beyond U+00FF, which HTTP headers cannot carry`,
        { setting },
      );
    }
  }
  const lower = name.toLowerCase();
  if (isSensitiveHeader(lower)) registerSecret(trimmed);
  return [lower, trimmed];
}
