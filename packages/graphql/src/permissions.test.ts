import { describe, expect, it } from "vitest";
import { data, ORIGIN, seen, serve, TOKEN, useGraphQLNock } from "../test/support/graphql-nock.js";
import { createGraphQLClient } from "./client.js";
import { InvalidArgumentError, InvalidNodeIdError, InvalidPathRuleError, NotFoundError } from "./errors.js";
import { encodeNodeId } from "./node-ids.js";
import {
  authorizedUserRepositories,
  repositoryAuthorizedUsers,
  setRepositoryPermissionsForUsers,
  setRepositoryPermissionsUnrestricted,
  setSubRepositoryPermissionsForUsers,
  usersWithPendingPermissions,
  validatePathRule,
} from "./permissions.js";

useGraphQLNock();

const client = createGraphQLClient({ endpoint: ORIGIN, token: TOKEN, internal: { sleep: async () => {} } });
const REPO = encodeNodeId("Repository", 123);
const empty = { alwaysNil: null };

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

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

describe("validatePathRule", () => {
  it.each([
    "src/**",
    "-src/secret/**",
    "*.go",
    "docs/[a-z]*",
    "-docs/[!a]*.md",
    "lib/[^_]*",
    "{cmd,internal}/**",
    "-{a,{b,c}}/x",
    "a\\[literal\\]",
  ])("accepts %j", (rule) => {
    expect(validatePathRule(rule)).toBeUndefined();
  });

  it.each([
    ["", "it is empty"],
    ["-", 'it is a lone "-" with no pattern to deny'],
    ["src/[a-z", 'the "[" at position 4 is never closed'],
    ["-src/[a-z", 'the "[" at position 5 is never closed'],
    ["src/[]x", "the class at position 4 is empty"],
    ["src/[!]x", "the class at position 4 is empty"],
    ["src/[a[b]]", 'a "[" is nested inside the class opened at position 4'],
    ["src/a]", 'the "]" at position 5 closes no "["'],
    ["{a,b", 'a "{" is never closed'],
    ["{{a,b}", 'a "{" is never closed'],
    ["{{a", '2 "{" are never closed'],
    ["a}", 'the "}" at position 1 closes no "{"'],
    ["src\\", 'it ends with an escaping "\\" that escapes nothing'],
    ["src/\nx", "it holds a newline or NUL character"],
  ])("refuses %j: %s", (rule, reason) => {
    expect(validatePathRule(rule)).toBe(reason);
  });

  it("refuses a value that is not a string", () => {
    expect(validatePathRule(1 as never)).toBe("it is not a string");
  });
});
