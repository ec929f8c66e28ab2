import { ConfigurationError } from "../errors.js";
import { redactText } from "../redaction.js";
import { MAX_TIMER_MS } from "./timeout.js";

/**
 * What `new Headers(…)` takes: a record, pairs or a `Headers`. Named from `Headers` itself rather than the DOM
 * lib's `HeadersInit`, so that these declarations also typecheck in a Node-only project (no DOM lib).
 */
export type HeadersInput = NonNullable<ConstructorParameters<typeof Headers>[0]>;

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

/**
 * Drops a response that a layer will not return (a retry, a redirect or a resend after a refresh replaces it):
 * an unread body would hold its connection until garbage collection.
 */
export function discardResponse(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/** Wraps `handler` in `middlewares`, the first one outermost: it sees the request first and the response last. */
export function composeMiddleware(middlewares: readonly Middleware[], handler: Handler): Handler {
  return middlewares.reduceRight<Handler>((next, middleware) => middleware(next), handler);
}

/** `fetch`'s options, plus what sgkit's HTTP layer understands per request. */
export interface SourcegraphRequestInit extends RequestInit {
  /**
   * Whether this request may be retried. Defaults to what the client's `isIdempotent` says of its method; a
   * GraphQL query or a read-only Connect call sent as POST sets it to true.
   */
  idempotent?: boolean;
  /** Overrides the client's per-attempt timeout for this request; 0 for none. */
  timeoutMs?: number;
  /**
   * The attempt number debug events report, for a caller that retries above this fetch (the permissions
   * client retries in a Connect interceptor and sends each attempt through here once). Default 1.
   */
  attempt?: number;
}

/** The client-wide settings a request falls back to. */
export interface HttpRequestDefaults {
  timeoutMs: number;
  isIdempotent: (method: string, url: URL) => boolean;
  /**
   * Headers every request of the client carries, with lowercase names: an auth proxy's (`SRC_HEADER_*`) and
   * `User-Agent` (`<product> sgkit/<version>`).
   */
  headers: Readonly<Record<string, string>>;
}

/**
 * Turns `fetch`'s arguments into the request sgkit's layers pass around. As with `fetch`, `init` wins over a
 * `Request` given as `input`; of a `Request`, the URL, method, headers, body, signal and redirect mode are used.
 * The client's default headers are added here, under any header the request sets itself (`User-Agent`
 * included), so that every layer sees the headers that go on the wire.
 * A `Request`'s body is read into memory: it is a stream even when made from a string, and a stream could be
 * neither retried nor resent after a token refresh. A `ReadableStream` given as `init.body` is sent as a stream.
 * Only that read is asynchronous: any other request is returned directly, not as a promise.
 *
 * Mistakes that no retry can fix are thrown here, before the layers run: a URL that is not absolute http(s), a
 * URL with a user name or password in it, a header that fetch would refuse (a `TypeError` that never quotes the
 * value), a body on a GET or HEAD, a negative timeout.
 */
export function toHttpRequest(
  input: string | URL | Request,
  init: SourcegraphRequestInit,
  defaults: HttpRequestDefaults,
): HttpRequest | Promise<HttpRequest> {
  const base = input instanceof Request ? input : undefined;
  const url = parseUrl(input instanceof Request ? input.url : input);
  if (init.body === undefined && base?.body) {
    return base.arrayBuffer().then((body) => assemble(url, base, init, defaults, body));
  }
  return assemble(url, base, init, defaults, init.body ?? null);
}

function assemble(
  url: URL,
  base: Request | undefined,
  init: SourcegraphRequestInit,
  defaults: HttpRequestDefaults,
  body: BodyInit | null,
): HttpRequest {
  const { method, headers, body: _body, signal, redirect, idempotent, timeoutMs, attempt, ...rest } = init;
  const normalizedMethod = (method ?? base?.method ?? "GET").toUpperCase();
  if (body !== null && (normalizedMethod === "GET" || normalizedMethod === "HEAD")) {
    throw new TypeError(`A ${normalizedMethod} request cannot have a body.`);
  }
  const requestTimeoutMs = timeoutMs ?? defaults.timeoutMs;
  if (!(requestTimeoutMs >= 0 && requestTimeoutMs <= MAX_TIMER_MS)) {
    throw new TypeError(`timeoutMs must be 0 (none) or a number of milliseconds up to ${MAX_TIMER_MS}.`);
  }
  return {
    method: normalizedMethod,
    url,
    headers: { ...defaults.headers, ...ownHeaders(headers, base) },
    body,
    signal: signal ?? base?.signal,
    idempotent: idempotent ?? defaults.isIdempotent(normalizedMethod, url),
    timeoutMs: requestTimeoutMs,
    redirect: redirect ?? base?.redirect ?? "follow",
    attempt: attempt ?? 1,
    init: rest,
  };
}

function ownHeaders(
  headers: HeadersInput | null | undefined,
  base: Request | undefined,
): Record<string, string> {
  if (headers != null) return headerRecord(headers);
  const record: Record<string, string> = {};
  // A Request's headers are copied entry by entry: nock's interceptor patches Headers and drops entries when
  // handed a Request's Headers whole.
  if (base) for (const [name, value] of base.headers) record[name] = value;
  return record;
}

/**
 * The URL last parsed from a string, with that string, so that requests that follow to the same URL share it:
 * layers and callbacks only read `HttpRequest.url`, never change it.
 */
let lastParsed: { input: string; url: URL } | undefined;

function parseUrl(input: string | URL): URL {
  if (typeof input === "string" && lastParsed?.input === input) return lastParsed.url;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ConfigurationError("The request URL is not an absolute URL.", { setting: "url" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`The request URL must be http or https, not ${url.protocol}.`, {
      setting: "url",
    });
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      "The request URL has a user name or password in it; pass credentials with the credentials option instead.",
      { setting: "url" },
    );
  }
  if (typeof input === "string") lastParsed = { input, url };
  return url;
}

