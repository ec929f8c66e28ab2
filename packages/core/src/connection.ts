import { type ApiUrls, apiUrls, normalizeEndpoint } from "./config/settings.js";
import type { ApiKind, Credentials } from "./credentials/credentials.js";
import { createTokenCredentials } from "./credentials/token.js";
import { ConfigurationError } from "./errors.js";
import type { DebugHook } from "./http/debug.js";
import { createSourcegraphFetch, type SourcegraphFetch, type SourcegraphFetchOptions } from "./http/fetch.js";
import { createRetryBudget, type RetryBudget, type RetryOptions } from "./http/retry.js";

/**
 * How every sgkit client reaches one Sourcegraph instance: where, as whom, and how it behaves on a bad day.
 * `createPermissionsClient`, `createGraphQLClient`, `createSearchClient` and `createSourcegraph` all take it,
 * or a {@link Connection} made from it to share one retry budget between them.
 */
export interface ConnectionOptions {
  /**
   * The Sourcegraph instance, such as `https://sourcegraph.example.com`, normalized as `SRC_ENDPOINT` is (no
   * trailing slash, no user info, a path prefix kept).
   */
  endpoint: string;
  /**
   * An access token. Each API gets the form it wants: `Authorization: token <t>` for GraphQL and streaming
   * search, `Bearer <t>` for the `/api/` HTTP API. Give this or `credentials`, not both; neither for anonymous
   * access (the `/api/` HTTP API then refuses every call).
   */
  token?: string;
  /**
   * An authentication strategy from `@sgkit/core`: `createTokenCredentials`, `createSudoCredentials` (GraphQL
   * and search act as that user; the `/api/` HTTP API has no sudo form), `createOAuthCredentials` (refreshed
   * before expiry and once after a 401).
   */
  credentials?: Credentials;
  /** Extra headers on every request, such as an auth proxy's (`SRC_HEADER_*`); not `Authorization`. */
  headers?: Record<string, string>;
  /**
   * The fetch underneath, such as `createProxyFetch(...)` from `@sgkit/core/node` or an emulator's in-process
   * `fetch`. Default: `globalThis.fetch`, looked up on every request so test interceptors apply.
   */
  fetch?: typeof fetch;
  /**
   * Per attempt, until the response headers arrive (a streaming body is never cut); a timed-out attempt is a
   * retryable `TimeoutError`. Default 0: none, as in Octokit and connect-web, since Node's fetch gives up on
   * response headers after 300 s by itself. Set it where a hung server must not hold a call that long; a
   * `signal` of your own bounds a whole call.
   */
  timeoutMs?: number;
  /** How failed requests are retried (see {@link RetryOptions}); `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Your application's product token, sent in `User-Agent` before sgkit's own. */
  userAgent?: string;
  /**
   * Allows sending credentials over plain HTTP where they cross the network in clear: to a host other than a
   * loopback one, or to any host through a proxy (`SRC_PROXY`) reached without TLS that is not a loopback one.
   * Default false: such a request is refused with a `ConfigurationError` before anything is sent.
   */
  allowInsecureHttp?: boolean;
  /** Same-origin redirects followed per attempt. Default 5; redirects to another origin are never followed. */
  maxRedirects?: number;
  /** Receives redacted debug events: requests, responses, retries, refreshes. Silent when absent. */
  onDebug?: DebugHook;
  /**
   * Seams for sgkit's own tests (a clock, dice and a sleep that tests control). Not covered by semver: an
   * application has no reason to set it.
   *
   * @internal
   */
  internal?: ConnectionInternals;
}

