import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { decodeNodeId } from "./decode-node-id.js";

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
