import type { GraphQLClient, RepositoryNode } from "@sgkit/graphql";
import type { PermissionsClient } from "@sgkit/permissions";
import { type CallSlots, LOOKAHEAD_PER_SLOT, mapInOrder } from "../concurrency.js";
import { createAclReader } from "../plan/acl.js";
import { type BindIdMode, createUserLabeler } from "../resolve/users.js";

/** One repository's explicit ACL as exported: an input record of `plan` and `apply`. */
export interface ExportedAcl {
  readonly repository: string;
  readonly users: readonly string[];
}

/** What {@link exportAcls} needs. */
export interface ExportAclsOptions {
  readonly graphql: GraphQLClient;
  readonly permissions: PermissionsClient;
  /** Name users by username or by primary email, as the inputs will. */
  readonly bindId: BindIdMode;
  readonly concurrency: number;
  /**
   * The call slots the clients' requests already run in, one per attempt (the CLI's; see `resilience.ts`). Given,
   * export leaves the bound on calls in flight to them; absent, it runs its ACL reads in slots of its own.
   */
  readonly slots?: CallSlots;
  readonly signal?: AbortSignal;
  readonly write: (acl: ExportedAcl) => Promise<void> | void;
}

/**
 * The instance's current explicit ACLs, as ACL records (the backup to take before `apply`): every repository
 * the token can see (GraphQL's `repositories`, page by page: a site admin sees every repository), each ACL read
 * with the HTTP API's List, users named by bindID. A repository without explicit grants is written too, with
 * `users: []`: applying the export then revokes what a later change granted there, so that
 * `apply export --yes --allow-empty` brings the instance back exactly. A user with no primary email under
 * `bindId: "email"` is named by username, and counted in `unnamed` so the caller can warn.
 *
 * `repositories` counts every repository written, `empty` those of them without grants.
 */
// Why GraphQL's `repositories` lists them all (read in Sourcegraph's public source,
// cmd/frontend/graphqlbackend/repositories.go and its schema): without arguments it filters nothing (`cloned`,
// `notCloned`, `indexed` and `notIndexed` all default to true; `failedFetch` and `corrupted` to false, which means no
// such filter), it pages by name and id with at most 1000 a page, and it lists what the viewer may see, which for a
// site admin is every repository. The HTTP API has no listing of repositories.
export async function exportAcls(
  options: ExportAclsOptions,
): Promise<{ repositories: number; empty: number; grants: number; unnamed: number }> {
  // Reads stop when the export stops (an error, or the caller's signal), rather than running on unheard.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let unnamed = 0;
  const labeler = createUserLabeler(options.graphql, new Map(), {
    signal,
    nameOf:
      options.bindId === "email"
        ? (user) => {
            if (user.primaryEmail) return user.primaryEmail;
            unnamed += 1;
            return user.username;
          }
        : (user) => user.username,
  });
  const readAcl = createAclReader(options, { signal });
  const read = async (repository: RepositoryNode) => {
    const acl = await readAcl(repository.databaseId);
    await labeler.load(acl);
    return { repository, acl };
  };
  let exported = 0;
  let empty = 0;
  let grants = 0;
  try {
    const listing = options.graphql.repositories({ signal });
    for await (const { repository, acl } of mapInOrder(
      listing,
      options.concurrency * LOOKAHEAD_PER_SLOT,
      read,
    )) {
      if (acl.size === 0) empty += 1;
      const users = [...acl].sort((a, b) => a - b).map((id) => labeler.label(id) ?? `users/${id}`);
      exported += 1;
      grants += users.length;
      await options.write({ repository: repository.name, users });
    }
  } finally {
    stop.abort();
  }
  return { repositories: exported, empty, grants, unnamed };
}
