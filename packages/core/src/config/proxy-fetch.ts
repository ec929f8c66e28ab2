import {
  type Dispatcher,
  ProxyAgent,
  Socks5ProxyAgent,
  type RequestInit as UndiciRequestInit,
  fetch as undiciFetch,
} from "undici";
import { normalizeProxy } from "./normalize-proxy.js";

/**
 * A `fetch` that sends every request through the proxy at `proxyUrl` (Node only: it uses undici's agents).
 *
 * - `http://` and `https://` proxies use undici's `ProxyAgent`: an `https://` target is tunnelled with
 *   `CONNECT`, a plain `http://` target is forwarded in absolute form. User info in the URL becomes a
 *   `Proxy-Authorization: Basic` header.
 * - `socks5://` and `socks5h://` (and `socks://`) use `Socks5ProxyAgent`, which always lets the proxy
 *   resolve host names, so both schemes behave as `socks5h`. Its user info is the SOCKS5 login. Node prints
 *   an `ExperimentalWarning` the first time it is used.
 *
 * The returned function is undici's fetch, not the global one: its responses are undici's `Response` class
 * (same interface, but `instanceof` the global `Response` is false). A global `Request` passed as input is
 * read into undici's form; a global `FormData` body is not supported.
 *
 * @param proxyUrl The proxy URL, checked as `SRC_PROXY` is by `normalizeProxy` (errors name `proxyUrl`).
 * @throws {ConfigurationError} When `proxyUrl` is not a supported proxy URL.
 */
export function createProxyFetch(proxyUrl: string): typeof fetch {
  const proxy = normalizeProxy(proxyUrl, "proxyUrl");
  const dispatcher: Dispatcher = proxy.startsWith("socks5")
    ? new Socks5ProxyAgent(proxy.replace(/^socks5h:/, "socks5:"))
    : new ProxyAgent(proxy);
  return (input, init) => {
    const [url, requestInit] = toUndiciArguments(input, init);
    return undiciFetch(url, { ...requestInit, dispatcher }) as unknown as Promise<Response>;
  };
}

/**
 * undici's fetch reads a `Request` of another undici copy (the global one is Node's bundled copy) as the
 * string "[object Request]", so such a request is taken apart into a URL and options.
 */
function toUndiciArguments(
  input: string | URL | Request,
  init: RequestInit | undefined,
): [string | URL, UndiciRequestInit] {
  if (typeof input === "string" || input instanceof URL) return [input, init as UndiciRequestInit];
  const fromRequest: UndiciRequestInit = {
    method: input.method,
    headers: [...input.headers],
    body: input.body,
    signal: input.signal,
    redirect: input.redirect,
    keepalive: input.keepalive,
    ...(input.body === null ? {} : { duplex: "half" }),
  };
  return [input.url, { ...fromRequest, ...(init as UndiciRequestInit) }];
}
