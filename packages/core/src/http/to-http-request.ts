import { ConfigurationError } from "../errors/configuration-error.js";
import { headerRecord } from "./header-record.js";
import type { HttpRequest } from "./middleware.js";
import { MAX_TIMER_MS } from "./retry-options.js";
import type { SourcegraphRequestInit } from "./sourcegraph-request-init.js";

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
 * Only that read is asynchronous: any other request is returned as it is, without a promise to wait for.
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
  headers: HeadersInit | null | undefined,
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
 * The URL last parsed from a string, with that string: a client sends most requests to a handful of URLs (the
 * permissions client to one per method), and parsing one costs about as much as the rest of building the
 * request. Layers and callbacks only read `HttpRequest.url`, never change it, so requests to one URL can share
 * it.
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
