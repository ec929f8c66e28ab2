import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import { callGraphQL, errorMessages, graphqlData } from "../../../test/support/call-graphql.js";
import { useEmulator } from "../../../test/support/use-emulator.js";
import type { EmulatorSeed } from "../../seed/seed-types.js";

const start = useEmulator();
const FEATURE_NOT_ACTIVATED =
  'The feature "explicit-permissions-api" is not activated in your Sourcegraph license. Upgrade your Sourcegraph subscription to use this feature.';
const repoId = (id: number) => encodeNodeId("Repository", id);

const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
    { id: 2, username: "alice", email: "alice@example.com" },
    { id: 3, username: "bob", email: "Bob@Example.com" },
    { id: 4, username: "carol", email: "carol@example.com" },
  ],
  repositories: [
    { id: 101, name: "github.com/acme/api" },
    { id: 102, name: "github.com/acme/web" },
    { id: 103, name: "github.com/acme/docs" },
  ],
  tokens: [
    { name: "admin", user: "admin", scopes: ["user:all"] },
    { name: "alice", user: "alice", scopes: ["user:all"] },
  ],
  permissions: [
    { repository: 101, user: "alice" },
    { repository: 101, user: "bob" },
    { repository: 102, user: "bob" },
  ],
};

const SET_PERMISSIONS = `mutation SetRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserPermissionInput!]!) {
  setRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil }
}`;
const SET_UNRESTRICTED = `mutation SetRepositoryPermissionsUnrestricted($repositories: [ID!]!, $unrestricted: Boolean!) {
  setRepositoryPermissionsUnrestricted(repositories: $repositories, unrestricted: $unrestricted) { alwaysNil }
}`;
const SET_SUB_REPO = `mutation SetSubRepositoryPermissionsForUsers($repository: ID!, $userPermissions: [UserSubRepoPermission!]!) {
  setSubRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil }
}`;
const mutations = [
  [
    "setRepositoryPermissionsForUsers",
    SET_PERMISSIONS,
    { repository: repoId(101), userPermissions: [{ bindID: "carol" }] },
  ],
  [
    "setRepositoryPermissionsUnrestricted",
    SET_UNRESTRICTED,
    { repositories: [repoId(101)], unrestricted: true },
  ],
  [
    "setSubRepositoryPermissionsForUsers",
    SET_SUB_REPO,
    { repository: repoId(101), userPermissions: [{ bindID: "alice", paths: ["/**"] }] },
  ],
] as const;

describe("permission mutations: who may call them", () => {
  it.each(mutations)("GQL-3: %s needs a site admin", async (name, mutation, variables) => {
    const emulator = await start({ seed });
    const before = JSON.stringify([
      emulator.state.permissions.pairs(),
      emulator.state.subRepoPermissions.all(),
    ]);
    const asAlice = await callGraphQL(emulator, mutation, variables, { as: { token: "alice" } });
    expect(asAlice.status).toBe(200);
    // Sourcegraph's answer (auth.ErrMustBeSiteAdmin): a message and a path, no extensions.code.
    expect(asAlice.body?.errors).toEqual([
      { message: "must be site admin", locations: expect.any(Array), path: [name] },
    ]);
    expect(errorMessages(await callGraphQL(emulator, mutation, variables, { as: "anonymous" }))).toEqual([
      "not authenticated",
    ]);
    expect(
      JSON.stringify([emulator.state.permissions.pairs(), emulator.state.subRepoPermissions.all()]),
    ).toBe(before);
    expect(emulator.state.repositories.byId(101)?.unrestricted).toBe(false);
  });

  it.each(mutations)(
    "GQL-4: %s needs the license feature, checked before the site-admin rule",
    async (name, mutation, variables) => {
      const emulator = await start({ seed, license: false });
      const licenseError = {
        message: FEATURE_NOT_ACTIVATED,
        locations: expect.any(Array),
        path: [name],
      };
      expect((await callGraphQL(emulator, mutation, variables)).body?.errors).toEqual([licenseError]);
      // Without the license, a non-admin and an anonymous caller get the license error too (public source checks
      // the license first).
      expect(
        (await callGraphQL(emulator, mutation, variables, { as: { token: "alice" } })).body?.errors,
      ).toEqual([licenseError]);
      expect(errorMessages(await callGraphQL(emulator, mutation, variables, { as: "anonymous" }))).toEqual([
        FEATURE_NOT_ACTIVATED,
      ]);
      expect(emulator.state.repositories.byId(101)?.unrestricted).toBe(false);
      expect(emulator.state.permissions.usersOf(101).ids).toEqual([2, 3]);
    },
  );

  it("reads the license at each call (state.license may change at run time)", async () => {
    const emulator = await start({ seed });
    emulator.state.license = false;
    expect(
      errorMessages(
        await callGraphQL(emulator, ...(mutations[1].slice(1) as [string, Record<string, unknown>])),
      ),
    ).toEqual([FEATURE_NOT_ACTIVATED]);
    emulator.state.license = true;
    expect(
      errorMessages(
        await callGraphQL(emulator, ...(mutations[1].slice(1) as [string, Record<string, unknown>])),
      ),
    ).toEqual([]);
  });
});

