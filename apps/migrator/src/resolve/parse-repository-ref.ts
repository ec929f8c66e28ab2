import { decodeNodeId, InvalidNodeIdError } from "@sgkit/graphql";

/** A repository reference of an input, classified. */
export type RepositoryRef =
  | { readonly form: "id"; readonly id: number }
  | { readonly form: "name"; readonly name: string };

const NUMERIC = /^[1-9][0-9]*$/;
const NODE_ID = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * What an input's `repository` is: a numeric id (`123`), a GraphQL node ID (`UmVwb3NpdG9yeToxMjM=`, which
 * decodes to `Repository:123`) or a name (`github.com/acme/api`). Text that decodes as a node ID of another kind
 * (a user's, say) is refused rather than looked up as a name.
 *
 * @throws {InvalidNodeIdError} for a node ID of another kind or with a non-numeric key.
 */
export function parseRepositoryRef(reference: string): RepositoryRef {
  if (NUMERIC.test(reference) && Number.isSafeInteger(Number(reference)))
    return { form: "id", id: Number(reference) };
  if (NODE_ID.test(reference) && reference.length % 4 === 0) {
    let decoded: ReturnType<typeof decodeNodeId> | undefined;
    try {
      decoded = decodeNodeId(reference);
    } catch {
      decoded = undefined;
    }
    if (decoded !== undefined) {
      const { kind, key } = decoded;
      if (kind === "Repository" && typeof key === "number" && Number.isSafeInteger(key) && key > 0) {
        return { form: "id", id: key };
      }
      throw new InvalidNodeIdError(
        `${JSON.stringify(reference)} is a ${kind} node ID${kind === "Repository" ? " with a key that is not a repository id" : ", not a repository's"}.`,
        { id: reference },
      );
    }
  }
  return { form: "name", name: reference };
}
