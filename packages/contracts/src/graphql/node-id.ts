// Relay node IDs as Sourcegraph's Go server makes and reads them (`relay.MarshalID`, `relay.UnmarshalID`): URL-safe
// base64 with padding (Go's `base64.URLEncoding`) of UTF-8 `Kind:` followed by the JSON of the key. One codec for
// the client, which builds IDs to send, and the emulator, which hands them out: two copies drifted once (the
// emulator did not escape `<>&` as Go's encoding/json does, so its IDs differed from the server's).
// Built on btoa/atob and TextEncoder, which every runtime has (no Buffer), so node IDs work in browsers too.

/** A node's key: what Sourcegraph marshals as JSON after `Kind:` (a number, a string such as a spec, …). */
export type NodeIdKey =
  | string
  | number
  | boolean
  | null
  | readonly NodeIdKey[]
  | { readonly [key: string]: NodeIdKey };

/** A decoded node ID. */
export interface DecodedNodeId {
  /** The node's kind, such as `Repository`, `User` or `SearchContext`. */
  kind: string;
  /** The node's key, parsed from its JSON: `123` for `Repository:123`, `"@u/ctx"` for `SearchContext:"@u/ctx"`. */
  key: NodeIdKey;
}

/**
 * A node ID could not be encoded (`argument` is `kind` or `key`) or decoded (`argument` is `id`). The message
 * quotes what was refused and says why. Client libraries wrap it in their own error types.
 */
export class NodeIdError extends TypeError {
  override readonly name: string = "NodeIdError";
  /** The argument at fault: `id` for {@link decodeNodeId}, `kind` or `key` for {@link encodeNodeId}. */
  readonly argument: "id" | "kind" | "key";
  /** The ID that does not decode; undefined when encoding failed. */
  readonly id: string | undefined;

  constructor(message: string, options: { argument: "id" | "kind" | "key"; id?: string }) {
    super(message);
    this.argument = options.argument;
    this.id = options.id;
  }
}

/**
 * The opaque node ID Sourcegraph gives the object of `kind` with `key`, by relay's rule: URL-safe base64 with
 * padding of `Kind:` followed by the key's JSON. `encodeNodeId("Repository", 123)` is `UmVwb3NpdG9yeToxMjM=`,
 * `encodeNodeId("User", 456)` is `VXNlcjo0NTY=`, and a search context is keyed by its spec:
 * `encodeNodeId("SearchContext", "@u/ctx")`.
 *
 * The JSON is written as Go's `encoding/json` writes it (`<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`
 * and so on), so the ID is the server's byte for byte.
 *
 * @throws {NodeIdError} when `kind` is empty or holds a `:`, or `key` has no JSON form.
 */
export function encodeNodeId(kind: string, key: NodeIdKey): string {
  if (typeof kind !== "string" || kind === "" || kind.includes(":")) {
    throw new NodeIdError(`A node kind must be a non-empty name without ":", not ${JSON.stringify(kind)}.`, {
      argument: "kind",
    });
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(key);
  } catch {
    json = undefined;
  }
  if (json === undefined || (typeof key === "number" && !Number.isFinite(key))) {
    throw new NodeIdError(`The key of a ${kind} node ID must be a JSON value.`, { argument: "key" });
  }
  return encodeBase64Url(`${kind}:${goJsonEscape(json)}`);
}

/**
 * Decodes a Sourcegraph node ID into its kind and key (the reverse of {@link encodeNodeId}):
 * `decodeNodeId("UmVwb3NpdG9yeToxMjM=")` is `{ kind: "Repository", key: 123 }`. With `expectedKind`, an ID of
 * another kind is refused too, so a user ID passed where a repository belongs fails here rather than later.
 *
 * Strict as Go's `base64.URLEncoding` is: the standard alphabet (`+`, `/`) and missing padding are refused.
 *
 * @throws {NodeIdError} quoting the ID when it is not URL-safe base64 with padding of UTF-8 `Kind:<JSON>`, or
 *   not of `expectedKind`.
 */
export function decodeNodeId(id: string, expectedKind?: string): DecodedNodeId {
  const fail = (why: string): never => {
    throw new NodeIdError(`${JSON.stringify(id)} is not a Sourcegraph node ID: ${why}.`, {
      argument: "id",
      id: String(id),
    });
  };
  if (typeof id !== "string" || id === "") fail("it is empty");
  const text = decodeBase64Url(id);
  if (text === undefined) return fail("it is not URL-safe base64 with padding of UTF-8 text");
  const colon = text.indexOf(":");
  if (colon <= 0) return fail(`its text ${JSON.stringify(text)} is not "Kind:<key>"`);
  const kind = text.slice(0, colon);
  let key: NodeIdKey;
  try {
    key = JSON.parse(text.slice(colon + 1)) as NodeIdKey;
  } catch {
    return fail(`the key after "${kind}:" is not JSON`);
  }
  if (expectedKind !== undefined && kind !== expectedKind) {
    fail(`it is a ${kind} ID, not a ${expectedKind} ID`);
  }
  return { kind, key };
}

/** Go's json.Marshal escapes these for safe embedding in HTML; JSON.stringify does not. */
function goJsonEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const URL_SAFE_PADDED = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

/** Encodes `text` as UTF-8, then as URL-safe base64 with padding (RFC 4648 §5). */
function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_");
}

/**
 * Decodes URL-safe base64 with padding into UTF-8 text; undefined when `value` is not exactly that (another
 * alphabet, missing padding, or bytes that are not UTF-8).
 */
function decodeBase64Url(value: string): string | undefined {
  if (!URL_SAFE_PADDED.test(value)) return undefined;
  const binary = atob(value.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
