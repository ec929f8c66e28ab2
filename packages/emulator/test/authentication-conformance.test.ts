import { encodeNodeId } from "@sgkit/contracts/graphql";
import { describe, expect, it } from "vitest";
import type { EmulatorSeed } from "../src/seed/seed-types.js";
import type { Emulator } from "../src/server/start-emulator.js";
import { useEmulator } from "./support/use-emulator.js";

// Issue 14 §1 and the case part of §2, through emulator.fetch (in-process, nothing listens): each behaviour of
// Sourcegraph's server named in the README's "Authentication" conformance list.

const start = useEmulator();

const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true, rbac: ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"] },
    { id: 2, username: "alice", email: "Alice@Example.com" },
    { id: 3, username: "bob" },
  ],
  repositories: [
    { id: 101, name: "github.com/acme/api", unrestricted: true, files: { "a.txt": "needle\n" } },
  ],
  tokens: [
    { name: "apiOnly", user: "admin", scopes: ["externalapi:read", "externalapi:write"], value: "t-api" },
    { name: "userAll", user: "admin", scopes: ["user:all"], value: "t-all" },
    { name: "sudoOnly", user: "admin", scopes: ["site-admin:sudo"], value: "t-sudo" },
    { name: "aliceSudo", user: "alice", scopes: ["user:all", "site-admin:sudo"], value: "t-alice-sudo" },
  ],
};

const WHO = "{ currentUser { username } }";

async function graphql(emulator: Emulator, authorization: string | undefined, query = WHO, variables = {}) {
  const response = await emulator.fetch(`${emulator.url}/.api/graphql`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(authorization ? { Authorization: authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, json: response.ok ? JSON.parse(text) : undefined };
}

async function search(emulator: Emulator, authorization: string | undefined) {
  const response = await emulator.fetch(`${emulator.url}/.api/search/stream?q=needle`, {
    headers: { Accept: "text/event-stream", ...(authorization ? { Authorization: authorization } : {}) },
  });
  return { status: response.status, text: await response.text() };
}

async function createPermission(emulator: Emulator, authorization: string, user: string) {
  const response = await emulator.fetch(
    `${emulator.url}/api/explicitrepopermissions.v1.Service/CreateExplicitRepoPermission`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: authorization },
      body: JSON.stringify({ parent: "repositories/101", explicit_repo_permission: { user } }),
    },
  );
  return { status: response.status, json: await response.json() };
}

describe("scopes on GraphQL and streaming search", () => {
  it("AUTH-1: refuses a token holding only externalapi scopes with 401 Invalid access token., and takes user:all", async () => {
    const emulator = await start({ seed, listen: false });
    expect(await graphql(emulator, "token t-api")).toMatchObject({
      status: 401,
      text: "Invalid access token.\n",
    });
    expect(await search(emulator, "token t-api")).toEqual({ status: 401, text: "Invalid access token.\n" });
    expect((await graphql(emulator, "token t-all")).json).toEqual({
      data: { currentUser: { username: "admin" } },
    });
    expect((await search(emulator, "token t-all")).status).toBe(200);
  });

  it("HTTP-3: takes the same externalapi token on /api/ (Bearer), and a user:all token there too, audit-logged", async () => {
    const emulator = await start({ seed, listen: false });
    expect((await createPermission(emulator, "Bearer t-api", "users/2")).status).toBe(200);
    expect((await createPermission(emulator, "Bearer t-all", "users/3")).status).toBe(200);
    expect(emulator.state.audit.entries.map((entry) => entry.token)).toEqual(["userAll"]);
  });

  it("AUTH-2: needs site-admin:sudo for token-sudo (401 without), and a site admin subject (403 otherwise)", async () => {
    const emulator = await start({ seed, listen: false });
    const sudo = (token: string, user = "bob") => `token-sudo user="${user}",token="${token}"`;
    expect((await graphql(emulator, sudo("t-sudo"))).json).toEqual({
      data: { currentUser: { username: "bob" } },
    });
    expect(await graphql(emulator, sudo("t-all"))).toMatchObject({
      status: 401,
      text: "Invalid access token.\n",
    });
    expect(await search(emulator, sudo("t-api"))).toEqual({ status: 401, text: "Invalid access token.\n" });
    expect(await graphql(emulator, sudo("t-alice-sudo"))).toMatchObject({
      status: 403,
      text: "The subject user of a sudo access token must be a site admin.\n",
    });
    expect(await search(emulator, sudo("t-alice-sudo"))).toEqual({
      status: 403,
      text: "The subject user of a sudo access token must be a site admin.\n",
    });
    // A sudo-only token is not a user:all token.
    expect(await graphql(emulator, "token t-sudo")).toMatchObject({
      status: 401,
      text: "Invalid access token.\n",
    });
  });
});

