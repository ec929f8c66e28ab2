import { base64UrlWithPadding } from "./encode-node-id.js";

/** What a node ID holds: the kind (`Repository`, `User`, `Org`, `SearchContext`) and the decoded JSON key. */
export interface DecodedNodeId {
  readonly kind: string;
  readonly key: unknown;
}

const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Reads a node ID made by `encodeNodeId`: URL-safe base64 with padding, whose text is `Kind:` and JSON.
 * Strict like Go's `base64.URLEncoding`: the standard alphabet (`+`, `/`), missing padding and non-canonical
 * encodings are refused.
 *
 * @throws TypeError saying why the ID does not decode.
 */
export function decodeNodeId(id: string): DecodedNodeId {
  const bytes = Buffer.from(id, "base64url");
  if (id === "" || base64UrlWithPadding(bytes) !== id) {
    throw new TypeError(`${JSON.stringify(id)} is not a node ID (URL-safe base64 with padding)`);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const colon = text.indexOf(":");
  const kind = colon < 0 ? "" : text.slice(0, colon);
  if (!KIND.test(kind)) throw new TypeError(`${JSON.stringify(id)} is not a node ID (no "Kind:" prefix)`);
  try {
    return { kind, key: JSON.parse(text.slice(colon + 1)) as unknown };
  } catch {
    throw new TypeError(`${JSON.stringify(id)} is not a node ID (its key is not JSON)`);
  }
}
