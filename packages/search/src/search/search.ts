import {
  ConfigurationError,
  type Credentials,
  createSourcegraphFetch,
  createTokenCredentials,
  type DebugHook,
  errorFromResponse,
  normalizeEndpoint,
  type RetryOptions,
  SourcegraphError,
} from "@sgkit/core";
import type { SearchEvent } from "../types/search-event.js";
import { VERSION } from "../version.js";
import { searchEvents } from "./search-events.js";
import type { SearchStream } from "./search-stream.js";

/** How `search` reaches the instance and what it asks for. */
export interface SearchOptions {
  /** The Sourcegraph instance, such as `https://sourcegraph.example.com` (normalized as `SRC_ENDPOINT` is). */
  endpoint: string;
  /** An access token, sent as `Authorization: token <token>`. Give this or `credentials`; neither for anonymous. */
  token?: string;
  /** Credentials from `@sgkit/core` (token, sudo or OAuth). */
  credentials?: Credentials;
  /** Aborting it ends the request, or the stream, at once. */
  signal?: AbortSignal;
  /** `t`: the pattern type when the query has no `patternType:`. */
  patternType?: "keyword" | "standard" | "regexp" | "literal" | (string & {});
  /** `cm=t`: chunk matches instead of line matches. */
  chunkMatches?: boolean;
  /** `cl`: context lines around chunk matches (with `chunkMatches`). */
  contextLines?: number;
  /** `display`: the most matches to send; default -1 (the server's default). */
  displayLimit?: number;
  /**
   * `max-line-len`: the server cuts each line of a chunk match's `content` to this many bytes and marks the chunk
   * `contentTruncated` (its ranges are left as they were; the highlight helpers clip them). Sourcegraph 5.3+.
   */
  maxLineLength?: number;
  /** `v`: the API version. Default `"V3"`. */
  version?: string;
  /** Sends `X-Sourcegraph-Should-Trace: true`; the response's `X-Trace` header is then the stream's `trace`. */
  trace?: boolean;
  /** The underlying fetch. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** How a failed request (before the stream starts) is retried; `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Extra headers on the request, such as an auth proxy's (`SRC_HEADER_*`). */
  headers?: Record<string, string>;
  /** Until the response headers arrive; the stream itself is never cut. Default 30 000 ms; 0 for none. */
  timeoutMs?: number;
  /** The largest event accepted, in bytes (its data lines, and any line not yet finished). Default 64 MiB. */
  maxEventSize?: number;
  /** Your application's product token, sent before `sgkit-search/<version> sgkit/<version>`. */
  userAgent?: string;
  /** Allows sending the token over plain HTTP to a host other than a loopback one. Default false. */
  allowInsecureHttp?: boolean;
  /** Receives redacted debug events. */
  onDebug?: DebugHook;
}

/** The request URL `search` sends for `query` and `options`. */
export function searchUrl(query: string, options: SearchOptions): string {
  const url = new URL(`${normalizeEndpoint(options.endpoint, "endpoint")}/.api/search/stream`);
  const params = url.searchParams;
  params.set("q", query);
  params.set("v", options.version ?? "V3");
  if (options.patternType !== undefined) params.set("t", options.patternType);
  params.set("display", String(wholeNumber(options.displayLimit ?? -1, "displayLimit", -1)));
  if (options.maxLineLength !== undefined) {
    params.set("max-line-len", String(wholeNumber(options.maxLineLength, "maxLineLength", 0)));
  }
  if (options.chunkMatches) params.set("cm", "t");
  if (options.contextLines !== undefined) {
    if (!options.chunkMatches) {
      throw new ConfigurationError("contextLines needs chunkMatches: true.", { setting: "contextLines" });
    }
    params.set("cl", String(wholeNumber(options.contextLines, "contextLines", 0)));
  }
  return url.toString();
}

/**
 * Runs a streaming search (`GET <endpoint>/.api/search/stream`) and yields its events as they arrive: `matches`
 * (add up), `progress` and `filters` (each replaces the last), `alert`, `error`, `done`, and `unknown` for a
 * name this version does not know. The request is sent when iteration starts; the returned stream's `trace` is
 * the response's `X-Trace` header (with `trace: true`).
 *
 * @throws {AuthenticationError | PermissionDeniedError | RateLimitedError | SourcegraphError} for an HTTP error
 *   before the stream, with the status and the body's text (`Invalid access token.`).
 * @throws {IncompleteStreamError} when the stream ends without `done`.
 * @throws {EventTooLargeError} for an event past `maxEventSize`.
 * @throws the signal's reason when it aborts.
 */
export function search(query: string, options: SearchOptions): SearchStream {
  if (options.token !== undefined && options.credentials !== undefined) {
    throw new ConfigurationError("Give either token or credentials, not both.", { setting: "credentials" });
  }
  const url = searchUrl(query, options);
  const sourcegraphFetch = createSourcegraphFetch({
    api: "search",
    credentials: options.token === undefined ? options.credentials : createTokenCredentials(options.token),
    fetch: options.fetch,
    headers: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry,
    userAgent: [options.userAgent, `sgkit-search/${VERSION}`].filter(Boolean).join(" "),
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    onDebug: options.onDebug,
  });
  const headers: Record<string, string> = { Accept: "text/event-stream" };
  if (options.trace) headers["X-Sourcegraph-Should-Trace"] = "true";
  const { signal, maxEventSize } = options;

  const stream = {
    trace: undefined as string | undefined,
    async *[Symbol.asyncIterator](): AsyncGenerator<SearchEvent, void, undefined> {
      signal?.throwIfAborted();
      stream.trace = undefined;
      const response = await sourcegraphFetch(url, { method: "GET", headers, ...(signal ? { signal } : {}) });
      stream.trace = response.headers.get("x-trace") ?? undefined;
      const request = { method: "GET", url };
      if (!response.ok) throw await errorFromResponse(response, request);
      const type = response.headers.get("content-type") ?? "";
      if (!type.includes("text/event-stream") || response.body === null) {
        response.body?.cancel().catch(() => {});
        throw new SourcegraphError(
          `GET ${url} answered ${type || "no content type"} instead of text/event-stream (an auth proxy's page?).`,
          { code: "unknown", request, response: { status: response.status, headers: response.headers } },
        );
      }
      yield* searchEvents(response.body, { signal, ...(maxEventSize === undefined ? {} : { maxEventSize }) });
    },
  };
  return stream;
}

function wholeNumber(value: number, setting: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigurationError(`${setting} must be a whole number, ${min} or more.`, { setting });
  }
  return value;
}
