import { ConfigurationError } from "../errors.js";
import { isSensitiveHeader } from "../redaction.js";
import type { Middleware } from "./request.js";

/** What the plain-HTTP check knows about the client. */
export interface RefuseInsecureHttpOptions {
  /** The user's explicit consent to send secrets over plain HTTP to any host. */
  allowInsecureHttp: boolean;
  /** Whether every request carries a secret: credentials, or an extra header such as an auth proxy's key. */
  sendsSecrets: boolean;
}

/**
 * The plain-HTTP check, the outermost layer so that it runs before credentials are even asked for. A request
 * that carries a secret (credentials, or a header whose name marks it sensitive) over `http:` to a host other
 * than a loopback one is refused with a `ConfigurationError` naming `allowInsecureHttp`: anyone on the path
 * could read the token. Nothing is sent.
 */
export function refuseInsecureHttp(options: RefuseInsecureHttpOptions): Middleware {
  return (next) => (request) => {
    if (
      request.url.protocol === "http:" &&
      !options.allowInsecureHttp &&
      !isLoopbackHost(request.url.hostname) &&
      (options.sendsSecrets || Object.keys(request.headers).some(isSensitiveHeader))
    ) {
      return Promise.reject(
        new ConfigurationError(
          `Refusing to send credentials over plain HTTP to ${request.url.origin}: anyone on the network path ` +
            "could read them. Use an https:// endpoint, or set allowInsecureHttp if this network is trusted.",
          { setting: "allowInsecureHttp", request: { method: request.method, url: request.url } },
        ),
      );
    }
    return next(request);
  };
}

/** 127.0.0.0/8, in the dotted form the URL parser normalizes every IPv4 spelling to. */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether `hostname` (as `URL.hostname` gives it) names this machine: `localhost`, `*.localhost`,
 * 127.0.0.0/8 or `[::1]`. Traffic to these never leaves the host, so plain HTTP exposes nothing.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    IPV4_LOOPBACK.test(host) ||
    host === "[::1]" ||
    host === "::1"
  );
}
