import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { CapacityExceededError } from "../capacity.js";
import { answerHttpFault } from "../fault-answers.js";
import { authenticateGraphQL } from "../graphql-api/authenticate-graphql.js";
import { type ApiHandlerOptions, asyncHandler, type NodeHandler, plainText } from "../server/router.js";
import { UnsupportedQueryError } from "./parse-search-query.js";
import { runSearch, type SearchResult } from "./run-search.js";

/** The counter and fault key of streaming search requests. */
export const SEARCH_KEY = "search";

/** Options of the streaming search API. */
export interface SearchOptions {
  /** Matches per `matches` event (each batch is followed by a `progress` event). Default 32. */
  readonly batchSize?: number;
  /** A keep-alive `progress` is sent whenever nothing was written for this long. Default 5000. */
  readonly progressIntervalMs?: number;
  /** With an injected `lostAnswer` fault: the events written before the connection is cut. Default 2. */
  readonly cutAfterEvents?: number;
}

/**
 * What the search handler works with. Under the capacity model a search waits for a worker before it answers.
 */
export interface SearchHandlerOptions extends SearchOptions, ApiHandlerOptions {}

/** The trace of a request that asked for one with `X-Sourcegraph-Should-Trace`. */
interface Trace {
  readonly id: string;
  readonly url: string;
}

/** What a search request comes to, decided while it holds a capacity worker. */
type Plan =
  | { readonly kind: "refused"; readonly status: number; readonly message: string }
  | { readonly kind: "alert"; readonly title: string; readonly description: string }
  | { readonly kind: "error"; readonly message: string }
  | {
      readonly kind: "results";
      readonly result: SearchResult;
      readonly display: number;
      readonly found: number;
    };

// strconv.ParseBool's true values, as Sourcegraph reads X-Sourcegraph-Should-Trace.
const TRACE_TRUE = new Set(["1", "t", "T", "true", "TRUE", "True"]);

/**
 * The Node handler of `GET /.api/search/stream`: the request counted under `search`, injected faults for `search`
 * (503, 429, a reset before answering; `lostAnswer` cuts the stream after `cutAfterEvents` events; latency is
 * added before every event), then the capacity model (the search waits for a worker, which it holds while it
 * runs plus `serviceMs` and `perRowMs` per match found; a plain-text 503 when none frees up in time), then
 * authentication as GraphQL's (the token needs `user:all`, or `site-admin:sudo` for `token-sudo`; plain-text
 * 401/403; no header, or one the server ignores, is anonymous; every sudo request is audit-logged)
 * and the parameters (a missing `q` or a bad `display`, `cm`, `cl`, `max-line-len` or `sm`: HTTP 200, an `error`
 * event and `done`, as Sourcegraph). Then a server-sent event
 * stream: `matches` batches each followed by `progress` (and a keep-alive `progress` whenever nothing was written
 * for `progressIntervalMs`), `filters` (none when empty), a final `progress` (`done: true`), `done`. Unsupported syntax is an
 * `alert` (no matches); an internal failure an `error` event; both followed by `done`. With
 * `X-Sourcegraph-Should-Trace: true` the response has an `X-Trace` header (a trace id) and every `progress` a
 * `trace` URL.
 */