/** RFC 9110 `token`, the grammar of a header name, as fetch checks it. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * What fetch refuses in a header value (once its ends are trimmed): CR, LF, NUL, and anything past Latin-1. A
 * `Headers` TypeError for such a value would quote it, token and all, so sgkit checks first.
 */
export const UNSENDABLE_HEADER_VALUE = /[\0\r\n]|[^\0-\xff]/;

/** The HTTP whitespace fetch strips from both ends of a value. */
const SURROUNDING_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * `init` as a plain record with lowercase names, holding what `new Headers(init)` would: values trimmed of
 * surrounding whitespace, a name given twice (in any case) joined with `, `.
 *
 * A plain object, what every sgkit client passes, is read directly with the checks fetch would make. A
 * `Headers` or a list of pairs goes through `new Headers` once: test interceptors such as nock patch it.
 *
 * @throws {TypeError} When a name is not an HTTP token, or a value has a line break, a NUL or a character past
 *   U+00FF, as fetch would. The message names the header (redacted) but never quotes its value, which may be
 *   a secret.
 */
export function headerRecord(init: HeadersInput): Record<string, string> {
  const record: Record<string, string> = {};
  if (typeof init !== "object" || init === null || Symbol.iterator in init) {
    new Headers(init).forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  for (const name of Object.keys(init)) {
    if (!HTTP_TOKEN.test(name)) {
      // Redacted: a misplaced colon can put part of a credential in the name (`Authorization: Bearer …`).
      throw new TypeError(`${redactText(JSON.stringify(name))} is not a valid HTTP header name.`);
    }
    const lower = name.toLowerCase();
    const value = trim(`${init[name]}`);
    if (UNSENDABLE_HEADER_VALUE.test(value)) {
      throw new TypeError(
        `The value of the ${JSON.stringify(lower)} header cannot be sent: it has a line break, a NUL or a ` +
          "character past U+00FF.",
      );
    }
    record[lower] = Object.hasOwn(record, lower) ? `${record[lower]}, ${value}` : value;
  }
  return record;
}

function trim(value: string): string {
  const last = value.length - 1;
  return last >= 0 && (isWhitespace(value.charCodeAt(0)) || isWhitespace(value.charCodeAt(last)))
    ? value.replace(SURROUNDING_WHITESPACE, "")
    : value;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Whether `body` can be sent again: a retry, a redirect keeping its body (307, 308) or a resend after a token
 * refresh needs the same bytes twice. Strings, buffers, `URLSearchParams`, `Blob` and `FormData` can be; a
 * `ReadableStream` is consumed by the first send and cannot.
 */
export function isReplayableBody(body: BodyInit | null | undefined): boolean {
  return (
    body === null ||
    body === undefined ||
    typeof body === "string" ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof FormData
  );
}
