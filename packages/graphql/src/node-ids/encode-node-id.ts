import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { encodeBase64Url } from "./base64url.js";
import type { NodeIdKey } from "./node-id-key.js";

/**
 * The opaque node ID Sourcegraph gives the object of `kind` with `key`, by relay's rule: URL-safe base64 with
 * padding of `Kind:` followed by the key's JSON. `encodeNodeId("Repository", 123)` is `UmVwb3NpdG9yeToxMjM=`,
 * `encodeNodeId("User", 456)` is `VXNlcjo0NTY=`, and a search context is keyed by its spec:
 * `encodeNodeId("SearchContext", "@u/ctx")`.
 *
 * The JSON is written as Go's `encoding/json` writes it (`<`, `>`, `&`, U+2028 and U+2029 escaped), so the ID is
 * the server's byte for byte.
 *
 * @throws {InvalidArgumentError} when `kind` is empty or holds a `:`, or `key` has no JSON form.
 */
export function encodeNodeId(kind: string, key: NodeIdKey): string {
  if (kind === "" || kind.includes(":")) {
    throw new InvalidArgumentError(
      `A node kind must be a non-empty name without ":", not ${JSON.stringify(kind)}.`,
      {
        argument: "kind",
      },
    );
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(key);
  } catch {
    json = undefined;
  }
  if (json === undefined || (typeof key === "number" && !Number.isFinite(key))) {
    throw new InvalidArgumentError(`The key of a ${kind} node ID must be a JSON value.`, { argument: "key" });
  }
  return encodeBase64Url(`${kind}:${goJsonEscape(json)}`);
}

/** Go's json.Marshal escapes these for safe embedding in HTML; JSON.stringify does not. */
function goJsonEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
