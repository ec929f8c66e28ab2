import { NetworkError, TimeoutError } from "@sgkit/core";

/**
 * Socket error codes of a connection that failed, was refused or was cut (Node's and undici's). A reset after
 * the request was sent is the "lost answer": the server may have acted on the request.
 */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * Whether `error`, or an error in its cause chain, says the connection failed rather than the server refusing:
 * sgkit's `NetworkError` or `TimeoutError`, or a socket error code. Custom transports wrap such errors in a
 * `ConnectError` with code `unknown`, so the cause chain is where they are found.
 */
export function isConnectionFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof NetworkError || e instanceof TimeoutError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  }
  return false;
}
