import {
  ConfigurationError,
  type Connection,
  type ConnectionOptions,
  createConnection,
  SourcegraphError,
} from "@sgkit/core";
import { connectionFetch, errorFromResponse } from "@sgkit/core/internal";
import { type CollectOptions, collect, type SearchResults } from "./collect.js";
import { type SearchEvent, searchEvents } from "./events.js";
import { VERSION } from "./version.js";

/** What one search asks for. */
export interface SearchOptions {
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
  /** The largest event accepted, in bytes (its data lines, and any line not yet finished). Default 64 MiB. */
  maxEventSize?: number;
}

/** A client of Sourcegraph's streaming search, made by {@link createSearchClient}. */
export interface SearchClient {
  /** The instance, normalized: `https://sourcegraph.example.com`. */
  readonly endpoint: string;
  /**
   * Runs a streaming search (`GET <endpoint>/.api/search/stream`) and yields its events as they arrive:
   * `matches` (add up), `progress` and `filters` (each replaces the last), `alert`, `error`, `done`, and
   * `unknown` for a name this version does not know. The request is sent when iteration starts; the returned
   * stream's `trace` is the response's `X-Trace` header (with `trace: true`).
   *
   * @throws {AuthenticationError | PermissionDeniedError | RateLimitedError | SourcegraphError} for an HTTP
   *   error before the stream, with the status and the body's text (`Invalid access token.`).
   * @throws {IncompleteStreamError} when the stream ends without `done`.
   * @throws {EventTooLargeError} for an event past `maxEventSize`.
   * @throws the signal's reason when it aborts.
   */
  search(query: string, options?: SearchOptions): SearchStream;
  /** The whole search at once: `collect(client.search(query, options), options)`. */
  searchAll(query: string, options?: SearchOptions & CollectOptions): Promise<SearchResults>;
  /** The request URL `search` sends for `query` and `options`. */
  url(query: string, options?: SearchOptions): string;
}

/** What `search` returns: the events, and what the response said about the request. */
export interface SearchStream extends AsyncIterable<SearchEvent> {
  /**
   * The response's `X-Trace` header (the id of the request's trace on the instance), once the response has
   * arrived; set when the search asked for one with `trace: true` and the instance traces. Each iteration sends
   * a new request and sets it anew.
   */
  readonly trace: string | undefined;
}

/**
 * Creates a client of Sourcegraph's streaming search from the {@link ConnectionOptions} every sgkit client takes
 * (a token goes as `Authorization: token <t>`), or from a `Connection` shared with other clients. Every search
 * of one client goes through one fetch and spends one retry budget; failures before the stream starts are
 * retried, and the timeout, if any, ends when the response headers arrive (it never cuts a long stream).
 *
 * @throws {ConfigurationError} for a bad endpoint, both `token` and `credentials`, an `Authorization` header
 *   with credentials, or bad retry or timeout options, before anything is sent.
 */
export function createSearchClient(options: ConnectionOptions | Connection): SearchClient {
  const connection = createConnection(options);
  const base = connection.urls.searchStream;
  const sourcegraphFetch = connectionFetch(connection, "search", { product: `sgkit-search/${VERSION}` });

  function url(query: string, searchOptions: SearchOptions = {}): string {
    return searchUrl(base, query, searchOptions);
  }

  function search(query: string, searchOptions: SearchOptions = {}): SearchStream {
    const requestUrl = url(query, searchOptions);
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (searchOptions.trace) headers["X-Sourcegraph-Should-Trace"] = "true";
    const { signal, maxEventSize } = searchOptions;

    const stream = {
      trace: undefined as string | undefined,
      async *[Symbol.asyncIterator](): AsyncGenerator<SearchEvent, void, undefined> {
        signal?.throwIfAborted();
        stream.trace = undefined;
        const response = await sourcegraphFetch(requestUrl, {
          method: "GET",
          headers,
          ...(signal ? { signal } : {}),
        });
        stream.trace = response.headers.get("x-trace") ?? undefined;
        const request = { method: "GET", url: requestUrl };
        if (!response.ok) throw await errorFromResponse(response, request);
        const type = response.headers.get("content-type") ?? "";
        if (!type.includes("text/event-stream") || response.body === null) {
          response.body?.cancel().catch(() => {});
          throw new SourcegraphError(
            `GET ${requestUrl} answered ${type || "no content type"} instead of text/event-stream (an auth proxy's page?).`,
            { code: "unknown", request, response: { status: response.status, headers: response.headers } },
          );
        }
        yield* searchEvents(response.body, {
          signal,
          ...(maxEventSize === undefined ? {} : { maxEventSize }),
        });
      },
    };
    return stream;
  }

  return {
    endpoint: connection.endpoint,
    search,
    searchAll: (query, searchOptions = {}) => collect(search(query, searchOptions), searchOptions),
    url,
  };
}

/** The stream URL for `query`: the parameters of `options` on the instance's `/.api/search/stream`. */
function searchUrl(base: string, query: string, options: SearchOptions): string {
  const url = new URL(base);
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

function wholeNumber(value: number, setting: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigurationError(`${setting} must be a whole number, ${min} or more.`, { setting });
  }
  return value;
}
