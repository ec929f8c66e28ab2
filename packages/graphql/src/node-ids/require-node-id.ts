import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { decodeNodeId } from "./decode-node-id.js";

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
