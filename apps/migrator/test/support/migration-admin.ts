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

/**
 * The admin's GraphQL token `adminGraphql`, with the `user:all` scope GraphQL needs: with {@link migrationAdminToken}
 * for `/api/`, the least-privilege set-up of two tokens. `value` fixes it (a canary, say).
 */
export function migrationGraphqlToken(value?: string): SeedToken {
  return {
    name: "adminGraphql",
    user: MIGRATION_ADMIN.username,
    scopes: ["user:all"],
    ...(value === undefined ? {} : { value }),
  };
}

/**
 * The environment of a migrator run against `emulator` with the admin's two tokens: the scoped one in
 * SRC_ACCESS_TOKEN for `/api/`, the `user:all` one in SRC_GRAPHQL_ACCESS_TOKEN for GraphQL.
 */
export function migrationEnv(
  emulator: { readonly url: string; token(name: string): string },
  endpoint: string = emulator.url,
): Record<string, string> {
  return {
    SRC_ENDPOINT: endpoint,
    SRC_ACCESS_TOKEN: emulator.token("admin"),
    SRC_GRAPHQL_ACCESS_TOKEN: emulator.token("adminGraphql"),
  };
}