describe("setRepositoryPermissionsForUsers", () => {
  it("GQL-5: replaces the repository's whole explicit ACL in one step", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(101),
      userPermissions: [{ bindID: "carol", permission: "READ" }, { bindID: "bob" }],
    });
    expect(emulator.state.permissions.usersOf(101).ids).toEqual([3, 4]);
    // Other repositories keep theirs.
    expect(emulator.state.permissions.usersOf(102).ids).toEqual([3]);
    await graphqlData(emulator, SET_PERMISSIONS, { repository: repoId(101), userPermissions: [] });
    expect(emulator.state.permissions.usersOf(101).ids).toEqual([]);
  });

  it("GQL-5: is never seen half-done: a concurrent reader sees the old ACL or the new one", async () => {
    const users = Array.from({ length: 300 }, (_, i) => ({ id: 10 + i, username: `u${i}` }));
    const emulator = await start({
      seed: {
        ...seed,
        users: [...(seed.users ?? []), ...users],
        permissions: users.slice(0, 150).map((user) => ({ repository: 101, user: user.id })),
      },
    });
    const read = () =>
      graphqlData(
        emulator,
        '{ repository(name: "github.com/acme/api") { authorizedUsers(first: 1000) { nodes { username } } } }',
      );
    const readers = Array.from({ length: 10 }, read);
    const writer = graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(101),
      userPermissions: users.slice(150).map((user) => ({ bindID: user.username })),
    });
    readers.push(...Array.from({ length: 10 }, read));
    const before = users
      .slice(0, 150)
      .map((user) => user.username)
      .join();
    const after = users
      .slice(150)
      .map((user) => user.username)
      .join();
    const seen = (await Promise.all(readers)).map((data) =>
      data.repository.authorizedUsers.nodes.map((node: { username: string }) => node.username).join(),
    );
    await writer;
    for (const acl of seen) expect([before, after]).toContain(acl);
    expect(emulator.state.permissions.usersOf(101).ids).toEqual(users.slice(150).map((user) => user.id));
  });

  it("GQL-7: drops blank bindIDs", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(101),
      userPermissions: [{ bindID: "" }, { bindID: "   " }, { bindID: "carol" }],
    });
    expect(emulator.state.permissions.usersOf(101).ids).toEqual([4]);
    expect(emulator.state.pendingPermissions.bindIDs()).toEqual([]);
  });

  it("AUTH-8: matches bindIDs by email, case-sensitively, in email mode", async () => {
    const emulator = await start({ seed, bindID: "email" });
    await graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(103),
      userPermissions: [
        { bindID: "Bob@Example.com" },
        { bindID: "carol@example.com" },
        { bindID: "ALICE@example.com" },
        { bindID: "alice" },
      ],
    });
    expect(emulator.state.permissions.usersOf(103).ids).toEqual([3, 4]);
    expect(await graphqlData(emulator, "{ usersWithPendingPermissions }")).toEqual({
      usersWithPendingPermissions: ["ALICE@example.com", "alice"],
    });
  });

  it("GQL-6: keeps unknown bindIDs as pending permissions until such a user is added", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(101),
      userPermissions: [{ bindID: "alice" }, { bindID: "newhire" }],
    });
    await graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(103),
      userPermissions: [{ bindID: "newhire" }],
    });
    const pending = `{ usersWithPendingPermissions
      authorizedUserRepositories(username: "newhire", first: 100) { nodes { name } } }`;
    expect(await graphqlData(emulator, pending)).toEqual({
      usersWithPendingPermissions: ["newhire"],
      authorizedUserRepositories: {
        nodes: [{ name: "github.com/acme/api" }, { name: "github.com/acme/docs" }],
      },
    });
    expect(emulator.state.permissions.usersOf(101).ids).toEqual([2]);

    // The user appears: the pending permissions become explicit ones, seen through both APIs' reads.
    emulator.state.users.add({
      id: 9,
      username: "newhire",
      email: undefined,
      siteAdmin: false,
      rbac: new Set(),
    });
    expect(await graphqlData(emulator, pending)).toEqual({
      usersWithPendingPermissions: [],
      authorizedUserRepositories: {
        nodes: [{ name: "github.com/acme/api" }, { name: "github.com/acme/docs" }],
      },
    });
    expect(
      (
        await graphqlData(
          emulator,
          '{ repository(name: "github.com/acme/api") { authorizedUsers(first: 10) { nodes { username } } } }',
        )
      ).repository.authorizedUsers.nodes,
    ).toEqual([{ username: "alice" }, { username: "newhire" }]);
  });

  it("replaces the repository's pending bindIDs too", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(101),
      userPermissions: [{ bindID: "amy" }, { bindID: "zed" }],
    });
    await graphqlData(emulator, SET_PERMISSIONS, {
      repository: repoId(101),
      userPermissions: [{ bindID: "zed" }],
    });
    expect(await graphqlData(emulator, "{ usersWithPendingPermissions }")).toEqual({
      usersWithPendingPermissions: ["zed"],
    });
  });

  it.each([
    [
      "a missing repository",
      { repository: repoId(999), userPermissions: [] },
      'repository: repository "UmVwb3NpdG9yeTo5OTk=" not found',
    ],
    [
      "a User ID",
      { repository: encodeNodeId("User", 2), userPermissions: [] },
      'repository: "VXNlcjoy" is a User ID, not a Repository ID',
    ],
    [
      "a garbage ID",
      { repository: "101", userPermissions: [] },
      'repository: "101" is not a Sourcegraph node ID: it is not URL-safe base64 with padding of UTF-8 text.',
    ],
  ])("refuses %s and changes nothing", async (_, variables, message) => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, SET_PERMISSIONS, variables);
    expect(answer.body?.errors).toEqual([
      { message, locations: expect.any(Array), path: ["setRepositoryPermissionsForUsers"] },
    ]);
    expect(emulator.state.permissions.pairs()).toHaveLength(3);
  });

  it("refuses a permission other than READ at validation", async () => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, SET_PERMISSIONS, {
      repository: repoId(101),
      userPermissions: [{ bindID: "carol", permission: "WRITE" }],
    });
    expect(errorMessages(answer)).toEqual([expect.stringMatching(/"WRITE"/)]);
    expect(answer.body?.data).toBeUndefined();
  });
});

