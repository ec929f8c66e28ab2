import { describe, expect, it } from "vitest";
import { sampleSeed } from "./sample-seed.js";
import { SeedError, validateSeed } from "./validate-seed.js";

const users = [
  { id: 1, username: "admin", siteAdmin: true },
  { id: 2, username: "alice", email: "alice@example.com" },
];
const repositories = [{ id: 101, name: "github.com/acme/api" }];

function problem(seed: unknown): { path: string; message: string } {
  try {
    validateSeed(seed);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedError);
    return { path: (error as SeedError).path, message: (error as SeedError).message };
  }
  throw new Error("the seed was accepted");
}

describe("validateSeed", () => {
  it("accepts the sample instance and an empty seed", () => {
    expect(() => validateSeed(sampleSeed())).not.toThrow();
    expect(validateSeed({})).toEqual({});
  });

  it.each([
    [null, "seed", /must be an object, got null/],
    [[], "seed", /must be an object, got an array/],
    [{ usres: [] }, "seed.usres", /is not a known field/],
    [{ license: "yes" }, "seed.license", /must be true or false, got "yes"/],
    [{ bindID: "id" }, "seed.bindID", /must be "username" or "email", got "id"/],
    [{ users: {} }, "seed.users", /must be an array, got an object/],
    [{ users: [...users, { id: 1, username: "x" }] }, "seed.users[2].id", /duplicate of seed.users\[0\].id/],
    [{ users: [{ id: 0, username: "x" }] }, "seed.users[0].id", /integer from 1 to 2147483647, got 0/],
    [{ users: [{ id: 1.5, username: "x" }] }, "seed.users[0].id", /got 1.5/],
    [{ users: [{ id: 2 ** 31, username: "x" }] }, "seed.users[0].id", /got 2147483648/],
    [{ users: [...users, { id: 3, username: "" }] }, "seed.users[2].username", /non-empty string/],
    [{ users: [...users, { id: 3, username: "@bob" }] }, "seed.users[2].username", /letters, digits/],
    [{ users: [...users, { id: 3, username: "alice" }] }, "seed.users[2].username", /duplicate/],
    [{ users: [{ id: 3, username: "x", email: "nobody" }] }, "seed.users[0].email", /name@host/],
    [{ users: [{ id: 3, username: "x", email: "a/b@c" }] }, "seed.users[0].email", /name@host/],
    [
      { users: [...users, { id: 3, username: "bob", email: "alice@example.com" }] },
      "seed.users[2].email",
      /duplicate of seed.users\[1\].email/,
    ],
    [{ users: [{ id: 3, username: "x", siteAdmin: 1 }] }, "seed.users[0].siteAdmin", /true or false/],
    [{ users: [{ id: 3, username: "x", rbac: ["repo_permissions#read"] }] }, "seed.users[0].rbac[0]", /RBAC/],
    [
      { users, orgs: [{ id: 1, name: "alice" }] },
      "seed.orgs[0].name",
      /username of seed.users\[1\].username/,
    ],
    [
      { users, orgs: [{ id: 1, name: "acme", members: ["nobody"] }] },
      "seed.orgs[0].members[0]",
      /must name a user/,
    ],
    [
      { users, orgs: [{ id: 1, name: "acme", members: [2, "alice"] }] },
      "seed.orgs[0].members[1]",
      /duplicate/,
    ],
    [{ repositories: [{ id: 1, name: "a b" }] }, "seed.repositories[0].name", /whitespace/],
    [
      {
        repositories: [
          { id: 1, name: "a" },
          { id: 2, name: "a" },
        ],
      },
      "seed.repositories[1].name",
      /duplicate/,
    ],
    [
      { repositories: [{ id: 1, name: "a", files: { "/etc/passwd": "" } }] },
      'seed.repositories[0].files["/etc/passwd"]',
      /relative path/,
    ],
    [
      { repositories: [{ id: 1, name: "a", files: { "a/../b": "" } }] },
      'seed.repositories[0].files["a/../b"]',
      /relative path/,
    ],
    [
      { repositories: [{ id: 1, name: "a", files: { "a.txt": 3 } }] },
      'seed.repositories[0].files["a.txt"]',
      /file's text/,
    ],
    [
      { users, tokens: [{ name: "t", user: "nobody", scopes: [] }] },
      "seed.tokens[0].user",
      /must name a user/,
    ],
    [
      { users, tokens: [{ name: "t", user: 1, scopes: "user:all" }] },
      "seed.tokens[0].scopes",
      /must be an array/,
    ],
    [{ users, tokens: [{ name: "t", user: 1, scopes: ["a b"] }] }, "seed.tokens[0].scopes[0]", /scope/],
    [
      {
        users,
        tokens: [
          { name: "t", user: 1, scopes: [] },
          { name: "t", user: 2, scopes: [] },
        ],
      },
      "seed.tokens[1].name",
      /duplicate/,
    ],
    [
      {
        users,
        repositories,
        permissions: [
          { repository: 101, user: 2 },
          { repository: "github.com/acme/api", user: "alice" },
        ],
      },
      "seed.permissions[1]",
      /same pair as seed.permissions\[0\]/,
    ],
    [
      { users, repositories, permissions: [{ repository: 999, user: 2 }] },
      "seed.permissions[0].repository",
      /must name a repository/,
    ],
    [
      { users, repositories, permissions: [{ repository: 101, user: "2" }] },
      "seed.permissions[0].user",
      /must name a user/,
    ],
    [
      { repositories, pendingPermissions: [{ bindID: "", repository: 101 }] },
      "seed.pendingPermissions[0].bindID",
      /non-empty/,
    ],
    [
      { users, repositories, subRepoPermissions: [{ repository: 101, user: "nobody", paths: ["/**"] }] },
      "seed.subRepoPermissions[0].user",
      /must name a user/,
    ],
    [
      { users, repositories, subRepoPermissions: [{ repository: 101, user: 2, paths: [] }] },
      "seed.subRepoPermissions[0].paths",
      /non-empty array/,
    ],
    [
      { users, repositories, subRepoPermissions: [{ repository: 101, user: 2, paths: ["/**", "-/[x"] }] },
      "seed.subRepoPermissions[0].paths[1]",
      /path glob .*not closed/,
    ],
    [
      { users, repositories, subRepoPermissions: [{ repository: 101, user: 2, paths: ["/**", 3] }] },
      "seed.subRepoPermissions[0].paths[1]",
      /must be a path glob, got 3/,
    ],
    [
      {
        users,
        repositories,
        subRepoPermissions: [
          { repository: 101, user: 2, paths: ["/**"] },
          { repository: "github.com/acme/api", user: "alice", paths: ["/x"] },
        ],
      },
      "seed.subRepoPermissions[1]",
      /same pair as seed.subRepoPermissions\[0\]/,
    ],
    [{ searchContexts: [{ name: "a b" }] }, "seed.searchContexts[0].name", /only letters/],
    [{ searchContexts: [{ name: 3 }] }, "seed.searchContexts[0].name", /must be a string/],
    [
      { searchContexts: [{ name: "x", colour: "red" }] },
      "seed.searchContexts[0].colour",
      /not a known field/,
    ],
    [
      { users, searchContexts: [{ name: "x", namespace: "nobody" }] },
      "seed.searchContexts[0].namespace",
      /username or org name/,
    ],
    [
      {
        users,
        searchContexts: [
          { name: "x", namespace: "alice" },
          { name: "x", namespace: "alice" },
        ],
      },
      "seed.searchContexts[1].name",
      /same name in the same namespace as seed.searchContexts\[0\].name/,
    ],
    [
      { searchContexts: [{ name: "x", description: "d".repeat(1025) }] },
      "seed.searchContexts[0].description",
      /at most 1024/,
    ],
    [{ searchContexts: [{ name: "x", public: "yes" }] }, "seed.searchContexts[0].public", /true or false/],
    [{ searchContexts: [{ name: "x", query: 1 }] }, "seed.searchContexts[0].query", /must be a string/],
    [
      { searchContexts: [{ name: "x", updatedAt: "yesterday" }] },
      "seed.searchContexts[0].updatedAt",
      /ISO 8601/,
    ],
    [
      {
        repositories,
        searchContexts: [{ name: "x", repositories: [{ repository: 999, revisions: ["HEAD"] }] }],
      },
      "seed.searchContexts[0].repositories[0].repository",
      /must name a repository/,
    ],
    [
      { repositories, searchContexts: [{ name: "x", repositories: [{ repository: 101, revisions: [] }] }] },
      "seed.searchContexts[0].repositories[0].revisions",
      /non-empty array of revisions/,
    ],
    [
      { repositories, searchContexts: [{ name: "x", repositories: [{ repository: 101, revisions: [""] }] }] },
      "seed.searchContexts[0].repositories[0].revisions[0]",
      /non-empty string/,
    ],
    [
      {
        repositories,
        searchContexts: [
          {
            name: "x",
            repositories: [
              { repository: 101, revisions: ["HEAD"] },
              { repository: "github.com/acme/api", revisions: ["main"] },
            ],
          },
        ],
      },
      "seed.searchContexts[0].repositories[1].repository",
      /duplicate/,
    ],
  ])("refuses %j at %s", (seed, path, message) => {
    const found = problem(seed);
    expect(found.path).toBe(path);
    expect(found.message).toMatch(message);
    expect(found.message.startsWith(`${path}: `)).toBe(true);
  });

  it("names the field and never the value of a bad or duplicate token", () => {
    const secret = "sgp_local_0123456789abcdef0123456789abcdef01234567";
    const duplicate = problem({
      users,
      tokens: [
        { name: "a", user: 1, scopes: [], value: secret },
        { name: "b", user: 1, scopes: [], value: secret },
      ],
    });
    expect(duplicate.path).toBe("seed.tokens[1].value");
    expect(duplicate.message).not.toContain(secret);
    const spaced = problem({ users, tokens: [{ name: "a", user: 1, scopes: [], value: `${secret} x` }] });
    expect(spaced.message).not.toContain(secret);
  });

  it("accepts the same context name in different namespaces, and null for global", () => {
    expect(() =>
      validateSeed({
        users,
        orgs: [{ id: 1, name: "acme" }],
        searchContexts: [
          { name: "x", namespace: "alice" },
          { name: "x", namespace: "acme" },
          { name: "x", namespace: null },
        ],
      }),
    ).not.toThrow();
  });

  it("uses the given root in paths", () => {
    expect(() => validateSeed({ users: 1 }, "seed.json")).toThrow("seed.json.users: must be an array, got 1");
  });
});
