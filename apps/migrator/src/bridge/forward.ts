import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

// What the bridge does not translate goes to the instance as it came: queries, the mutations the HTTP API lacks
// (`setRepositoryPermissionsUnrestricted`, `setSubRepositoryPermissionsForUsers`), anything else, each with the
// caller's own headers (so the caller's credentials, never the bridge's), and the answer streamed back.

/** Headers of one connection (RFC 9110 §7.6.1), and those the fetch sets itself: never passed on. */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

/**
 * Sends `request` (its method, path and query, headers but hop-by-hop ones, `extraHeaders` it lacks (never an
 * Authorization header), and `body`, already read) to
 * `endpoint`, and streams the answer back on `response`. Redirects are passed back, never followed (a caller's
 * token must not reach a host it did not name). Resolves with the status once the answer is sent.
 *
 * @throws the fetch's error when the instance gave no answer (nothing has been sent on `response` then).
 */
export async function forwardRequest(
  endpoint: string,
  fetchFn: typeof fetch,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<number> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // An auth proxy's headers (SRC_HEADER_*), where the caller sent none of its own by that name.
  for (const [name, value] of Object.entries(extraHeaders)) {
    if (!headers.has(name) && name.toLowerCase() !== "authorization") headers.set(name, value);
  }
  const method = request.method ?? "GET";
  const answer = await fetchFn(`${endpoint}${request.url ?? "/"}`, {
    method,
    headers,
    redirect: "manual",
    ...(method === "GET" || method === "HEAD" ? {} : { body: new Uint8Array(body) }),
  });
  const out: Record<string, string | string[]> = {};
  answer.headers.forEach((value, name) => {
    // fetch has decoded the body: its encoding and length are no longer the bytes sent on.
    if (HOP_BY_HOP.has(name) || name === "content-encoding") return;
    if (name === "set-cookie") return;
    out[name] = value;
  });
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) out["set-cookie"] = cookies;
  response.writeHead(answer.status, out);
  if (answer.body === null) {
    response.end();
    return answer.status;
  }
  await pipeline(Readable.fromWeb(answer.body as import("node:stream/web").ReadableStream), response);
  return answer.status;
}