describe("setRepositoryPermissionsUnrestricted", () => {
  it("GQL-8: stores the flag on every repository given, and clears it", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_UNRESTRICTED, {
      repositories: [repoId(101), repoId(102)],
      unrestricted: true,
    });
    expect(emulator.state.repositories.all().map((repository) => repository.unrestricted)).toEqual([
      true,
      true,
      false,
    ]);
    // Unrestricted repositories are visible to everyone.
    expect(
      await graphqlData(
        emulator,
        '{ repository(name: "github.com/acme/web") { name } }',
        {},
        { as: "anonymous" },
      ),
    ).toEqual({
      repository: { name: "github.com/acme/web" },
    });
    expect(
      (
        await graphqlData(
          emulator,
          '{ repository(name: "github.com/acme/api") { permissionsInfo { unrestricted } } }',
        )
      ).repository,
    ).toEqual({ permissionsInfo: { unrestricted: true } });
    await graphqlData(emulator, SET_UNRESTRICTED, { repositories: [repoId(102)], unrestricted: false });
    expect(emulator.state.repositories.all().map((repository) => repository.unrestricted)).toEqual([
      true,
      false,
      false,
    ]);
  });

  it.each([
    [
      "duplicate IDs",
      [repoId(101), repoId(102), repoId(101)],
      'repositories[2]: "UmVwb3NpdG9yeToxMDE=" is a duplicate of repositories[0]',
    ],
    [
      "a missing repository",
      [repoId(101), repoId(999)],
      'repositories[1]: repository "UmVwb3NpdG9yeTo5OTk=" not found',
    ],
  ])("refuses %s, changing no repository", async (_, repositories, message) => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, SET_UNRESTRICTED, { repositories, unrestricted: true });
    expect(answer.body?.errors).toEqual([
      { message, locations: expect.any(Array), path: ["setRepositoryPermissionsUnrestricted"] },
    ]);
    expect(emulator.state.repositories.all().some((repository) => repository.unrestricted)).toBe(false);
  });
});

