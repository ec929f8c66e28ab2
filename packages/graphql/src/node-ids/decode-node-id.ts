import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { decodeBase64Url } from "./base64url.js";
import type { DecodedNodeId, NodeIdKey } from "./node-id-key.js";

/**
 * Decodes a Sourcegraph node ID into its kind and key (the reverse of `encodeNodeId`):
 * `decodeNodeId("UmVwb3NpdG9yeToxMjM=")` is `{ kind: "Repository", key: 123 }`. With `expectedKind`, an ID of
 * another kind is refused too, so a user ID passed where a repository belongs fails here rather than on the server.
 *
 * @throws {InvalidNodeIdError} naming the ID when it is not URL-safe base64 with padding of UTF-8 `Kind:<JSON>`,
 *   or not of `expectedKind`.
 */
export function decodeNodeId(id: string, expectedKind?: string): DecodedNodeId {
  const fail = (why: string): never => {
    throw new InvalidNodeIdError(`${JSON.stringify(id)} is not a Sourcegraph node ID: ${why}.`, { id });
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
