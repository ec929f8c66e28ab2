import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { data, ORIGIN, type Reply, seen, serve, TOKEN, useGraphQLNock } from "../../test/graphql-nock.js";
import { createGraphQLClient } from "../client/create-graphql-client.js";
import { GraphQLResponseError } from "../errors/graphql-response-error.js";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { InvalidNodeIdError } from "../errors/invalid-node-id-error.js";
import { InvalidPathRuleError } from "../errors/invalid-path-rule-error.js";
import { NotFoundError } from "../errors/not-found-error.js";
import { encodeNodeId } from "../node-ids/encode-node-id.js";
import { loadSchema } from "../schema.js";
import { authorizedUserRepositories } from "./authorized-user-repositories.js";
import { repositoryAuthorizedUsers } from "./repository-authorized-users.js";
import { repositoryIdsByName, repositoryIdsByNameQuery } from "./repository-ids-by-name.js";
import { setRepositoryPermissionsForUsers } from "./set-repository-permissions-for-users.js";
import { setRepositoryPermissionsUnrestricted } from "./set-repository-permissions-unrestricted.js";
import { setSubRepositoryPermissionsForUsers } from "./set-sub-repository-permissions-for-users.js";
import { usersWithPendingPermissions } from "./users-with-pending-permissions.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, sleep: async () => {} });
const REPO = encodeNodeId("Repository", 123);
const empty = { alwaysNil: null };

