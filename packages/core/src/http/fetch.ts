import type { ApiKind, Credentials } from "../credentials/credentials.js";
import { ConfigurationError, NetworkError } from "../errors.js";
import { isSensitiveHeader, redactUrl, registerSecret } from "../redaction.js";
import { VERSION } from "../version.js";
import { authorize } from "./authorize.js";
import { type DebugHook, debugLog } from "./debug.js";
import { proxyRouteOf, refuseInsecureHttp } from "./insecure-http.js";
import { followRedirects } from "./redirects.js";
import {
  composeMiddleware,
  type Handler,
  type HttpRequestDefaults,
  headerRecord,
  type Middleware,
  type SourcegraphRequestInit,
  toHttpRequest,
} from "./request.js";
import { createRetryRunner, isIdempotentMethod, type RetryOptions, retryPolicy } from "./retry.js";
import { abortOnTimeout, MAX_TIMER_MS } from "./timeout.js";

/** A `fetch` that speaks to Sourcegraph the sgkit way; it can be passed wherever a `fetch` is expected. */
export type SourcegraphFetch = (
  input: string | URL | Request,
  init?: SourcegraphRequestInit,
) => Promise<Response>;

/** How a {@link SourcegraphFetch} authenticates, identifies itself, times out and retries. */
export interface SourcegraphFetchOptions {
  /** The API the requests go to, which decides the `Authorization` form the credentials produce. */
  api: ApiKind;
  /** Sent as `Authorization` on every request; none for anonymous access. */
  credentials?: Credentials;
  /** The underlying fetch. Default: `globalThis.fetch`, looked up on every request so test interceptors apply. */
  fetch?: typeof fetch;
  /**
   * Extra headers on every request, such as an auth proxy's (`SRC_HEADER_*`). Must not hold `Authorization`
   * when `credentials` is set.
   */
  headers?: Record<string, string>;
  /** Per attempt, until the response headers arrive (a streaming body is never cut). Default 30 000 ms; 0 for none. */
  timeoutMs?: number;
  /** How failed requests are retried (see {@link RetryOptions}); `false` for a single attempt. */
  retry?: RetryOptions | false;
  /**
   * The HTTP statuses that are worth another attempt. Default 408, 429, 500, 502, 503 and 504. A protocol with
   * its own meaning for a status narrows it: in the Connect protocol a 500 is `internal` or `unknown`, final.
   */
  retryableStatuses?: Iterable<number>;
  /** The application's product token, sent before `sgkit/<version>` in `User-Agent`. */
  userAgent?: string;
  /**
   * Allows sending credentials over plain HTTP where they cross the network in clear: to a host other than a
   * loopback one, or to any host through a proxy (`SRC_PROXY`) reached without TLS that is not a loopback one.
   * Default false: such a request is refused with a `ConfigurationError` before anything is sent.
   */
  allowInsecureHttp?: boolean;
  /** Same-origin redirects followed per attempt. Default 5. */
  maxRedirects?: number;
  /**
   * Which requests may be retried, unless a request says so itself. Default: GET, HEAD, OPTIONS, PUT, DELETE. The
   * URL it is given may be shared with other requests: read it, do not change it.
   */
  isIdempotent?: (method: string, url: URL) => boolean;
  /** Receives redacted debug events: requests, responses, retries. Silent when absent. */
  onDebug?: DebugHook;
  /** The clock in milliseconds, for `Retry-After` dates, durations and the retry budget. Default `Date.now`. */
  now?: () => number;
  /** Waits between attempts; must reject with `signal.reason` when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * Creates the fetch every sgkit client shares: GraphQL, streaming search and the Connect transport of the HTTP
 * API. It resolves with the final response whatever its status, after retries, and callers turn failures into
 * errors (see `errorFromResponse`). It throws only where no response exists: `NetworkError`, `TimeoutError`,
 * `ConfigurationError` (plain HTTP, bad credentials), a `SourcegraphError` for a redirect it will not follow, and
 * the caller's own abort reason, unchanged.
 *
 * The client's extra headers and `User-Agent` join each request first. Then its layers, outermost first: the
 * plain-HTTP check, retries (with one retry budget for all the requests of this fetch), same-origin redirects,
 * authorization with one refresh after a 401, debug events, and the per-attempt timeout.
 */
export function createSourcegraphFetch(options: SourcegraphFetchOptions): SourcegraphFetch {
  const { credentials, onDebug, headers = {}, timeoutMs = 30_000, maxRedirects = 5 } = options;
  const now = options.now ?? Date.now;
  if (credentials && Object.keys(headers).some((name) => name.toLowerCase() === "authorization")) {
    throw new ConfigurationError(
      "An extra Authorization header was given together with credentials; keep only one of them.",
      { setting: "headers" },
    );
  }
  if (!(timeoutMs >= 0 && timeoutMs <= MAX_TIMER_MS)) {
    throw new ConfigurationError(
      `timeoutMs must be 0 (none) or a number of milliseconds up to ${MAX_TIMER_MS}.`,
      {
        setting: "timeoutMs",
      },
    );
  }
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) {
    throw new ConfigurationError("maxRedirects must be a whole number, 0 or more.", {
      setting: "maxRedirects",
    });
  }
  // One runner, so one retry budget, for all the requests of this fetch. None at all without retries, so that
  // a client that retries above this fetch (a Connect interceptor) keeps the attempt number it gives each request.
  const retryLayers =
    options.retry === false
      ? []
      : [
          retryPolicy(
            createRetryRunner(options.retry, {
              onDebug,
              now,
              random: options.random ?? Math.random,
              ...(options.sleep ? { sleep: options.sleep } : {}),
            }),
            now,
            options.retryableStatuses,
          ),
        ];
  const layers: Middleware[] = [
    refuseInsecureHttp({
      allowInsecureHttp: options.allowInsecureHttp ?? false,
      sendsSecrets: credentials !== undefined || Object.keys(headers).some(isSensitiveHeader),
      proxy: proxyRouteOf(options.fetch),
    }),
    ...retryLayers,
    followRedirects({ maxRedirects }),
    ...(credentials ? [authorize({ api: options.api, credentials, onDebug })] : []),
    ...(onDebug ? [debugLog({ onDebug, now })] : []),
    abortOnTimeout(),
  ];
  const handler = composeMiddleware(
    layers,
    fetchHandler(() => options.fetch ?? globalThis.fetch),
  );
  const defaults: HttpRequestDefaults = {
    timeoutMs,
    isIdempotent: options.isIdempotent ?? isIdempotentMethod,
    headers: defaultHeaders(headers, options.userAgent),
  };
  // Values of sensitive extra headers given here rather than through loadConfig, registered for redaction like
  // a token: on every request, so that the registry, which forgets its oldest entries, keeps those in use.
  const secretValues = Object.entries(headers)
    .filter(([name]) => isSensitiveHeader(name))
    .map(([, value]) => value.trim());
  return (input, init = {}) => {
    for (const value of secretValues) registerSecret(value);
    // Synchronous mistakes (a bad URL, a header fetch would refuse) reject, as they would with fetch.
    try {
      const request = toHttpRequest(input, init, defaults);
      return request instanceof Promise ? request.then(handler) : handler(request);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * The headers every request carries, checked once: the extra ones over `User-Agent`, which names the
 * application's product token (when given) before `sgkit/<version>`.
 */
function defaultHeaders(extra: Record<string, string>, product: string | undefined): Record<string, string> {
  const record = headerRecord(extra);
  if (Object.hasOwn(record, "user-agent")) return record;
  return {
    ...headerRecord({ "user-agent": product ? `${product} sgkit/${VERSION}` : `sgkit/${VERSION}` }),
    ...record,
  };
}

/**
 * The innermost handler: one real `fetch`, always with `redirect: "manual"` so that the redirect layer, not the
 * runtime, decides where credentials go. `getFetch` is called for every request, so a test library that
 * replaces `globalThis.fetch` after sgkit was set up still intercepts it.
 *
 * A rejection with the request's signal aborted is passed on as is, for the timeout layer to name, and so is
 * a `ConfigurationError` (the underlying fetch refused to send anything); any other rejection means no HTTP
 * answer came (DNS, refused or reset connection, TLS) and becomes a `NetworkError`.
 */
export function fetchHandler(getFetch: () => typeof fetch): Handler {
  return (request) => {
    // The header record is never changed once built, so fetch is given it as it is.
    const init: RequestInit & { duplex?: "half" } = {
      ...request.init,
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
    };
    if (request.signal) init.signal = request.signal;
    // Node refuses a stream body unless told it is sent while the response may already be arriving.
    if (request.body instanceof ReadableStream) init.duplex = "half";
    const failed = (error: unknown): never => {
      // A fetch that refused to send (a proxy's fetch refusing plain HTTP) had no network failure.
      if (request.signal?.aborted || error instanceof ConfigurationError) throw error;
      throw new NetworkError(
        `${request.method} ${redactUrl(request.url)} failed before any response: ${describe(error)}`,
        { request: { method: request.method, url: request.url, headers: request.headers }, cause: error },
      );
    };
    try {
      return getFetch()(request.url.href, init).then(undefined, failed);
    } catch (error) {
      // A fetch that throws instead of rejecting (a test double, a polyfill).
      return Promise.reject(error).then(undefined, failed);
    }
  };
}

/** The most specific reason fetch gives: undici hides the socket error (`ECONNREFUSED`) in `cause`. */
function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" && !cause.message.includes(code)
    ? `${code} ${cause.message}`
    : cause.message;
}