describe("Authorization headers the server does not handle", () => {
  it.each([
    "Basic OnBhc3M=", // Basic with an empty user name (`:pass`)
    "Digest username=admin",
    "Token t-all",
    'token token="t-all", token="t-all"',
  ])("AUTH-3: ignores %j: the request goes on as anonymous on GraphQL and search", async (header) => {
    const emulator = await start({ seed, listen: false });
    expect((await graphql(emulator, header)).json).toEqual({ data: { currentUser: null } });
    const answer = await search(emulator, header);
    expect(answer.status).toBe(200);
    // Anonymous visitors see the unrestricted repository.
    expect(answer.text).toContain("github.com/acme/api");
  });

  it("AUTH-4: still refuses a malformed token header with 401 Invalid Authorization header.", async () => {
    const emulator = await start({ seed, listen: false });
    for (const header of ["token", "token-sudo t-sudo", "token user=bob"]) {
      expect(await graphql(emulator, header)).toMatchObject({
        status: 401,
        text: "Invalid Authorization header.\n",
      });
    }
    // HTTP Basic is not ignored when it has a user name: that is taken as the token (https://<token>@host/).
    expect(await graphql(emulator, `Basic ${btoa("user:pass")}`)).toMatchObject({
      status: 401,
      text: "Invalid access token.\n",
    });
    expect((await graphql(emulator, `Basic ${btoa("t-all:")}`)).json).toEqual({
      data: { currentUser: { username: "admin" } },
    });
  });
});

describe("case-insensitive names (citext)", () => {
  it("AUTH-7: finds users by username and email, and repositories by name, in any case on GraphQL", async () => {
    const emulator = await start({ seed, listen: false });
    const user = "query U($u: String, $e: String) { user(username: $u, email: $e) { username } }";
    expect((await graphql(emulator, "token t-all", user, { u: "ALICE" })).json).toEqual({
      data: { user: { username: "alice" } },
    });
    expect((await graphql(emulator, "token t-all", user, { e: "alice@example.COM" })).json).toEqual({
      data: { user: { username: "alice" } },
    });
    const repository = "query R($n: String!) { repository(name: $n) { id name } }";
    expect((await graphql(emulator, "token t-all", repository, { n: "GitHub.com/ACME/api" })).json).toEqual({
      data: { repository: { id: encodeNodeId("Repository", 101), name: "github.com/acme/api" } },
    });
  });

  it("AUTH-7, AUTH-8: finds users/@NAME in any case on the HTTP API, and keeps users/{email} case-sensitive as documented", async () => {
    const emulator = await start({ seed, listen: false });
    expect(await createPermission(emulator, "Bearer t-api", "users/@ALICE")).toMatchObject({
      status: 200,
      json: { user: "users/2" },
    });
    expect((await createPermission(emulator, "Bearer t-api", "users/alice@example.com")).status).toBe(404);
    expect((await createPermission(emulator, "Bearer t-api", "users/Alice@Example.com")).status).toBe(409);
  });
});
