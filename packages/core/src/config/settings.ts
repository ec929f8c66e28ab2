import { ConfigurationError } from "../errors.js";
import { HTTP_TOKEN } from "../http/request.js";
import { isSensitiveHeader, registerSecret } from "../redaction.js";

/** The instance used when no endpoint is configured: the public one, as in src-cli. */
export const DEFAULT_ENDPOINT = "https://sourcegraph.com";

const ENDPOINT_EXPECTED = `an http:// or https:// URL such as ${DEFAULT_ENDPOINT}`;

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
  const url = parseUrlSetting(value, setting, ["http:", "https:"], ENDPOINT_EXPECTED);
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

/** The URL of each Sourcegraph API on one instance. */
export interface ApiUrls {
  /** `POST` GraphQL queries here. */
  graphql: string;
  /** `GET` streaming search (server-sent events) here, with `?q=…`. */
  searchStream: string;
  /** The base of the `/api/` HTTP API (Connect services such as `explicitrepopermissions.v1.Service`). */
  httpApi: string;
  /** The OpenAPI schema of the HTTP API. */
  openApi: string;
  /** The Model Context Protocol server. */
  mcp: string;
}

/**
 * The API URLs of the instance at `endpoint`, built on its normalized form so that a path prefix is kept
 * (`https://example.com/sourcegraph/.api/graphql`).
 *
 * @param endpoint The instance URL, normalized by {@link normalizeEndpoint} (errors name the setting `endpoint`).
 * @throws {ConfigurationError} When `endpoint` is not a valid instance URL.
 */
export function apiUrls(endpoint: string): ApiUrls {
  const base = normalizeEndpoint(endpoint, "endpoint");
  return {
    graphql: `${base}/.api/graphql`,
    searchStream: `${base}/.api/search/stream`,
    httpApi: `${base}/api`,
    openApi: `${base}/api/openapi.yaml`,
    mcp: `${base}/.api/mcp`,
  };
}

const PROXY_SCHEMES = ["http:", "https:", "socks5:", "socks5h:", "socks:"];
const PROXY_EXPECTED =
  "an http://, https://, socks5:// or socks5h:// URL such as http://proxy.example.com:3128 " +
  "(Unix socket proxies are not supported)";

/**
 * Checks a proxy URL (`SRC_PROXY`) and returns it in the form `createProxyFetch` takes:
 * `scheme://[user[:password]@]host[:port]`.
 *
 * Accepted schemes are those src-cli accepts as URLs: `http`, `https`, `socks5`, `socks5h`, and `socks` as
 * another name for `socks5` (rewritten to it). src-cli's Unix socket paths are refused. A path other than
 * `/`, a query or a fragment is refused, as a proxy has no use for one and it is likely a mistake. User info
 * is kept, since the proxy needs it, and its password is registered for redaction; messages never repeat
 * the value.
 *
 * @param value The proxy URL as configured.
 * @param setting The setting it came from, named in errors.
 * @throws {ConfigurationError} When the value is not such a URL.
 */
export function normalizeProxy(value: string, setting = "SRC_PROXY"): string {
  const url = parseUrlSetting(value, setting, PROXY_SCHEMES, PROXY_EXPECTED);
  // socks* URLs are not special to the URL parser, which accepts them with no host.
  if (url.hostname === "") {
    throw new ConfigurationError(`${setting} has no host: set it to ${PROXY_EXPECTED}`, { setting });
  }
  if ((url.pathname !== "" && url.pathname !== "/") || url.search !== "" || url.hash !== "") {
    throw new ConfigurationError(
      `${setting} must have no path, query or fragment: set it to scheme://[user:password@]host:port`,
      { setting },
    );
  }
  const scheme = url.protocol === "socks:" ? "socks5:" : url.protocol;
  const password = url.password === "" ? "" : `:${url.password}`;
  const userinfo = url.username === "" && password === "" ? "" : `${url.username}${password}@`;
  return `${scheme}//${userinfo}${url.host}`;
}

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

/** Scheme names short enough to be a typo or a forgotten `https://`, not a pasted secret, may be echoed. */
const ECHOABLE_SCHEME = /^[a-z][a-z0-9+.-]{0,15}:$/;

/**
 * Parses a URL-valued setting (an endpoint, a proxy) and checks its scheme, for the checks above.
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