describe("setSubRepositoryPermissionsForUsers", () => {
  const PATHS_REQUIRED =
    "either both pathIncludes and pathExcludes needs to be set, or paths needs to be set";

  it("stores each user's ordered path rules", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_SUB_REPO, {
      repository: repoId(101),
      userPermissions: [
        { bindID: "alice", paths: ["/**", "-/secret/**", "/secret/public.md"] },
        { bindID: "bob", paths: ["/docs/**"] },
      ],
    });
    const rules = emulator.state.subRepoPermissions;
    expect(rules.get(101, 2)).toEqual(["/**", "-/secret/**", "/secret/public.md"]);
    expect(rules.get(101, 3)).toEqual(["/docs/**"]);
    expect([rules.allows(101, 2, "secret/keys.txt"), rules.allows(101, 2, "secret/public.md")]).toEqual([
      false,
      true,
    ]);
    expect(rules.allows(101, 3, "README.md")).toBe(false);
    // A pair without rules sees the whole repository.
    expect(rules.allows(101, 4, "README.md")).toBe(true);
    // A second call replaces a user's rules.
    await graphqlData(emulator, SET_SUB_REPO, {
      repository: repoId(101),
      userPermissions: [{ bindID: "bob", paths: ["/**"] }],
    });
    expect(rules.get(101, 3)).toEqual(["/**"]);
    expect(rules.get(101, 2)).toHaveLength(3);
  });

  it("GQL-9: stores each path with a leading / as Sourcegraph does", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_SUB_REPO, {
      repository: repoId(101),
      userPermissions: [
        { bindID: "alice", paths: ["src/**", "-src/secret/**", "/docs/**"] },
        { bindID: "bob", pathIncludes: ["lib/**"], pathExcludes: ["lib/internal/**"] },
      ],
    });
    expect(emulator.state.subRepoPermissions.get(101, 2)).toEqual(["/src/**", "-/src/secret/**", "/docs/**"]);
    expect(emulator.state.subRepoPermissions.get(101, 3)).toEqual(["/lib/**", "-/lib/internal/**"]);
  });

  it("accepts the deprecated pathIncludes and pathExcludes, exclusions winning", async () => {
    const emulator = await start({ seed });
    await graphqlData(emulator, SET_SUB_REPO, {
      repository: repoId(101),
      userPermissions: [{ bindID: "alice", pathIncludes: ["/src/**"], pathExcludes: ["/src/internal/**"] }],
    });
    expect(emulator.state.subRepoPermissions.get(101, 2)).toEqual(["/src/**", "-/src/internal/**"]);
  });

  it("GQL-9: checks every entry's paths before any user, as Sourcegraph does", async () => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, SET_SUB_REPO, {
      repository: repoId(101),
      userPermissions: [
        { bindID: "nobody", paths: ["/**"] },
        { bindID: "alice", pathIncludes: ["/**"] },
      ],
    });
    expect(errorMessages(answer)).toEqual([PATHS_REQUIRED]);
    expect(emulator.state.subRepoPermissions.size).toBe(0);
  });

  it("GQL-9: fails the whole call for an unknown user, storing nothing", async () => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, SET_SUB_REPO, {
      repository: repoId(101),
      userPermissions: [
        { bindID: "alice", paths: ["/**"] },
        { bindID: "nobody", paths: ["/**"] },
      ],
    });
    // Sourcegraph's words (cmd/frontend/internal/authz/resolvers/resolver.go).
    expect(answer.body?.errors).toEqual([
      {
        message: 'user "nobody" not found',
        locations: expect.any(Array),
        path: ["setSubRepositoryPermissionsForUsers"],
      },
    ]);
    expect(emulator.state.subRepoPermissions.size).toBe(0);
    expect(emulator.state.pendingPermissions.bindIDs()).toEqual([]);
  });

  it.each([
    [{ bindID: "alice", paths: ["/**", "-"] }, 'userPermissions[0].paths[1]: "-": is not a path glob'],
    [{ bindID: "alice", paths: ["/[oops"] }, 'userPermissions[0].paths[0]: "/[oops": "[" at 1 is not closed'],
    // Sourcegraph's rule and words: `paths`, or both `pathIncludes` and `pathExcludes`.
    [{ bindID: "alice" }, PATHS_REQUIRED],
    [{ bindID: "alice", pathIncludes: ["/src/**"] }, PATHS_REQUIRED],
    [{ bindID: "alice", pathExcludes: ["/secret/**"] }, PATHS_REQUIRED],
  ])("refuses bad rules (%j), storing nothing", async (permission, message) => {
    const emulator = await start({ seed });
    const answer = await callGraphQL(emulator, SET_SUB_REPO, {
      repository: repoId(101),
      userPermissions: [permission],
    });
    expect(answer.body?.errors).toEqual([
      { message, locations: expect.any(Array), path: ["setSubRepositoryPermissionsForUsers"] },
    ]);
    expect(emulator.state.subRepoPermissions.size).toBe(0);
  });
});
