import { mapConcurrent } from "@sgkit/core";
import { encodeNodeId, type GraphQLClient, repositories, usersByNodeId } from "@sgkit/graphql";
import type { PermissionsClient } from "@sgkit/permissions";
import { readCurrentAcl } from "../current-state/read-current-acl.js";
import type { BindIdMode } from "../plan/plan-types.js";

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
  readonly signal?: AbortSignal;
  readonly write: (acl: ExportedAcl) => Promise<void> | void;
}

const WINDOW_PER_WORKER = 4;

/**
 * The instance's current explicit ACLs, as ACL records (the backup to take before `apply`): every repository
 * the token can see (GraphQL, page by page), each ACL read with the HTTP API's List, users named by bindID.
 * Repositories without explicit grants are left out. A user with no primary email under `bindId: "email"` is
 * named by username, and counted in `unnamed` so the caller can warn.
 */
export async function exportAcls(
  options: ExportAclsOptions,
): Promise<{ repositories: number; grants: number; unnamed: number }> {
  const callOptions = options.signal ? { signal: options.signal } : {};
  const names = new Map<number, string>();
  let exported = 0;
  let grants = 0;
  let unnamed = 0;
  let window: { databaseId: number; name: string }[] = [];
  const flush = async (): Promise<void> => {
    const batch = window;
    window = [];
    const acls = await mapConcurrent(batch, options.concurrency, (repository) =>
      readCurrentAcl(options.permissions, repository.databaseId, callOptions),
    );
    const missing = new Map<string, number>();
    for (const acl of acls)
      for (const user of acl) if (!names.has(user)) missing.set(encodeNodeId("User", user), user);
    if (missing.size > 0) {
      const found = await usersByNodeId(options.graphql, missing.keys(), callOptions);
      for (const [nodeId, id] of missing) {
        const user = found.get(nodeId);
        if (!user) continue;
        const email = options.bindId === "email" ? user.primaryEmail : undefined;
        if (options.bindId === "email" && !email) unnamed += 1;
        names.set(id, email ?? user.username);
      }
    }
    for (const [i, repository] of batch.entries()) {
      const acl = acls[i] as Set<number>;
      if (acl.size === 0) continue;
      const users = [...acl].sort((a, b) => a - b).map((id) => names.get(id) ?? `users/${id}`);
      exported += 1;
      grants += users.length;
      await options.write({ repository: repository.name, users });
    }
  };
  for await (const repository of repositories(options.graphql, callOptions)) {
    window.push(repository);
    if (window.length >= options.concurrency * WINDOW_PER_WORKER) await flush();
  }
  await flush();
  return { repositories: exported, grants, unnamed };
}
