import { Code, ConnectError } from "@connectrpc/connect";
import type { EmulatorState } from "../state/emulator-state.js";
import type { Repository } from "../state/repository-catalog.js";

/** The repository with this id; `not_found` when there is none. */
export function resolveRepository(state: EmulatorState, repositoryId: number): Repository {
  const repository = state.repositories.byId(repositoryId);
  if (!repository) {
    throw new ConnectError(`repository "repositories/${repositoryId}" not found`, Code.NotFound);
  }
  return repository;
}
