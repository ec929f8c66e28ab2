import { ConfigurationError } from "../errors/configuration-error.js";
import type { HttpRequest } from "./middleware.js";
import { MAX_TIMER_MS } from "./retry-options.js";
import type { SourcegraphRequestInit } from "./sourcegraph-request-init.js";

/** The client-wide settings a request falls back to. */
export interface HttpRequestDefaults {
  timeoutMs: number;
  isIdempotent: (method: string, url: URL) => boolean;
  /** Headers every request of the client carries, such as an auth proxy's (`SRC_HEADER_*`). */
  headers: Headers;
  /** The whole `User-Agent` value, `<product> sgkit/<version>`. */
  userAgent: string;
}

/**
 * Turns `fetch`'s arguments into the request sgkit's layers pass around. As with `fetch`, `init` wins over a
 * `Request` given as `input`; of a `Request`, the URL, method, headers, body, signal and redirect mode are used.
 * The client's extra headers and `User-Agent` are added here, under any header the request sets itself
 * (`User-Agent` included), so that every layer sees the headers that go on the wire.
 * A `Request`'s body is read into memory: it is a stream even when made from a string, and a stream could be
 * neither retried nor resent after a token refresh. A `ReadableStream` given as `init.body` is sent as a stream.
 *
 * Mistakes that no retry can fix are thrown here, before the layers run: a URL that is not absolute http(s), a
 * URL with a user name or password in it, a body on a GET or HEAD, a negative timeout.
 */
export async function toHttpRequest(
  input: string | URL | Request,
  init: SourcegraphRequestInit,
  defaults: HttpRequestDefaults,
): Promise<HttpRequest> {
  const { method, headers, body, signal, redirect, idempotent, timeoutMs, attempt, ...rest } = init;
  const base = input instanceof Request ? input : undefined;
  const url = parseUrl(input instanceof Request ? input.url : input);
  const normalizedMethod = (method ?? base?.method ?? "GET").toUpperCase();
  const requestBody = body !== undefined ? body : base?.body ? await base.arrayBuffer() : null;
  if (requestBody !== null && (normalizedMethod === "GET" || normalizedMethod === "HEAD")) {
    throw new TypeError(`A ${normalizedMethod} request cannot have a body.`);
  }
  const requestTimeoutMs = timeoutMs ?? defaults.timeoutMs;
  if (!(requestTimeoutMs >= 0 && requestTimeoutMs <= MAX_TIMER_MS)) {
    throw new TypeError(`timeoutMs must be 0 (none) or a number of milliseconds up to ${MAX_TIMER_MS}.`);
  }
  // A Request's headers are copied entry by entry: nock's interceptor patches Headers and drops entries when
  // handed a Request's Headers whole.
  const requestHeaders = new Headers(headers ?? (base ? [...base.headers] : undefined));
  defaults.headers.forEach((value, name) => {
    if (!requestHeaders.has(name)) requestHeaders.set(name, value);
  });
  if (!requestHeaders.has("user-agent")) requestHeaders.set("user-agent", defaults.userAgent);
  return {
    method: normalizedMethod,
    url,
    headers: requestHeaders,
    body: requestBody,
    signal: signal ?? base?.signal,
    idempotent: idempotent ?? defaults.isIdempotent(normalizedMethod, url),
    timeoutMs: requestTimeoutMs,
    redirect: redirect ?? base?.redirect ?? "follow",
    attempt: attempt ?? 1,
    init: rest,
  };
}

function parseUrl(input: string | URL): URL {
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
  return url;
}
