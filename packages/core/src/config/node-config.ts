import type { Dispatcher, RequestInit as UndiciRequestInit } from "undici";
import { ConfigurationError } from "../errors.js";
import {
  INSECURE_HTTP_ALLOWED,
  insecureHttpRefusal,
  PROXY_ROUTE,
  type ProxyRoute,
} from "../http/insecure-http.js";
import type { HeadersInput } from "../http/request.js";
import { isSensitiveHeader } from "../redaction.js";
import { type LoadConfigOptions, loadConfig, type SourcegraphConfig } from "./load-config.js";
import { normalizeProxy } from "./settings.js";

/** A {@link SourcegraphConfig} with the `fetch` to send its requests with. */
export interface NodeSourcegraphConfig extends SourcegraphConfig {
  /**
   * Sends through `proxy` when one is configured, otherwise the global `fetch`. A proxy's fetch carries the
   * proxy's URL, so that the connection it is given to refuses a token that would reach the proxy in clear.
   */
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
    fetch:
      config.proxy === undefined
        ? direct
        : proxyFetch(config.proxy, options?.proxy === undefined ? "SRC_PROXY" : "options.proxy"),
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
 * Plain HTTP: a proxy reached without TLS (`http://`, `socks5://`) that is not on a loopback address sees a
 * plain `http://` request as it is, `Authorization` included, even when the endpoint itself is loopback. Such a
 * request with credentials or a sensitive header is refused with a `ConfigurationError` before anything is
 * sent, unless the connection it comes from has `allowInsecureHttp`: give this fetch as a connection's `fetch`
 * (its plain-HTTP check knows the proxy and refuses first). An `https://` endpoint is always fine: its requests
 * are tunnelled through the proxy inside TLS.
 *
 * undici is an optional peer dependency of `@sgkit/core`, loaded on the first request: without it installed,
 * requests fail with a `ConfigurationError` that says to install it (`npm install undici`).
 *
 * @param proxyUrl The proxy URL, checked as `SRC_PROXY` is by `normalizeProxy` (errors name `proxyUrl`).
 * @throws {ConfigurationError} When `proxyUrl` is not a supported proxy URL.
 */
export function createProxyFetch(proxyUrl: string): typeof fetch {
  return proxyFetch(normalizeProxy(proxyUrl, "proxyUrl"), "createProxyFetch");
}

/** {@link createProxyFetch} of a checked proxy URL configured by `setting`. */
function proxyFetch(proxy: string, setting: string): typeof fetch {
  // undici is an optional peer dependency, loaded on the first proxied request: importing this entry, reading
  // token files and loading a configuration without a proxy all work without it.
  let proxying: Promise<{ dispatcher: Dispatcher; send: typeof import("undici").fetch }> | undefined;
  const route: ProxyRoute = { url: withoutUserInfo(proxy), setting };
  const proxied: typeof fetch = (input, init) => {
    const [url, requestInit] = toUndiciArguments(input, init);
    const refusal = allowed(init) ? undefined : plainHttpRefusal(url, requestInit, route);
    if (refusal !== undefined) {
      return Promise.reject(new ConfigurationError(refusal, { setting: "allowInsecureHttp" }));
    }
    proxying ??= loadUndici(setting).then((undici) => ({
      dispatcher: proxy.startsWith("socks5")
        ? new undici.Socks5ProxyAgent(proxy.replace(/^socks5h:/, "socks5:"))
        : new undici.ProxyAgent(proxy),
      send: undici.fetch,
    }));
    return proxying.then(
      ({ dispatcher, send }) => send(url, { ...requestInit, dispatcher }) as unknown as Promise<Response>,
    );
  };
  return Object.defineProperty(proxied, PROXY_ROUTE, { value: Object.freeze(route) });
}

/** The message when undici, which only proxying needs, is not installed. */
export const UNDICI_MISSING =
  "a proxy needs the `undici` package, an optional peer dependency of @sgkit/core: install it beside @sgkit/core (npm install undici)";

/** undici, or a {@link ConfigurationError} naming `setting` that says to install it. */
export async function loadUndici(
  setting: string,
  load: () => Promise<typeof import("undici")> = () => import("undici"),
): Promise<typeof import("undici")> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new ConfigurationError(`${setting}: ${UNDICI_MISSING}`, { setting, cause: error });
    }
    throw error;
  }
}

/** `scheme://host[:port]` of a proxy URL that `normalizeProxy` returned. */
function withoutUserInfo(proxy: string): string {
  return proxy.replace(/^([a-z0-9]+:\/\/)[^@/]*@/, "$1");
}

/**
 * Why sending `init` to `url` through the proxy of `route` would put a credential (`Authorization`, a cookie,
 * an auth proxy's key) on the network in clear, or undefined. A URL or header that cannot be read is left
 * for undici's fetch to refuse.
 */
function plainHttpRefusal(url: string | URL, init: UndiciRequestInit | undefined, route: ProxyRoute) {
  try {
    const target = new URL(url);
    if (target.protocol !== "http:" || init?.headers === undefined) return undefined;
    const names = [...new Headers(init.headers as HeadersInput).keys()];
    return names.some(isSensitiveHeader) ? insecureHttpRefusal(target, route) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether sgkit's plain-HTTP check let the request through on the user's `allowInsecureHttp`. */
function allowed(init: RequestInit | undefined): boolean {
  return (init as { [INSECURE_HTTP_ALLOWED]?: unknown } | undefined)?.[INSECURE_HTTP_ALLOWED] === true;
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
