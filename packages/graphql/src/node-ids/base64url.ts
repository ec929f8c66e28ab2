// URL-safe base64 with padding (RFC 4648 §5), as Go's `base64.URLEncoding` writes it, over UTF-8 text. Built on
// btoa/atob, which every runtime has (no Buffer), so node IDs work in browsers too.

const URL_SAFE_PADDED = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

/** Encodes `text` as UTF-8, then as URL-safe base64 with padding. */
export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_");
}

/**
 * Decodes URL-safe base64 with padding into UTF-8 text; undefined when `value` is not exactly that (another
 * alphabet, missing padding, or bytes that are not UTF-8), as the server's strict decoder would refuse it.
 */
export function decodeBase64Url(value: string): string | undefined {
  if (!URL_SAFE_PADDED.test(value)) return undefined;
  const binary = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
