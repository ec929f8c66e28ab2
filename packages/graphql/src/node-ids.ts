// Sourcegraph's node IDs: encoding and decoding them, and the checks the operations make before sending one.

import {
  type DecodedNodeId,
  decodeNodeId as decode,
  encodeNodeId as encode,
  NodeIdError,
  type NodeIdKey,
} from "@sgkit/contracts/graphql";
import { InvalidArgumentError, InvalidNodeIdError } from "./errors.js";

/**
 * The opaque node ID Sourcegraph gives the object of `kind` with `key`, by relay's rule: URL-safe base64 with
 * padding of `Kind:` followed by the key's JSON. `encodeNodeId("Repository", 123)` is `UmVwb3NpdG9yeToxMjM=`,
 * `encodeNodeId("User", 456)` is `VXNlcjo0NTY=`, and a search context is keyed by its spec:
 * `encodeNodeId("SearchContext", "@u/ctx")`.
 *
 * The JSON is written as Go's `encoding/json` writes it (`<`, `>`, `&`, U+2028 and U+2029 escaped), so the ID is
 * the server's byte for byte. The codec is `@sgkit/contracts/graphql`'s, shared with `@sgkit/emulator`; this
 * function only turns its refusals into this package's error type.
 *
 * @throws {InvalidArgumentError} when `kind` is empty or holds a `:`, or `key` has no JSON form.
 */
export function encodeNodeId(kind: string, key: NodeIdKey): string {
  try {
    return encode(kind, key);
  } catch (error) {
    if (error instanceof NodeIdError)
      throw new InvalidArgumentError(error.message, { argument: error.argument });
    throw error;
  }
}

/**
 * Decodes a Sourcegraph node ID into its kind and key (the reverse of `encodeNodeId`):
 * `decodeNodeId("UmVwb3NpdG9yeToxMjM=")` is `{ kind: "Repository", key: 123 }`. With `expectedKind`, an ID of
 * another kind is refused too, so a user ID passed where a repository belongs fails here rather than on the server.
 * The codec is `@sgkit/contracts/graphql`'s, shared with `@sgkit/emulator`; this function only turns its
 * refusals into this package's error type.
 *
 * @throws {InvalidNodeIdError} naming the ID when it is not URL-safe base64 with padding of UTF-8 `Kind:<JSON>`,
 *   or not of `expectedKind`.
 */
export function decodeNodeId(id: string, expectedKind?: string): DecodedNodeId {
  try {
    return decode(id, expectedKind);
  } catch (error) {
    if (error instanceof NodeIdError) throw new InvalidNodeIdError(error.message, { id: String(id) });
    throw error;
  }
}

/**
 * The numeric database id a node ID of `kind` holds: `databaseIdOf("UmVwb3NpdG9yeToxMjM=", "Repository")` is
 * `123`, the id the HTTP API names as `repositories/123`.
 *
 * @throws {InvalidNodeIdError} naming the ID when it does not decode, is of another kind, or its key is not a
 *   positive whole number.
 */
export function databaseIdOf(id: string, kind: string): number {
  const { key } = decodeNodeId(id, kind);
  if (typeof key !== "number" || !Number.isSafeInteger(key) || key < 1) {
    throw new InvalidNodeIdError(
      `${JSON.stringify(id)} holds the key ${JSON.stringify(key)}, not a ${kind}'s numeric database id.`,
      { id },
    );
  }
  return key;
}

/**
 * Checks, before anything is sent, that `id` (the value of `argument`) is a node ID of one of `kinds`, so a
 * malformed ID or one of the wrong kind fails here with a message naming the argument, not on the server.
 *
 * @throws {InvalidNodeIdError} naming `argument` and the ID.
 */
export function requireNodeId(
  id: unknown,
  argument: string,
  ...kinds: [string, ...string[]]
): asserts id is string {
  if (typeof id !== "string") {
    throw new InvalidNodeIdError(`${argument} must be a node ID (a string), not ${JSON.stringify(id)}.`, {
      id: String(id),
      argument,
    });
  }
  let kind: string;
  try {
    kind = decodeNodeId(id).kind;
  } catch (error) {
    throw new InvalidNodeIdError(`${argument}: ${(error as Error).message}`, { id, argument });
  }
  if (!kinds.includes(kind)) {
    throw new InvalidNodeIdError(
      `${argument}: ${JSON.stringify(id)} is a ${kind} ID, not a ${kinds.join(" or ")} ID.`,
      { id, argument },
    );
  }
}