export function createSearchHandler(options: SearchHandlerOptions): NodeHandler {
  const { state } = options;
  const batchSize = options.batchSize ?? 32;
  const cutAfter = options.cutAfterEvents ?? 2;
  const progressInterval = options.progressIntervalMs ?? 5000;

  /** Authenticates and runs the search; no byte of the answer is written yet. */
  const plan = async (request: IncomingMessage): Promise<Plan> => {
    const authentication = authenticateGraphQL(state, request.headers.authorization);
    if (!authentication.ok) {
      return { kind: "refused", status: authentication.status, message: authentication.message };
    }
    if (authentication.sudoFrom && authentication.token && authentication.viewer) {
      state.audit.record({
        userId: authentication.sudoFrom.id,
        username: authentication.sudoFrom.username,
        token: authentication.token.name,
        api: "search",
        method: SEARCH_KEY,
        note: `token-sudo as user ${JSON.stringify(authentication.viewer.username)}`,
      });
    }
    const params = readSearchParams(new URL(request.url ?? "/", "http://emulator").searchParams);
    // As Sourcegraph's StreamHandler: a bad parameter is an `error` event then `done`, still HTTP 200.
    if ("error" in params) return { kind: "error", message: params.error };
    try {
      const result = runSearch(state, authentication.viewer, params);
      const found = result.matches.reduce((sum, entry) => sum + entry.count, 0);
      return { kind: "results", result, display: params.display, found };
    } catch (error) {
      if (error instanceof UnsupportedQueryError) {
        return { kind: "alert", title: error.title, description: error.message };
      }
      return { kind: "error", message: error instanceof Error ? error.message : String(error) };
    }
  };

  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    if (request.method !== "GET") {
      plainText(response, 405, "Method Not Allowed: streaming search accepts GET only.", { Allow: "GET" });
      return;
    }
    state.counters.increment(SEARCH_KEY);
    const decision = options.faults?.decide(SEARCH_KEY);
    if (answerHttpFault(decision, request, response)) return;
    const started = performance.now();
    const closed = new AbortController();
    response.once("close", () => closed.abort());
    const signal = AbortSignal.any(options.signal ? [options.signal, closed.signal] : [closed.signal]);

    let planned: Plan;
    try {
      planned = options.capacity
        ? await options.capacity.run(
            () => plan(request),
            (outcome) => (outcome.kind === "results" ? outcome.found : 0),
            signal,
          )
        : await plan(request);
    } catch (error) {
      if (error instanceof CapacityExceededError) {
        plainText(response, 503, error.message);
        return;
      }
      if (signal.aborted) {
        response.destroy();
        return;
      }
      throw error;
    }
    if (planned.kind === "refused") {
      plainText(response, planned.status, planned.message);
      return;
    }

    const shouldTrace = TRACE_TRUE.has(String(request.headers["x-sourcegraph-should-trace"] ?? ""));
    const trace: Trace | undefined = shouldTrace ? newTrace(request) : undefined;
    response.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      "X-Accel-Buffering": "no",
      ...(trace ? { "X-Trace": trace.id } : {}),
    });
    let written = 0;
    let lastWrite = performance.now();
    // What a keep-alive progress reports: updated as matches are sent.
    const current = {
      matchCount: 0,
      repositoriesCount: 0,
      skipped: [] as Record<string, unknown>[],
      // Set before the last events, after which no keep-alive may come.
      finishing: false,
    };
    const progress = (matchCount: number, done: boolean) => ({
      done,
      repositoriesCount: current.repositoriesCount,
      matchCount,
      durationMs: Math.round(performance.now() - started),
      skipped: [...current.skipped],
      ...(trace ? { trace: trace.url } : {}),
    });
    /** Writes one event at once; false when the stream was cut or closed. */
    const emit = async (event: string, data: unknown): Promise<boolean> => {
      if (signal.aborted) return false;
      if (decision?.kind === "lostAnswer" && written >= cutAfter) {
        request.socket.destroy();
        return false;
      }
      written += 1;
      lastWrite = performance.now();
      // Waiting for each write to be flushed keeps memory flat and makes a cut after K events exact.
      await new Promise<void>((resolve) => {
        response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`, () => resolve());
      });
      return !signal.aborted;
    };
    /** Writes one event after the injected latency; false when the stream was cut or closed. */
    const send = async (event: string, data: unknown): Promise<boolean> => {
      if (decision && decision.latencyMs > 0) {
        try {
          await sleep(decision.latencyMs, undefined, { signal });
        } catch {
          response.destroy();
          return false;
        }
      }
      return emit(event, data);
    };
    // A progress event whenever nothing was written for progressIntervalMs, as Sourcegraph's keep-alive.
    const keepAlive = setInterval(() => {
      if (current.finishing || performance.now() - lastWrite < progressInterval) return;
      void emit("progress", progress(current.matchCount, false));
    }, progressInterval);
    keepAlive.unref();
    response.once("close", () => clearInterval(keepAlive));

    if (planned.kind === "alert") {
      current.finishing = true;
      const ok =
        (await send("alert", {
          title: planned.title,
          description: planned.description,
          proposedQueries: null,
        })) && (await send("progress", progress(0, true)));
      if (ok && (await send("done", {}))) response.end();
      return;
    }
    if (planned.kind === "error") {
      current.finishing = true;
      if ((await send("error", { message: planned.message })) && (await send("done", {}))) response.end();
      return;
    }

    const { result, display, found } = planned;
    const skipped = current.skipped;
    current.repositoriesCount = result.repositoriesCount;
    if (result.limitHit) {
      // As Sourcegraph's shardMatchLimitHandler (internal/search/streaming/api/progress.go), with its suggestion
      // "the next 1000 after rounding off" (internal/search/streaming/client/progress.go).
      skipped.push({
        reason: "shard-match-limit",
        title: "result limit hit",
        message:
          "Not all results have been returned due to hitting a match limit. Sourcegraph has limits for the number of results returned from a line, document and repository.",
        severity: "info",
        suggested: {
          title: "increase limit",
          queryExpression: `count:${Math.floor((result.limit + 1500) / 1000) * 1000}`,
        },
      });
    }
    let sentMatches = 0;
    let batch: unknown[] = [];
    let displayHit = false;
    for (const entry of result.matches) {
      if (sentMatches >= display) {
        displayHit = true;
        break;
      }
      batch.push(entry.match);
      sentMatches += entry.count;
      if (batch.length >= batchSize) {
        if (!(await send("matches", batch))) return;
        current.matchCount = sentMatches;
        batch = [];
        if (!(await send("progress", progress(sentMatches, false)))) return;
      }
    }
    if (batch.length > 0 && !(await send("matches", batch))) return;
    current.matchCount = sentMatches;
    if (displayHit) {
      // Sourcegraph's words (internal/search/streaming/api/progress.go, `displayLimitHandler`), with no suggestion,
      // after any shard-match-limit reason, as its handlers run in that order.
      skipped.push({
        reason: "display",
        title: "display limit hit",
        message: `We only display ${display} ${display === 1 ? "result" : "results"} even if your search returned more results. To see all results, use our CLI.`,
        severity: "info",
      });
    }
    current.finishing = true;
    // As Sourcegraph's eventWriter.Filters: no `filters` event when there are none.
    if (result.filters.length > 0 && !(await send("filters", result.filters))) return;
    if (!(await send("progress", progress(found, true)))) return;
    if (await send("done", {})) response.end();
  };

  return asyncHandler(serve);
}

/** A new trace id (32 hex digits, as OpenTelemetry's) and the URL Sourcegraph would link it to. */
function newTrace(request: IncomingMessage): Trace {
  const id = randomBytes(16).toString("hex");
  return { id, url: `http://${request.headers.host ?? "localhost"}/-/debug/jaeger/trace/${id}` };
}

/** The parameters of a streaming search request, read and checked. */
export interface SearchParams {
  /** `q`. */
  readonly query: string;
  /** `t`: the pattern type when the query has none. */
  readonly patternType: string | undefined;
  /** `display`: the most matches to send; Infinity for a negative value or absent (-1). */
  readonly display: number;
  /** `cm`: chunk matches instead of line matches (Go's strconv.ParseBool: 1, t, T, true, TRUE, True). */
  readonly chunkMatches: boolean;
  /** `cl`: context lines around chunk matches; 0 when absent. */
  readonly contextLines: number;
  /** `max-line-len`: the longest line of a chunk's content, in bytes; undefined when absent or <= 0. */
  readonly maxLineLength: number | undefined;
}

// Go's strconv.ParseBool.
const BOOL_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const BOOL_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Reads the query string of `GET /.api/search/stream` as Sourcegraph's parseURLQuery
 * (cmd/frontend/internal/search/search.go): an empty parameter is an absent one; `display`, `max-line-len` and
 * `sm` are Go integers (strconv.Atoi), `cm` a Go boolean (strconv.ParseBool), `cl` an unsigned 32-bit integer.
 *
 * @returns the parameters, or the server's message naming the bad parameter (answered as an `error` event).
 */
export function readSearchParams(params: URLSearchParams): SearchParams | { readonly error: string } {
  const get = (name: string, fallback: string) => {
    const value = params.get(name);
    return value === null || value === "" ? fallback : value;
  };
  const query = get("q", "");
  if (query === "") return { error: "no query found" };
  const display = goInt(get("display", "-1"), "display must be an integer");
  if (typeof display === "string") return { error: display };
  const maxLineLength = goInt(get("max-line-len", "-1"), "max-line-len must be an integer");
  if (typeof maxLineLength === "string") return { error: maxLineLength };
  const chunkMatches = get("cm", "f");
  if (!BOOL_TRUE.has(chunkMatches) && !BOOL_FALSE.has(chunkMatches)) {
    return {
      error: `chunk matches must be parseable as a boolean, got ${goQuote(chunkMatches)}: strconv.ParseBool: parsing ${goQuote(chunkMatches)}: invalid syntax`,
    };
  }
  let contextLines = 0;
  const rawContextLines = params.get("cl") ?? "";
  if (rawContextLines !== "") {
    const valid = /^[0-9]+$/.test(rawContextLines);
    if (!valid || BigInt(rawContextLines) > 0xffffffffn) {
      const reason = valid ? "value out of range" : "invalid syntax";
      // The wording is Sourcegraph's own (it says "boolean" for this integer).
      return {
        error: `context lines must be parseable as a boolean, got ${goQuote(rawContextLines)}: strconv.ParseUint: parsing ${goQuote(rawContextLines)}: ${reason}`,
      };
    }
    contextLines = Number(rawContextLines);
  }
  const searchMode = goInt(get("sm", "0"), "search mode must be integer");
  if (typeof searchMode === "string") return { error: searchMode };
  return {
    query,
    patternType: params.get("t") || undefined,
    display: display >= 0 ? display : Number.POSITIVE_INFINITY,
    chunkMatches: BOOL_TRUE.has(chunkMatches),
    contextLines,
    maxLineLength: maxLineLength > 0 ? maxLineLength : undefined,
  };
}

/** `raw` read as Go's strconv.Atoi (an optional sign, decimal digits, 64 bits), or the server's message. */
function goInt(raw: string, what: string): number | string {
  const valid = /^[+-]?[0-9]+$/.test(raw);
  if (valid) {
    const value = BigInt(raw);
    if (value <= INT64_MAX && value >= -INT64_MAX - 1n) {
      // Beyond a safe integer only the sign matters to the emulator (no limit / a huge one).
      return Number.isSafeInteger(Number(value))
        ? Number(value)
        : Number(value) > 0
          ? Number.MAX_SAFE_INTEGER
          : -1;
    }
  }
  const reason = valid ? "value out of range" : "invalid syntax";
  return `${what}, got ${goQuote(raw)}: strconv.Atoi: parsing ${goQuote(raw)}: ${reason}`;
}

/** A string quoted as Go's %q does for printable text (JSON's quoting is the same for it). */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
