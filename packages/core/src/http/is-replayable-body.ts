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
