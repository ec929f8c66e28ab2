import {
  ConfigurationError,
  type Credentials,
  createSourcegraphFetch,
  createSudoCredentials,
  createTokenCredentials,
  type DebugHook,
  errorFromResponse,
  normalizeEndpoint,
  type RetryOptions,
} from "@sgkit/core";
import type { DocumentNode } from "graphql";
import { VERSION } from "../version.js";
import type { GraphQLClient, RequestOptions, Variables } from "./graphql-client.js";
import { isIdempotentOperation } from "./is-idempotent-operation.js";
import { operationInfo } from "./operation-info.js";
import { readGraphQLResponse } from "./read-graphql-response.js";

/** How a {@link GraphQLClient} reaches the server, authenticates, retries and reports. */
export interface GraphQLClientOptions {
  /**
   * The Sourcegraph instance, such as `https://sourcegraph.example.com` (normalized as `SRC_ENDPOINT` is);
   * operations are POSTed to `<endpoint>/.api/graphql`.
   */
  endpoint: string;
  /** An access token, sent as `Authorization: token <token>`. Give this or `credentials`, not both; neither for anonymous access. */
  token?: string;
  /**
   * With `token` (a site admin's, scope `site-admin:sudo`): act as this user on every request, with
   * `Authorization: token-sudo user="<sudo>",token="<token>"`. Same as `credentials: createSudoCredentials(…)`.
   */
  sudo?: string;
  /**
   * Credentials from `@sgkit/core`: `createTokenCredentials`, `createSudoCredentials` (every request then acts as
   * that user), `createOAuthCredentials` (`Bearer`, refreshed before expiry and once after a 401).
   */
  credentials?: Credentials;
  /** The underlying fetch. Default: `globalThis.fetch`, looked up on every request. */
  fetch?: typeof fetch;
  /** How failed requests are retried (see `RetryOptions` of `@sgkit/core`); `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Extra headers on every request, such as an auth proxy's (`SRC_HEADER_*`); not `Authorization`. */
  headers?: Record<string, string>;
  /** Per attempt, until the response headers arrive. Default 30 000 ms; 0 for none. */
  timeoutMs?: number;
  /** Your application's product token, sent before `sgkit-graphql/<version> sgkit/<version>`. */
  userAgent?: string;
  /** Receives redacted debug events: requests, responses, retries, refreshes. */
  onDebug?: DebugHook;
  /** Allows sending the token over plain HTTP to a host other than a loopback one. Default false. */
  allowInsecureHttp?: boolean;
  /** The clock in milliseconds, for `Retry-After` dates and the retry budget. Default `Date.now`. */
  now?: () => number;
  /** Waits between attempts; must reject with `signal.reason` when `signal` aborts. Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

/**
 * Creates a client of Sourcegraph's legacy GraphQL API (`POST <endpoint>/.api/graphql`), on `@sgkit/core`'s fetch:
 * `Authorization` from the token or credentials, extra headers and `User-Agent`, a per-attempt timeout,
 * same-origin redirects only, no token over plain HTTP to a non-loopback host, and retries with backoff,
 * `Retry-After` and a shared retry budget for the operations that may be repeated: every query, and only the
 * idempotent mutations (see `IDEMPOTENT_MUTATIONS`).
 *
 * @throws {ConfigurationError} for a bad endpoint, both `token` and `credentials`, `sudo` without `token`, an
 *   `Authorization` header with credentials, or bad retry or timeout options, before anything is sent.
 */
export function createGraphQLClient(options: GraphQLClientOptions): GraphQLClient {
  const endpoint = normalizeEndpoint(options.endpoint, "endpoint");
  const url = `${endpoint}/.api/graphql`;
  const now = options.now ?? Date.now;
  const sourcegraphFetch = createSourcegraphFetch({
    api: "graphql",
    credentials: resolveCredentials(options),
    fetch: options.fetch,
    headers: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry,
    userAgent: [options.userAgent, `sgkit-graphql/${VERSION}`].filter(Boolean).join(" "),
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    onDebug: options.onDebug,
    now,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  });

  async function request(
    document: DocumentNode | string,
    variables?: Variables,
    requestOptions: RequestOptions = {},
  ): Promise<unknown> {
    const { signal } = requestOptions;
    signal?.throwIfAborted();
    const info = operationInfo(document, requestOptions.operationName);
    const body = JSON.stringify({ query: info.query, variables: variables ?? {}, operationName: info.name });
    const response = await sourcegraphFetch(url, {
      method: "POST",
      headers: JSON_HEADERS,
      body,
      idempotent: requestOptions.idempotent ?? isIdempotentOperation(info),
      ...(signal ? { signal } : {}),
    });
    const failed = { method: "POST", url };
    if (!response.ok && response.status !== 400) throw await errorFromResponse(response, failed, { now });
    return readGraphQLResponse(response, failed, info.name, now);
  }

  return { endpoint, url, request: request as GraphQLClient["request"] };
}

/** `token` (with `sudo`) becomes credentials; giving both it and `credentials` is a mistake worth hearing about. */
function resolveCredentials(options: GraphQLClientOptions): Credentials | undefined {
  if (options.token !== undefined && options.credentials !== undefined) {
    throw new ConfigurationError("Give either token or credentials, not both.", { setting: "credentials" });
  }
  if (options.sudo !== undefined) {
    if (options.token === undefined) {
      throw new ConfigurationError(
        "sudo needs token (a site admin's, with the site-admin:sudo scope); with credentials, use createSudoCredentials.",
        { setting: "sudo" },
      );
    }
    return createSudoCredentials({ token: options.token, user: options.sudo });
  }
  return options.token === undefined ? options.credentials : createTokenCredentials(options.token);
}