/** The test seams of {@link ConnectionOptions.internal}. Not covered by semver. */
export interface ConnectionInternals {
  /** The clock in milliseconds, for `Retry-After` dates, durations and the retry budget. Default `Date.now`. */
  now?: () => number;
  /** Waits between attempts; must reject with `signal.reason` when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * One instance, reached one way: the checked {@link ConnectionOptions} and one retry budget that every client
 * made from it spends, so that a failing server sees a trickle of retries from the whole application rather
 * than a budget's worth from each client.
 */
export interface Connection {
  /** The instance URL, normalized: `https://sourcegraph.example.com`. */
  readonly endpoint: string;
  /** The URL of each API on the instance. */
  readonly urls: ApiUrls;
  /** The credentials every request is authorized with, if any. */
  readonly credentials: Credentials | undefined;
  /** The options the connection was made from, checked. */
  readonly options: Readonly<ConnectionOptions>;
  /** The retry budget every client of this connection shares; undefined when retries are off. */
  readonly retryBudget: RetryBudget | undefined;
}

const CONNECTION = Symbol.for("sgkit.connection");

/**
 * Checks `options` once and makes the {@link Connection} that clients share: give it to several
 * `create…Client` calls (or use `createSourcegraph`, which does) and they spend one retry budget.
 *
 * @throws {ConfigurationError} for a bad endpoint, both `token` and `credentials`, an `Authorization` header
 *   together with credentials, or bad retry or timeout options, before anything is sent.
 */
export function createConnection(options: ConnectionOptions): Connection {
  if (isConnection(options)) return options;
  if (typeof options.endpoint !== "string") {
    throw new ConfigurationError(
      "endpoint is required: the URL of your Sourcegraph instance, such as https://sourcegraph.example.com.",
      { setting: "endpoint" },
    );
  }
  const endpoint = normalizeEndpoint(options.endpoint, "endpoint");
  if (options.token !== undefined && options.credentials !== undefined) {
    throw new ConfigurationError("Give either token or credentials, not both.", { setting: "credentials" });
  }
  const credentials =
    options.token === undefined ? options.credentials : createTokenCredentials(options.token);
  const retry = options.retry;
  let retryBudget: RetryBudget | undefined;
  if (retry !== false) {
    const budget = retry?.budget;
    if (budget === false) retryBudget = undefined;
    else if (budget !== undefined && isRetryBudget(budget)) retryBudget = budget;
    else retryBudget = createRetryBudget({ now: options.internal?.now, ...budget });
  }
  const connection: Connection = {
    endpoint,
    urls: apiUrls(endpoint),
    credentials,
    options: Object.freeze({ ...options }),
    retryBudget,
  };
  Object.defineProperty(connection, CONNECTION, { value: true });
  // Checks the fetch options now, so that a mistake points at the line that made the connection.
  connectionFetch(connection, "graphql", {});
  return Object.freeze(connection);
}

/** Whether `value` was made by {@link createConnection} (of any copy of `@sgkit/core`). */
export function isConnection(value: unknown): value is Connection {
  return typeof value === "object" && value !== null && CONNECTION in value;
}

/** What one client asks of its connection's fetch beyond the connection's own options. */
export interface ConnectionFetchOptions {
  /** The client's product token (`sgkit-graphql/0.1.0`), sent after the application's and before `sgkit/…`. */
  product?: string;
  /** The statuses worth another attempt for this API (see `SourcegraphFetchOptions.retryableStatuses`). */
  retryableStatuses?: Iterable<number>;
}

/**
 * The fetch a client of `api` sends through: the connection's credentials in that API's form, its headers,
 * timeout and redirect policy, and retries that spend the connection's one budget.
 */
export function connectionFetch(
  connection: Connection,
  api: ApiKind,
  fetchOptions: ConnectionFetchOptions,
): SourcegraphFetch {
  const { options, credentials, retryBudget } = connection;
  const retry: RetryOptions | false =
    options.retry === false ? false : { ...options.retry, budget: retryBudget ?? false };
  const internal = options.internal ?? {};
  const sourcegraphFetchOptions: SourcegraphFetchOptions = {
    api,
    credentials,
    fetch: options.fetch,
    headers: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? 0,
    retry,
    userAgent: [options.userAgent, fetchOptions.product].filter(Boolean).join(" ") || undefined,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    onDebug: options.onDebug,
    ...(options.maxRedirects === undefined ? {} : { maxRedirects: options.maxRedirects }),
    ...(fetchOptions.retryableStatuses ? { retryableStatuses: fetchOptions.retryableStatuses } : {}),
    ...(internal.now ? { now: internal.now } : {}),
    ...(internal.sleep ? { sleep: internal.sleep } : {}),
    ...(internal.random ? { random: internal.random } : {}),
  };
  return createSourcegraphFetch(sourcegraphFetchOptions);
}

function isRetryBudget(value: object): value is RetryBudget {
  return "tryAcquireRetry" in value && typeof value.tryAcquireRetry === "function";
}
