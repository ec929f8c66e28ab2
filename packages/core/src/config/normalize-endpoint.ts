import { ConfigurationError } from "../errors/configuration-error.js";
import { parseUrlSetting } from "./parse-url-setting.js";

/** The instance used when no endpoint is configured: the public one, as in src-cli. */
export const DEFAULT_ENDPOINT = "https://sourcegraph.com";

const EXPECTED = `an http:// or https:// URL such as ${DEFAULT_ENDPOINT}`;

/**
 * Checks and normalizes a Sourcegraph instance URL as src-cli reads `SRC_ENDPOINT`, and stricter where src-cli
 * would build a broken URL or send a token somewhere unexpected.
 *
 * - Surrounding whitespace is trimmed; whitespace or control characters inside are refused.
 * - The scheme must be `http:` or `https:`.
 * - `user:password@` is removed (the password is registered for redaction): Sourcegraph authenticates with
 *   tokens, and credentials kept in the URL would travel into logs and error reports.
 * - Trailing slashes are trimmed, the scheme and host lowercased, a default port dropped.
 * - A path prefix is kept, for instances served under a sub-path (`https://example.com/sourcegraph`).
 * - A query string or fragment is refused rather than dropped: API paths are appended to the endpoint, so
 *   either one is a mistake the user should hear about. So is a path into the API itself (`…/.api/graphql`).
 *
 * Error messages never repeat the value: it may carry a password.
 *
 * @param value The URL as configured.
 * @param setting The setting it came from, named in errors.
 * @returns The URL without trailing slash, such as `https://example.com/sourcegraph`.
 * @throws {ConfigurationError} When the value is empty or not an http(s) base URL.
 */
export function normalizeEndpoint(value: string, setting = "SRC_ENDPOINT"): string {
  const url = parseUrlSetting(value, setting, ["http:", "https:"], EXPECTED);
  if (url.search !== "" || url.hash !== "") {
    throw new ConfigurationError(
      `${setting} must not have a query string or fragment: set it to the instance's base URL`,
      { setting },
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (/(^|\/)\.api(\/|$)/.test(path)) {
    throw new ConfigurationError(
      `${setting} must be the instance's base URL, without /.api/…: sgkit adds the API paths itself`,
      { setting },
    );
  }
  // origin leaves out user info, which is how the credentials are dropped.
  return `${url.origin}${path}`;
}
