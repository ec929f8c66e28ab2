/**
 * A request as it travels through sgkit's HTTP layers. Layers never mutate it: each passes on a copy with
 * its changes, so that a retry or a redirect starts again from what the caller asked for.
 */
export interface HttpRequest {
  /** Upper-cased, so layers can compare it without caring how the caller spelled it. */
  readonly method: string;
  /** Shared by the requests to one URL (it is parsed once): read it, never change it. */
  readonly url: URL;
  /**
   * Lowercase names, the client's extra headers and `User-Agent` included. A plain record, built once per
   * request and never changed: a layer that adds or drops a header passes on a copy.
   */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: BodyInit | null;
  /** The caller's signal: aborting it cancels the request and every retry, and is never retried itself. */
  readonly signal: AbortSignal | undefined;
  /** Whether sending this request twice does no more harm than sending it once. */
  readonly idempotent: boolean;
  /** Per attempt, until the response headers arrive; 0 for none. */
  readonly timeoutMs: number;
  /** What the caller asked for; sgkit itself always sends `redirect: "manual"` and follows in its own layer. */
  readonly redirect: RequestRedirect;
  /** 1 for the first attempt; set by the retry layer and reported in debug events. */
  readonly attempt: number;
  /** The caller's other `fetch` options (`dispatcher`, `cache`, `keepalive`, …), passed through untouched. */
  readonly init: RequestInit;
}

/** Sends a request and resolves with its response, whatever its status. */
export type Handler = (request: HttpRequest) => Promise<Response>;

/** One layer of the onion: it wraps the next handler, in the manner of connect-es interceptors. */
export type Middleware = (next: Handler) => Handler;

/** Wraps `handler` in `middlewares`, the first one outermost: it sees the request first and the response last. */
export function composeMiddleware(middlewares: readonly Middleware[], handler: Handler): Handler {
  return middlewares.reduceRight<Handler>((next, middleware) => middleware(next), handler);
}
