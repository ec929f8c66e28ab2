import type { SeedToken, SeedUser } from "@sgkit/emulator";

// No vitest import here: the benchmarks, which run under plain Node, seed the same admin.

/** The site admin who runs the migrator in the tests and benchmarks, with the RBAC permissions of both kinds. */
export const MIGRATION_ADMIN: SeedUser = {
  id: 1,
  username: "admin",
  email: "admin@example.com",
  siteAdmin: true,
  rbac: ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"],
};

/** The admin's token `admin`, with the HTTP API's read and write scopes; `value` fixes it (a canary, say). */
export function migrationAdminToken(value?: string): SeedToken {
  return {
    name: "admin",
    user: MIGRATION_ADMIN.username,
    scopes: ["externalapi:read", "externalapi:write"],
    ...(value === undefined ? {} : { value }),
  };
}
