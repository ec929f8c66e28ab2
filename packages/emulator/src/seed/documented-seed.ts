import type { EmulatorSeed, SeedRepository, SeedToken, SeedUser } from "./seed-types.js";

const READ = "REPO_PERMISSIONS#READ";
const WRITE = "REPO_PERMISSIONS#WRITE";

/** `count` consecutive ids from `first`, frozen so that no test can change another's. */
const idRange = (first: number, count: number): readonly number[] =>
  Object.freeze(Array.from({ length: count }, (_, i) => first + i));

/** The ids of {@link documentedSeed}. */
export const DOCUMENTED_IDS = Object.freeze({
  /** `github.com/acme/api`: the documentation's repository 123. */
  repository: 123,
  /** `github.com/acme/web`, on which alice is granted. */
  otherRepository: 124,
  /** `github.com/acme/docs`, granted to nobody. */
  docsRepository: 125,
  /** `admin`, the site admin. */
  admin: 1,
  /** `alice` (`alice@example.com`, READ and WRITE): the documentation's user 456. */
  alice: 456,
  /** `bob` (`bob@example.com`), no RBAC permission. */
  bob: 457,
  /** `carol`, whose email `Carol@Example.com` has capitals (for tests of how emails compare), no RBAC permission. */
  carol: 458,
  /** `dave` (`dave@example.com`), READ only. */
  dave: 459,
  /** Users 1000 to 1249 (`user1000`, `user1000@example.com`, ...), enough for several pages of grants. */
  bulkUsers: idRange(1000, 250),
  /** Repositories 2000 to 2249 (`github.com/bulk/repo2000`, ...). */
  bulkRepositories: idRange(2000, 250),
});

/**
 * The instance the documentation's examples and sgkit's own tests use: the documented ids (repository 123
 * `github.com/acme/api`, user 456 alice; see {@link DOCUMENTED_IDS}), one token per way of being refused, a
 * legacy `user:all` token, and bulk users and repositories for pagination. Alice is granted repository 124 and
 * nothing else is. Token values are generated at start.
 *
 * | token            | user               | scopes                              | refused by the HTTP API       |
 * | ---------------- | ------------------ | ----------------------------------- | ----------------------------- |
 * | `admin`          | admin (site admin) | user:all, externalapi:read, :write  | never                         |
 * | `readScopeOnly`  | admin              | externalapi:read                    | writes, by scope              |
 * | `writeScopeOnly` | admin              | externalapi:write                   | reads, by scope               |
 * | `noRbac`         | carol              | externalapi:read, externalapi:write | reads and writes, by RBAC     |
 * | `readRbacOnly`   | dave               | externalapi:read, externalapi:write | writes, by RBAC               |
 * | `userAll`        | alice              | user:all (legacy, audit-logged)     | never                         |
 *
 * `extra` adds to it: each of its lists is appended to the documented one, except that a user or repository
 * with a documented id, or a token with a documented name, replaces that one (to give repository 123 files, say);
 * its `license` and `bindID` replace the documented ones.
 */
export function documentedSeed(extra: EmulatorSeed = {}): EmulatorSeed {
  const ids = DOCUMENTED_IDS;
  const users: SeedUser[] = [
    { id: ids.admin, username: "admin", email: "admin@example.com", siteAdmin: true },
    { id: ids.alice, username: "alice", email: "alice@example.com", rbac: [READ, WRITE] },
    { id: ids.bob, username: "bob", email: "bob@example.com" },
    { id: ids.carol, username: "carol", email: "Carol@Example.com" },
    { id: ids.dave, username: "dave", email: "dave@example.com", rbac: [READ] },
    ...ids.bulkUsers.map((id) => ({ id, username: `user${id}`, email: `user${id}@example.com` })),
  ];
  const repositories: SeedRepository[] = [
    { id: ids.repository, name: "github.com/acme/api" },
    { id: ids.otherRepository, name: "github.com/acme/web" },
    { id: ids.docsRepository, name: "github.com/acme/docs" },
    ...ids.bulkRepositories.map((id) => ({ id, name: `github.com/bulk/repo${id}` })),
  ];
  const tokens: SeedToken[] = [
    // user:all as well, for GraphQL and streaming search; the HTTP API sees the scopes it needs and logs nothing.
    { name: "admin", user: "admin", scopes: ["user:all", "externalapi:read", "externalapi:write"] },
    { name: "readScopeOnly", user: "admin", scopes: ["externalapi:read"] },
    { name: "writeScopeOnly", user: "admin", scopes: ["externalapi:write"] },
    { name: "noRbac", user: "carol", scopes: ["externalapi:read", "externalapi:write"] },
    { name: "readRbacOnly", user: "dave", scopes: ["externalapi:read", "externalapi:write"] },
    { name: "userAll", user: "alice", scopes: ["user:all"] },
  ];
  return {
    license: extra.license ?? true,
    ...(extra.bindID === undefined ? {} : { bindID: extra.bindID }),
    users: merged(users, extra.users, (user) => user.id),
    ...(extra.orgs === undefined ? {} : { orgs: extra.orgs }),
    repositories: merged(repositories, extra.repositories, (repository) => repository.id),
    tokens: merged(tokens, extra.tokens, (token) => token.name),
    permissions: [{ repository: ids.otherRepository, user: ids.alice }, ...(extra.permissions ?? [])],
    ...(extra.pendingPermissions === undefined ? {} : { pendingPermissions: extra.pendingPermissions }),
    ...(extra.subRepoPermissions === undefined ? {} : { subRepoPermissions: extra.subRepoPermissions }),
    ...(extra.searchContexts === undefined ? {} : { searchContexts: extra.searchContexts }),
  };
}

/** `base` with each entry of `extra` in place of the one with its key, or after them when none has it. */
function merged<T>(base: readonly T[], extra: readonly T[] | undefined, key: (item: T) => unknown): T[] {
  if (!extra) return [...base];
  const replacements = new Map(extra.map((item) => [key(item), item]));
  const kept = base.map((item) => replacements.get(key(item)) ?? item);
  const baseKeys = new Set(base.map(key));
  return [...kept, ...extra.filter((item) => !baseKeys.has(key(item)))];
}
