import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { requireNodeId } from "../node-ids/require-node-id.js";
import type { SearchContextRepositoryInput } from "./search-context-types.js";

/**
 * The repositories of a search context as the API takes them, checked: each with a repository ID and at least
 * one revision, and no repository twice (the server would keep one of them, silently).
 */
export function copyRepositories(
  repositories: readonly SearchContextRepositoryInput[],
): SearchContextRepositoryInput[] {
  const seen = new Map<string, number>();
  return repositories.map(({ repositoryID, revisions }, index) => {
    requireNodeId(repositoryID, `repositories[${index}].repositoryID`, "Repository");
    const first = seen.get(repositoryID);
    if (first !== undefined) {
      throw new InvalidArgumentError(
        `repositories[${index}] repeats repositories[${first}] (${repositoryID}); list every revision in one entry.`,
        { argument: `repositories[${index}]` },
      );
    }
    seen.set(repositoryID, index);
    if (
      !Array.isArray(revisions) ||
      revisions.length === 0 ||
      revisions.some((r) => typeof r !== "string" || r === "")
    ) {
      throw new InvalidArgumentError(
        `repositories[${index}].revisions must list at least one non-empty revision (such as "HEAD" or "main").`,
        { argument: `repositories[${index}].revisions` },
      );
    }
    return { repositoryID, revisions: [...revisions] };
  });
}
