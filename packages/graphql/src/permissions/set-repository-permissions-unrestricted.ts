import type { GraphQLClient } from "../client/graphql-client.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { SetRepositoryPermissionsUnrestrictedDocument } from "../gen/operations/graphql.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import type { MutationOptions } from "./set-repository-permissions-for-users.js";

/**
 * Marks `repositories` (node IDs) as unrestricted (visible to every user, whatever their permissions) or, with
 * `false`, restricted again. Site admins only. An empty list sends nothing.
 *
 * Retried after a lost answer, a 429 or a 5xx: setting a flag twice leaves it as setting it once.
 *
 * @throws {InvalidArgumentError} naming both positions when an ID appears twice (the server refuses duplicates),
 *   or when an ID is empty, before anything is sent.
 */
export async function setRepositoryPermissionsUnrestricted(
  client: GraphQLClient,
  repositories: Iterable<string>,
  unrestricted: boolean,
  options: MutationOptions = {},
): Promise<void> {
  const ids = [...repositories];
  const seen = new Map<string, number>();
  for (const [index, id] of ids.entries()) {
    requireNodeId(id, `repositories[${index}]`, "Repository");
    const first = seen.get(id);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `repositories[${index}] repeats repositories[${first}] (${id}); the server refuses duplicate IDs.`,
        { argument: `repositories[${index}]` },
      );
    }
    seen.set(id, index);
  }
  if (typeof unrestricted !== "boolean") {
    throw new InvalidArgumentError(
      `unrestricted must be true or false, not ${JSON.stringify(unrestricted)}.`,
      {
        argument: "unrestricted",
      },
    );
  }
  if (ids.length === 0) return;
  await client.request(
    SetRepositoryPermissionsUnrestrictedDocument,
    { repositories: ids, unrestricted },
    options,
  );
}
