import { ConfigurationError } from "../errors.js";
import { isSensitiveHeader } from "../redaction.js";
import type { Middleware } from "./request.js";

/**
 * What a `fetch` that sends through a proxy says about it, under {@link PROXY_ROUTE}: `createProxyFetch` and
 * `loadNodeConfig` of `@sgkit/core/node` mark the fetch they make, so that the plain-HTTP check of the fetch it
 * is given to knows the first hop, which is not the endpoint.
 */
export interface ProxyRoute {
  /** The proxy's URL without user info: `http://proxy.example.com:3128`, `socks5://10.0.0.2:1080`. */
  readonly url: string;
  /** Where it was configured, named in errors: `SRC_PROXY`, `options.proxy`, `createProxyFetch`. */
  readonly setting: string;
}

/** The property of a proxy's `fetch` holding its {@link ProxyRoute}; registered, so duplicate installs agree. */
export const PROXY_ROUTE: unique symbol = Symbol.for("@sgkit/core/proxy-route");

/**
 * Set (to true) in the `RequestInit` of a request that the plain-HTTP check let through because the user set
 * `allowInsecureHttp`, so that a proxy's `fetch` that checks again by itself (when it is wrapped and its
 * {@link PROXY_ROUTE} cannot be seen) knows the user agreed.
 */
export const INSECURE_HTTP_ALLOWED: unique symbol = Symbol.for("@sgkit/core/insecure-http-allowed");

/** The {@link ProxyRoute} of a fetch made by `createProxyFetch` or `loadNodeConfig`, if `fetch` is one. */
export function proxyRouteOf(fetch: unknown): ProxyRoute | undefined {
  if (typeof fetch !== "function") return undefined;
  const route = (fetch as { [PROXY_ROUTE]?: unknown })[PROXY_ROUTE];
  return typeof route === "object" && route !== null ? (route as ProxyRoute) : undefined;
}

/** What the plain-HTTP check knows about the client. */
export interface RefuseInsecureHttpOptions {
  /** The user's explicit consent to send secrets over plain HTTP to any host. */
  allowInsecureHttp: boolean;
  /** Whether every request carries a secret: credentials, or an extra header such as an auth proxy's key. */
  sendsSecrets: boolean;
  /** The proxy every request goes through, when the client's `fetch` is a proxy's (see {@link proxyRouteOf}). */
  proxy?: ProxyRoute | undefined;
}

/**
 * The plain-HTTP check, the outermost layer so that it runs before credentials are even asked for. A request
 * that carries a secret (credentials, or a header whose name marks it sensitive) and would cross the network in
 * clear is refused with a `ConfigurationError` naming `allowInsecureHttp`: anyone on the path could read the
 * token. Nothing is sent. See {@link insecureHttpRefusal} for what "in clear" means.
 *
 * With `allowInsecureHttp`, such a request goes on, marked {@link INSECURE_HTTP_ALLOWED} for the proxy's fetch.
 */
export function refuseInsecureHttp(options: RefuseInsecureHttpOptions): Middleware {
  return (next) => (request) => {
    if (request.url.protocol !== "http:") return next(request);
    if (!options.sendsSecrets && !Object.keys(request.headers).some(isSensitiveHeader)) return next(request);
    if (options.allowInsecureHttp) {
      const init: RequestInit & { [INSECURE_HTTP_ALLOWED]?: true } = { ...request.init };
      init[INSECURE_HTTP_ALLOWED] = true;
      return next({ ...request, init });
    }
    const refusal = insecureHttpRefusal(request.url, options.proxy);
    if (refusal === undefined) return next(request);
    return Promise.reject(
      new ConfigurationError(refusal, {
        setting: "allowInsecureHttp",
        request: { method: request.method, url: request.url },
      }),
    );
  };
}

/**
 * Why a request with secrets to `target` would cross the network in clear, as the first sentences of an
 * error message, or undefined when it would not. It would when `target` is plain `http:` and either
 *
 * - its host is not a loopback one ({@link isLoopbackHost}), or
 * - it goes through a proxy reached without TLS (`http://`, `socks5://`) on a host that is not a loopback one:
 *   the whole request, headers included, travels to the proxy as it is, even when the endpoint is loopback.
 *
 * An `https:` target is always fine: through an `http://` proxy it is tunnelled with `CONNECT`, and the token
 * stays inside TLS. So is an `https://` proxy, whose first hop is TLS; past it, the endpoint's rule applies.
 */
export function insecureHttpRefusal(target: URL, proxy: ProxyRoute | undefined): string | undefined {
  if (target.protocol !== "http:") return undefined;
  if (!isLoopbackHost(target.hostname)) {
    return (
      `Refusing to send credentials over plain HTTP to ${target.origin}: anyone on the network path could ` +
      "read them. Use an https:// endpoint, or set the allowInsecureHttp option if this network is trusted."
    );
  }
  if (proxy !== undefined && proxyIsInClear(proxy.url)) {
    return (
      `Refusing to send credentials over plain HTTP to ${target.origin} through the proxy ${proxy.url} ` +
      `(${proxy.setting}), which is reached without TLS: anyone on the network path to the proxy could read ` +
      "them. Use an https:// endpoint (tunnelled through the proxy inside TLS) or a loopback or https:// " +
      "proxy, or set the allowInsecureHttp option if this network is trusted."
    );
  }
  return undefined;
}

/** Whether a request to a proxy at `url` (user info removed) leaves this machine unencrypted. */
function proxyIsInClear(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (parsed.protocol === "https:") return false;
  // socks5 URLs are not special to the URL parser, which leaves their IPv4 addresses as written (127.1).
  return !isLoopbackHost(parsed.hostname);
}

/** 127.0.0.0/8, in the dotted form the URL parser normalizes every IPv4 spelling to. */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** An IPv4-mapped IPv6 address in 127.0.0.0/8 as the URL parser writes it: `[::ffff:127.0.0.1]` is `[::ffff:7f00:1]`. */
const IPV4_MAPPED_LOOPBACK = /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/;

/**
 * Whether `hostname` (as `URL.hostname` gives it, or an address as written) is this machine: `localhost`, or a
 * literal loopback address: 127.0.0.0/8, `[::1]`, or `[::ffff:127.x.y.z]`. Traffic to these never leaves the
 * host, so plain HTTP exposes nothing.
 *
 * Other names ending in `.localhost` are not trusted: browsers resolve them to loopback, but Node asks the
 * system resolver, and `/etc/hosts` or DNS can point them anywhere.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  // The usual loopback spellings, which the URL parser would give back unchanged: no parse on every request.
  if (host === "localhost" || host === "127.0.0.1" || host === "[::1]") return true;
  // A host name or address only: the parse below must not find a host in a path, a query or user info.
  if (!/^[a-z0-9.:[\]-]+$/.test(host)) return false;
  // Written the way the URL parser normalizes addresses (127.1 → 127.0.0.1, [0::1] → [::1]).
  const literal = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  let normalized: string;
  try {
    normalized = new URL(`http://${literal}/`).hostname;
  } catch {
    return false;
  }
  return normalized === "[::1]" || IPV4_LOOPBACK.test(normalized) || IPV4_MAPPED_LOOPBACK.test(normalized);
}
