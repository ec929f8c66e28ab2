import {
  type Dispatcher,
  ProxyAgent,
  Socks5ProxyAgent,
  type RequestInit as UndiciRequestInit,
  fetch as undiciFetch,
} from "undici";
import { type LoadConfigOptions, loadConfig, type SourcegraphConfig } from "./load-config.js";
import { normalizeProxy } from "./settings.js";

/** A {@link SourcegraphConfig} with the `fetch` to send its requests with. */
export interface NodeSourcegraphConfig extends SourcegraphConfig {
  /** Sends through `proxy` when one is configured, otherwise the global `fetch`. */
  fetch: typeof fetch;
}

/**
 * {@link loadConfig}, plus a `fetch` that honours `SRC_PROXY` (Node only, as proxying needs undici's agents).
 *
 * @throws {ConfigurationError} Naming the setting at fault.
 */
export function loadNodeConfig(options?: LoadConfigOptions): NodeSourcegraphConfig {
  const config = loadConfig(options);
  // Looked up on each call rather than captured, so that a fetch installed or mocked later is used.
  const direct: typeof fetch = (input, init) => globalThis.fetch(input, init);
  // Assigned rather than spread: a spread would drop the non-enumerable `token`.
  return Object.assign(config, {
    fetch: config.proxy === undefined ? direct : createProxyFetch(config.proxy),
  });
}

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