/** Repositories named `repo-<n>` exist for even n, with ID Repository:<n>. */
function answerAliases(body: { variables: Record<string, unknown> }): Reply {
  const answer: Record<string, unknown> = {};
  for (const [variable, name] of Object.entries(body.variables)) {
    const n = Number(String(name).slice("repo-".length));
    answer[`r${variable.slice(1)}`] = n % 2 === 0 ? { id: encodeNodeId("Repository", n) } : null;
  }
  return data(answer);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("repositoryIdsByName", () => {
  it("looks up 250 names in 3 aliased requests of at most 100 and maps each name to its ID or null", async () => {
    serve(answerAliases);
    const names = Array.from({ length: 250 }, (_, i) => `repo-${i}`);
    const ids = await repositoryIdsByName(client, names);
    expect(seen.map((s) => Object.keys(s.body.variables).length)).toEqual([100, 100, 50]);
    expect(ids.size).toBe(250);
    expect(ids.get("repo-0")).toBe(encodeNodeId("Repository", 0));
    expect(ids.get("repo-248")).toBe(encodeNodeId("Repository", 248));
    expect(ids.get("repo-249")).toBeNull();
    expect([...ids.keys()]).toEqual(names);
    // Names travel as variables only.
    expect(seen[0]?.body.query).not.toContain("repo-");
    expect(seen[0]?.body.operationName).toBe("RepositoryIdsByName");
    expect(seen[2]?.body.variables).toMatchObject({ n0: "repo-200", n49: "repo-249" });
  });

  it("honours chunkSize, deduplicates names and sends nothing for none", async () => {
    serve(answerAliases);
    const ids = await repositoryIdsByName(client, ["repo-2", "repo-4", "repo-2", "repo-6"], { chunkSize: 2 });
    expect(seen.map((s) => Object.values(s.body.variables))).toEqual([["repo-2", "repo-4"], ["repo-6"]]);
    expect(ids.size).toBe(3);
    expect(await repositoryIdsByName(client, [])).toEqual(new Map());
    expect(seen).toHaveLength(2);
  });

  it("refuses a bad chunk size or a blank name before sending", async () => {
    await expect(repositoryIdsByName(client, ["a"], { chunkSize: 0 })).rejects.toThrow(RangeError);
    await expect(repositoryIdsByName(client, ["a"], { chunkSize: 501 })).rejects.toThrow(RangeError);
    await expect(repositoryIdsByName(client, ["a", " "])).rejects.toThrow(InvalidArgumentError);
    expect(seen).toHaveLength(0);
  });

  it("fails with the partial data of the chunk when an alias fails", async () => {
    serve([200, { data: { r0: { id: REPO }, r1: null }, errors: [{ message: "boom", path: ["r1"] }] }]);
    const error = await repositoryIdsByName(client, ["a", "b"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).data).toEqual({ r0: { id: REPO }, r1: null });
  });

  it("builds a query that validates against the schema", () => {
    const { query, variables } = repositoryIdsByNameQuery(["github.com/a/b", "github.com/c/d"]);
    expect(query).toBe(
      "query RepositoryIdsByName($n0: String!, $n1: String!) {\n" +
        "  r0: repository(name: $n0) {\n    id\n  }\n" +
        "  r1: repository(name: $n1) {\n    id\n  }\n}",
    );
    expect(variables).toEqual({ n0: "github.com/a/b", n1: "github.com/c/d" });
    expect(validate(loadSchema(), parse(query))).toEqual([]);
  });
});

describe("setRepositoryPermissionsForUsers", () => {
  it("sends the whole ACL, without blank or repeated bindIDs", async () => {
    serve(data({ setRepositoryPermissionsForUsers: empty }));
    const sent = await setRepositoryPermissionsForUsers(client, REPO, [
      "alice",
      "",
      "  ",
      "bob@example.com",
      "alice",
    ]);
    expect(sent).toEqual(["alice", "bob@example.com"]);
    expect(seen[0]?.body.operationName).toBe("SetRepositoryPermissionsForUsers");
    expect(seen[0]?.body.variables).toEqual({
      repository: REPO,
      userPermissions: [
        { bindID: "alice", permission: "READ" },
        { bindID: "bob@example.com", permission: "READ" },
      ],
    });
  });

  it("sends an empty ACL to remove everyone's explicit permission", async () => {
    serve(data({ setRepositoryPermissionsForUsers: empty }));
    await setRepositoryPermissionsForUsers(client, REPO, []);
    expect(seen[0]?.body.variables).toEqual({ repository: REPO, userPermissions: [] });
  });
});

describe("setRepositoryPermissionsUnrestricted", () => {
  it("sends the IDs and the flag", async () => {
    serve(data({ setRepositoryPermissionsUnrestricted: empty }));
    await setRepositoryPermissionsUnrestricted(client, [REPO, encodeNodeId("Repository", 124)], true);
    expect(seen[0]?.body.variables).toEqual({
      repositories: [REPO, "UmVwb3NpdG9yeToxMjQ="],
      unrestricted: true,
    });
  });

  it("refuses duplicates locally, naming both positions", async () => {
    const error = await setRepositoryPermissionsUnrestricted(
      client,
      [REPO, encodeNodeId("Repository", 124), REPO],
      false,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe(
      `repositories[2] repeats repositories[0] (${REPO}); the server refuses duplicate IDs.`,
    );
    expect((error as InvalidArgumentError).argument).toBe("repositories[2]");
    await expect(setRepositoryPermissionsUnrestricted(client, [""], false)).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(setRepositoryPermissionsUnrestricted(client, [REPO], "yes" as never)).rejects.toThrow(
      /true or false/,
    );
    expect(seen).toHaveLength(0);
  });

  it("sends nothing for no repositories", async () => {
    await setRepositoryPermissionsUnrestricted(client, [], true);
    expect(seen).toHaveLength(0);
  });
});

describe("setSubRepositoryPermissionsForUsers", () => {
  it("sends each user's path rules in order", async () => {
    serve(data({ setSubRepositoryPermissionsForUsers: empty }));
    await setSubRepositoryPermissionsForUsers(client, REPO, [
      { bindID: "alice", paths: ["/**", "-/secret/**"] },
      { bindID: "bob", paths: [] },
    ]);
    expect(seen[0]?.body.variables).toEqual({
      repository: REPO,
      userPermissions: [
        { bindID: "alice", paths: ["/**", "-/secret/**"] },
        { bindID: "bob", paths: [] },
      ],
    });
  });

  it.each([
    [[{ bindID: "a", paths: ["ok/**", "-"] }], 0, 1, "-", 'a lone "-"'],
    [
      [
        { bindID: "a", paths: [] },
        { bindID: "b", paths: ["x", "y", "src/[a-z"] },
      ],
      1,
      2,
      "src/[a-z",
      "never closed",
    ],
    [[{ bindID: "a", paths: [""] }], 0, 0, "", "it is empty"],
    [[{ bindID: "a", paths: ["-{a,b"] }], 0, 0, "-{a,b", "never closed"],
  ])(
    "refuses bad rule %#, naming the user's index, the rule's index and the rule",
    async (permissions, userIndex, ruleIndex, path, reason) => {
      const error = await setSubRepositoryPermissionsForUsers(client, REPO, permissions).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidPathRuleError);
      const ruleError = error as InvalidPathRuleError;
      expect(ruleError).toMatchObject({ userIndex, ruleIndex, path });
      expect(ruleError.argument).toBe(`userPermissions[${userIndex}].paths[${ruleIndex}]`);
      expect(ruleError.message).toContain(`userPermissions[${userIndex}]`);
      expect(ruleError.message).toContain(`path rule ${ruleIndex} ${JSON.stringify(path)}`);
      expect(ruleError.message).toContain(reason);
      expect(seen).toHaveLength(0);
    },
  );

  it("refuses a blank or repeated bindID and paths that are not a list", async () => {
    await expect(
      setSubRepositoryPermissionsForUsers(client, REPO, [{ bindID: " ", paths: [] }]),
    ).rejects.toThrow("userPermissions[0].bindID must not be blank.");
    await expect(
      setSubRepositoryPermissionsForUsers(client, REPO, [
        { bindID: "a", paths: [] },
        { bindID: "a", paths: ["x"] },
      ]),
    ).rejects.toThrow(/userPermissions\[1\] repeats the bindID of userPermissions\[0\]/);
    await expect(
      setSubRepositoryPermissionsForUsers(client, REPO, [{ bindID: "a", paths: "x" as never }]),
    ).rejects.toThrow(/must be an array/);
    expect(seen).toHaveLength(0);
  });
});

/** A connection of `total` items served `first` at a time, cursors being the offset as text. */
function pages<T>(
  total: number,
  item: (i: number) => T,
  pick: (body: { variables: Record<string, unknown> }) => { first: number; after: string | null },
) {
  return (body: { variables: Record<string, unknown> }) => {
    const { first, after } = pick(body);
    const start = after === null ? 0 : Number(after);
    const end = Math.min(start + first, total);
    return {
      nodes: Array.from({ length: end - start }, (_, i) => item(start + i)),
      totalCount: total,
      pageInfo: { hasNextPage: end < total, endCursor: end < total ? String(end) : null },
    };
  };
}

describe("authorizedUserRepositories", () => {
  const variables = (body: { variables: Record<string, unknown> }) => ({
    first: body.variables.first as number,
    after: (body.variables.after as string | null) ?? null,
  });

  it("pages through 250 repositories 100 at a time, by username", async () => {
    const page = pages(250, (i) => ({ id: encodeNodeId("Repository", i), name: `repo-${i}` }), variables);
    serve((body) => data({ authorizedUserRepositories: page(body) }));
    const repositories = await collect(authorizedUserRepositories(client, { username: "alice" }));
    expect(repositories).toHaveLength(250);
    expect(repositories[249]).toEqual({ id: encodeNodeId("Repository", 249), name: "repo-249" });
    expect(seen.map((s) => s.body.variables)).toEqual([
      { username: "alice", perm: "READ", first: 100, after: null },
      { username: "alice", perm: "READ", first: 100, after: "100" },
      { username: "alice", perm: "READ", first: 100, after: "200" },
    ]);
  });

  it("asks by email, and stops fetching when the loop breaks", async () => {
    const page = pages(500, (i) => ({ id: String(i), name: `r${i}` }), variables);
    serve((body) => data({ authorizedUserRepositories: page(body) }));
    for await (const repository of authorizedUserRepositories(client, { email: "pending@example.com" })) {
      if (repository.name === "r5") break;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body.variables).toMatchObject({ email: "pending@example.com" });
    expect(seen[0]?.body.variables).not.toHaveProperty("username");
  });

  it("needs exactly one of username and email, and a page size of 1 to 100", () => {
    expect(() => authorizedUserRepositories(client, {})).toThrow(InvalidArgumentError);
    expect(() => authorizedUserRepositories(client, { username: "a", email: "b" })).toThrow(/exactly one/);
    expect(() => authorizedUserRepositories(client, { username: "" })).toThrow(/exactly one/);
    expect(() => authorizedUserRepositories(client, { username: "a", pageSize: 101 })).toThrow(RangeError);
  });

  it("stops with an error when the server repeats a cursor", async () => {
    serve(
      data({
        authorizedUserRepositories: {
          nodes: [],
          totalCount: 1,
          pageInfo: { hasNextPage: true, endCursor: null },
        },
      }),
    );
    await expect(collect(authorizedUserRepositories(client, { username: "a" }))).rejects.toThrow(/no cursor/);
    serve(
      data({
        authorizedUserRepositories: {
          nodes: [],
          totalCount: 1,
          pageInfo: { hasNextPage: true, endCursor: "c" },
        },
      }),
    );
    await expect(collect(authorizedUserRepositories(client, { username: "a" }))).rejects.toThrow(
      /same cursor again/,
    );
  });
});

describe("repositoryAuthorizedUsers", () => {
  const user = (i: number) => ({
    id: encodeNodeId("User", i),
    username: `user-${i}`,
    displayName: null,
    siteAdmin: false,
    primaryEmail: { email: `user-${i}@example.com`, verified: true },
  });

  it("pages through the users of a repository", async () => {
    const page = pages(120, user, (body) => ({
      first: body.variables.first as number,
      after: (body.variables.after as string | null) ?? null,
    }));
    serve((body) =>
      data({ node: { __typename: "Repository", id: REPO, name: "r", authorizedUsers: page(body) } }),
    );
    const users = await collect(repositoryAuthorizedUsers(client, REPO, { pageSize: 50 }));
    expect(users.map((u) => u.username)).toEqual(Array.from({ length: 120 }, (_, i) => `user-${i}`));
    expect(seen.map((s) => [s.body.variables.first, s.body.variables.after])).toEqual([
      [50, null],
      [50, "50"],
      [50, "100"],
    ]);
    expect(seen[0]?.body.variables.repository).toBe(REPO);
  });

  it("fails with NotFoundError for an unknown repository and InvalidArgumentError for another kind of node", async () => {
    serve(data({ node: null }));
    await expect(collect(repositoryAuthorizedUsers(client, REPO))).rejects.toBeInstanceOf(NotFoundError);
    serve(data({ node: { __typename: "User" } }));
    await expect(collect(repositoryAuthorizedUsers(client, REPO))).rejects.toThrow(
      `${REPO} is the ID of a User, not of a Repository.`,
    );
    // A user's ID is refused before anything is sent.
    const sent = seen.length;
    expect(() => repositoryAuthorizedUsers(client, "VXNlcjo0NTY=")).toThrow(InvalidNodeIdError);
    expect(seen).toHaveLength(sent);
  });
});

describe("usersWithPendingPermissions", () => {
  it("returns the bindIDs", async () => {
    serve(data({ usersWithPendingPermissions: ["carol", "dave@example.com"] }));
    expect(await usersWithPendingPermissions(client)).toEqual(["carol", "dave@example.com"]);
    expect(seen[0]?.body).toMatchObject({ operationName: "UsersWithPendingPermissions", variables: {} });
  });
});
