// The batched lookups of @sgkit/graphql (usersByBindId, usersByNodeId, repositoriesByNodeId) and the repositories
// listing against the emulator's GraphQL API over real loopback HTTP: chunk boundaries counted by the emulator,
// null for unknown or invisible objects, case-sensitive emails, checks before sending, the alias limit. No nock.
import { DEFAULT_ALIAS_LIMIT } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import {
  encodeNodeId,
  GraphQLResponseError,
  InvalidArgumentError,
  InvalidNodeIdError,
  QueryComplexityError,
} from "../src/index.js";
import {
  ALICE,
  BULK_REPOS,
  BULK_USERS,
  CAROL,
  collect,
  failureOf,
  graphqlCalls,
  graphqlFor,
  ids,
  OTHER_REPO,
  REPO,
  startGraphQLEmulator,
} from "./support/emulator.js";

/** Every repository of the integration seed, by id. */
const ALL_REPOS = [REPO, OTHER_REPO, 125, ...BULK_REPOS];

describe("usersByBindId", () => {
  it("looks 252 usernames up in 3 requests of at most 100, null for unknown ones", async () => {
    const emulator = await startGraphQLEmulator();
    const names = [...BULK_USERS.map((id) => `user${id}`), "alice", "nobody"];
    const users = await graphqlFor(emulator).usersByBindId(names, { by: "username" });
    expect(graphqlCalls(emulator)).toEqual({ UsersByUsername: 3 });
    expect(users.size).toBe(252);
    expect(users.get("user1000")).toEqual({
      id: encodeNodeId("User", 1000),
      databaseId: 1000,
      username: "user1000",
      primaryEmail: "user1000@example.com",
    });
    expect(users.get("alice")?.databaseId).toBe(ALICE);
    expect(users.get("nobody")).toBeNull();
  });

  it("sends each email as given, one lookup each, and the server matches them in any case (citext)", async () => {
    const emulator = await startGraphQLEmulator();
    const emails = ["Carol@Example.com", "carol@example.com", "alice@example.com", "nobody@example.com"];
    const users = await graphqlFor(emulator).usersByBindId(emails, { by: "email" });
    // Sourcegraph's user_emails.email is citext: user(email:) finds carol from either case.
    expect([...users].map(([email, user]) => [email, user?.databaseId ?? null])).toEqual([
      ["Carol@Example.com", CAROL],
      ["carol@example.com", CAROL],
      ["alice@example.com", ALICE],
      ["nobody@example.com", null],
    ]);
    expect(graphqlCalls(emulator)).toEqual({ UsersByEmail: 1 });
  });

  it("fails for a non-admin looking others up by email, and sends nothing for a blank bindID", async () => {
    const emulator = await startGraphQLEmulator();
    const error = await failureOf(
      graphqlFor(emulator, "bob").usersByBindId(["alice@example.com"], { by: "email" }),
    );
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).errors.map((entry) => entry.message)).toEqual([
      "must be site admin",
    ]);
    const blank = await failureOf(graphqlFor(emulator).usersByBindId(["alice", " "], { by: "username" }));
    expect(blank).toBeInstanceOf(InvalidArgumentError);
    expect((blank as InvalidArgumentError).argument).toBe("bindIds[1]");
    expect(graphqlCalls(emulator)).toEqual({ UsersByEmail: 1 });
  });
});

describe("usersByNodeId", () => {
  it("maps node IDs to users, with the primary email only where the viewer may see it", async () => {
    const emulator = await startGraphQLEmulator();
    const wanted = [ids.alice, ids.bob, encodeNodeId("User", 99999)];
    const asAdmin = await graphqlFor(emulator).usersByNodeId(wanted);
    expect([...asAdmin.values()]).toEqual([
      { id: ids.alice, databaseId: ALICE, username: "alice", primaryEmail: "alice@example.com" },
      { id: ids.bob, databaseId: 457, username: "bob", primaryEmail: "bob@example.com" },
      null,
    ]);
    const asAlice = await graphqlFor(emulator, "alice").usersByNodeId(wanted);
    expect(asAlice.get(ids.alice)?.primaryEmail).toBe("alice@example.com");
    expect(asAlice.get(ids.bob)).toEqual({ id: ids.bob, databaseId: 457, username: "bob" });
    expect(graphqlCalls(emulator)).toEqual({ UsersByNodeId: 2 });
  });

  it("refuses a repository ID among user IDs before sending anything", async () => {
    const emulator = await startGraphQLEmulator();
    const error = await failureOf(graphqlFor(emulator).usersByNodeId([ids.alice, ids.repo]));
    expect(error).toBeInstanceOf(InvalidNodeIdError);
    expect(error.message).toBe(`ids[1]: ${JSON.stringify(ids.repo)} is a Repository ID, not a User ID.`);
    expect(emulator.counters.total()).toBe(0);
  });
});

