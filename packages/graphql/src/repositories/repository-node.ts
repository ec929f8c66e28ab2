import { databaseIdOf } from "../node-ids/database-id-of.js";

/** A repository as the lookups and the listing give it. */
export interface RepositoryNode {
  /** The opaque node ID (`UmVwb3NpdG9yeToxMjM=`), what GraphQL arguments take. */
  id: string;
  /** The numeric id the node ID holds (`123`), what the HTTP API names as `repositories/123`. */
  databaseId: number;
  /** The name, such as `github.com/acme/api`. */
  name: string;
}

/** A {@link RepositoryNode} from a repository's `id` and `name`. */
export function repositoryNode(answer: { id: string; name: string }): RepositoryNode {
  return { id: answer.id, databaseId: databaseIdOf(answer.id, "Repository"), name: answer.name };
}
