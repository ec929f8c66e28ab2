import { ConfigurationError } from "../errors/configuration-error.js";
import { parseUrlSetting } from "./parse-url-setting.js";

const SCHEMES = ["http:", "https:", "socks5:", "socks5h:", "socks:"];
const EXPECTED =
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
  const url = parseUrlSetting(value, setting, SCHEMES, EXPECTED);
  // socks* URLs are not special to the URL parser, which accepts them with no host.
  if (url.hostname === "") {
    throw new ConfigurationError(`${setting} has no host: set it to ${EXPECTED}`, { setting });
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