describe("repositoriesByNodeId", () => {
  it("looks 254 IDs up in 3 requests; an unknown or invisible repository is null", async () => {
    const emulator = await startGraphQLEmulator();
    const wanted = [...ALL_REPOS, 99999].map((id) => encodeNodeId("Repository", id));
    const found = await graphqlFor(emulator).repositoriesByNodeId(wanted);
    expect(graphqlCalls(emulator)).toEqual({ RepositoriesByNodeId: 3 });
    expect(found.get(ids.repo)).toEqual({ id: ids.repo, databaseId: REPO, name: "github.com/acme/api" });
    expect(found.get(encodeNodeId("Repository", 2249))?.name).toBe("github.com/bulk/repo2249");
    expect(found.get(encodeNodeId("Repository", 99999))).toBeNull();
    expect([...found.values()].filter((repository) => repository !== null)).toHaveLength(ALL_REPOS.length);
    // alice sees only the repository she was granted.
    const asAlice = await graphqlFor(emulator, "alice").repositoriesByNodeId([ids.repo, ids.otherRepo]);
    expect([...asAlice.values()].map((repository) => repository?.databaseId ?? null)).toEqual([
      null,
      OTHER_REPO,
    ]);
  });

  it("sends the emulator's alias limit in one request, and a lowered limit is a QueryComplexityError", async () => {
    const many = Array.from({ length: DEFAULT_ALIAS_LIMIT }, (_, i) => encodeNodeId("Repository", 1 + i));
    const emulator = await startGraphQLEmulator();
    const found = await graphqlFor(emulator).repositoriesByNodeId(many, { chunkSize: DEFAULT_ALIAS_LIMIT });
    expect(found.size).toBe(DEFAULT_ALIAS_LIMIT);
    expect(graphqlCalls(emulator)).toEqual({ RepositoriesByNodeId: 1 });

    const strict = await startGraphQLEmulator({ graphql: { aliasLimit: 50 } });
    const error = await failureOf(graphqlFor(strict).repositoriesByNodeId(many));
    expect(error).toBeInstanceOf(QueryComplexityError);
    expect(graphqlCalls(strict)).toEqual({ RepositoriesByNodeId: 1 });
  });
});

describe("repositories", () => {
  it("lists every repository a site admin can see, by name (as Sourcegraph orders), page after page", async () => {
    const emulator = await startGraphQLEmulator();
    const listed = await collect(graphqlFor(emulator).repositories({ pageSize: 100 }));
    // acme/api (123), acme/docs (125), acme/web (124), then bulk/repo2000...
    expect(listed.map((repository) => repository.databaseId)).toEqual([REPO, 125, OTHER_REPO, ...BULK_REPOS]);
    expect(listed[0]).toEqual({ id: ids.repo, databaseId: REPO, name: "github.com/acme/api" });
    expect(graphqlCalls(emulator)).toEqual({ Repositories: 3 });
    // The default page is the emulator's largest: one request.
    expect(await collect(graphqlFor(emulator).repositories())).toHaveLength(ALL_REPOS.length);
    expect(graphqlCalls(emulator)).toEqual({ Repositories: 4 });
  });

  it("lists only what the viewer can see: granted and unrestricted repositories", async () => {
    const emulator = await startGraphQLEmulator();
    const names = async (tokenName: string | null) =>
      (await collect(graphqlFor(emulator, tokenName).repositories())).map((repository) => repository.name);
    expect(await names("alice")).toEqual(["github.com/acme/web"]);
    expect(await names(null)).toEqual([]);
    await graphqlFor(emulator).setRepositoryPermissionsUnrestricted([ids.docsRepo], true);
    expect(await names("alice")).toEqual(["github.com/acme/docs", "github.com/acme/web"]);
    expect(await names(null)).toEqual(["github.com/acme/docs"]);
  });
});
