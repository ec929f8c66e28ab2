import { ConfigurationError } from "../errors/configuration-error.js";
import { registerSecret } from "../redaction/secret-registry.js";

/** Scheme names short enough to be a typo or a forgotten `https://`, not a pasted secret, may be echoed. */
const ECHOABLE_SCHEME = /^[a-z][a-z0-9+.-]{0,15}:$/;

/**
 * Parses a URL-valued setting (an endpoint, a proxy) and checks its scheme, for the loaders in this folder.
 *
 * A password in the URL is registered for redaction before anything else can fail, and no message repeats
 * the value, since it may carry that password.
 *
 * @param value The configured text; surrounding whitespace is ignored.
 * @param setting The setting it came from, named in errors.
 * @param schemes The accepted schemes, with their colon (`"https:"`).
 * @param expected What a good value looks like, completing "set it to …" in messages.
 * @returns The parsed URL, user info still in it.
 * @throws {ConfigurationError} When the value is empty, contains whitespace or control characters, does not
 *   parse, or has another scheme.
 */
export function parseUrlSetting(
  value: string,
  setting: string,
  schemes: readonly string[],
  expected: string,
): URL {
  const trimmed = value.trim();
  if (trimmed === "") {
    throw new ConfigurationError(`${setting} is empty: set it to ${expected}`, { setting });
  }
  // The URL parser silently deletes tabs and newlines, which could make the host differ from what the user sees.
  if (hasWhitespaceOrControl(trimmed)) {
    throw new ConfigurationError(`${setting} contains whitespace or a control character`, { setting });
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConfigurationError(`${setting} is not a valid URL: set it to ${expected}`, { setting });
  }
  if (url.password !== "") {
    registerSecret(url.password);
    registerSecret(safeDecode(url.password));
  }
  if (!schemes.includes(url.protocol)) {
    const found = ECHOABLE_SCHEME.test(url.protocol)
      ? `it starts with "${url.protocol}"`
      : "its scheme is not one of them";
    throw new ConfigurationError(`${setting} must be ${expected}; ${found}`, { setting });
  }
  return url;
}

function hasWhitespaceOrControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Proxies receive the decoded password, so that is the form that could be echoed back; a bad escape has none. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
