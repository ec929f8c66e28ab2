import { ConfigurationError } from "../errors/configuration-error.js";
import { isSensitiveHeader } from "../redaction/redact-headers.js";
import { isLoopbackHost } from "./is-loopback-host.js";
import type { Middleware } from "./middleware.js";

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
