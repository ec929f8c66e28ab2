import { InvalidResourceNameError } from "../errors/invalid-resource-name-error.js";
import { describeValue } from "./describe-value.js";
import { MAX_NUMERIC_ID, parseNumericId } from "./parse-numeric-id.js";

/** A repository as the client's methods take it: its numeric id, or its resource name `repositories/{id}`. */
export type RepositoryInput = number | string;

/**
 * The resource name of a repository, `repositories/{id}`, from its numeric id (`123` or `"123"`) or from a
 * name that is already one (`"repositories/123"`, checked and returned as is).
 *
 * The id is Sourcegraph's numeric database id (the number a GraphQL node ID encodes: `UmVwb3NpdG9yeToxMjM=` is
 * `Repository:123`), not the repository's path such as `github.com/acme/api` and not the node ID itself.
 *
 * @throws {InvalidResourceNameError} when the value is neither.
 */
export function repositoryName(repository: RepositoryInput): string {
  const text = typeof repository === "string" ? repository.replace(/^repositories\//, "") : repository;
  const id = typeof text === "string" || typeof text === "number" ? parseNumericId(text) : undefined;
  if (id === undefined) {
    throw new InvalidResourceNameError(
      `Invalid repository ${describeValue(repository)}: expected a numeric repository id such as 123 (1 to ` +
        `${MAX_NUMERIC_ID}), or repositories/{numeric id}. The id is the numeric database id (GraphQL node IDs ` +
        "encode it as Repository:<id>), not the repository's path.",
      { value: repository, resourceKind: "repository" },
    );
  }
  return `repositories/${id}`;
}
