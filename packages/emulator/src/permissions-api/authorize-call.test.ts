import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { callApi } from "../../test/support/call-api.js";
import { useEmulator } from "../../test/support/use-emulator.js";
import { loadSeed } from "../seed/load-seed.js";
import type { EmulatorSeed } from "../seed/seed-types.js";
import { authenticateBearer } from "./authorize-call.js";

const secret = "sgp_local_00112233445566778899aabbccddeeff00112233";
const state = loadSeed({
  users: [{ id: 1, username: "admin", siteAdmin: true }],
  tokens: [{ name: "admin", user: "admin", scopes: ["externalapi:read"], value: secret }],
});

function refusal(headers: Record<string, string>): string {
  try {
    authenticateBearer(state, new Headers(headers));
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.Unauthenticated);
    expect((error as ConnectError).metadata.get("www-authenticate")).toBe("Bearer");
    const message = (error as ConnectError).rawMessage;
    expect(message).not.toContain(secret);
    return message;
  }
  throw new Error("accepted");
}

describe("authenticateBearer", () => {
  it("accepts Authorization: Bearer <token>, the scheme in any case", () => {
    expect(authenticateBearer(state, new Headers({ authorization: `Bearer ${secret}` })).user.username).toBe(
      "admin",
    );
    expect(authenticateBearer(state, new Headers({ authorization: `bearer  ${secret} ` })).token.name).toBe(
      "admin",
    );
  });

  it("HTTP-1: refuses the GraphQL token schemes", () => {
    expect(refusal({ authorization: `token ${secret}` })).toMatch(
      /only as Authorization: Bearer <token>, not the "token" scheme/,
    );
    expect(refusal({ authorization: `token-sudo user="admin",token="${secret}"` })).toMatch(
      /"token-sudo" scheme/,
    );
  });

  it("refuses a session cookie, and no credentials at all", () => {
    expect(refusal({ cookie: "sgs=session" })).toMatch(/session cookies are not accepted/);
    expect(refusal({})).toMatch(/^no access token/);
  });

  it("refuses malformed headers and unknown tokens with the documented wording", () => {
    expect(refusal({ authorization: "Bearer" })).toBe("Invalid Authorization header.");
    expect(refusal({ authorization: `Basic ${secret}` })).toBe("Invalid Authorization header.");
    expect(refusal({ authorization: `Bearer ${secret} extra` })).toBe("Invalid Authorization header.");
    expect(refusal({ authorization: `Bearer ${secret}x` })).toBe("Invalid access token.");
  });
});

const start = useEmulator();
const both = ["externalapi:read", "externalapi:write"];
const seed: EmulatorSeed = {
  users: [
    { id: 1, username: "admin", siteAdmin: true },
    { id: 2, username: "root", siteAdmin: true, rbac: [] },
    { id: 3, username: "reader", rbac: ["REPO_PERMISSIONS#READ"] },
    { id: 4, username: "writer", rbac: ["REPO_PERMISSIONS#WRITE"] },
    { id: 5, username: "alice" },
  ],
  repositories: [{ id: 101, name: "github.com/acme/api" }],
  tokens: [
    { name: "admin", user: "admin", scopes: both },
    { name: "readScope", user: "admin", scopes: ["externalapi:read"] },
    { name: "writeScope", user: "admin", scopes: ["externalapi:write"] },
    { name: "legacy", user: "admin", scopes: ["user:all"] },
    { name: "legacyAndScoped", user: "admin", scopes: ["user:all", "externalapi:read"] },
    { name: "noScope", user: "admin", scopes: [] },
    { name: "adminWithoutRbac", user: "root", scopes: both },
    { name: "reader", user: "reader", scopes: both },
    { name: "writer", user: "writer", scopes: both },
  ],
  permissions: [{ repository: 101, user: "alice" }],
};

const calls = {
  GetExplicitRepoPermission: { name: "repositories/101/explicitRepoPermissions/@alice" },
  ListExplicitRepoPermissions: { parent: "repositories/101" },
  CreateExplicitRepoPermission: {
    parent: "repositories/101",
    explicit_repo_permission: { user: "users/@admin" },
  },
  DeleteExplicitRepoPermission: { name: "repositories/101/explicitRepoPermissions/@alice" },
} as const;
const reads = ["GetExplicitRepoPermission", "ListExplicitRepoPermissions"] as const;
const writes = ["CreateExplicitRepoPermission", "DeleteExplicitRepoPermission"] as const;

describe("authentication over HTTP", () => {
  it.each([
    ["the GraphQL token scheme", (t: string) => ({ Authorization: `token ${t}` }), /not the "token" scheme/],
    [
      "a sudo header",
      (t: string) => ({ Authorization: `token-sudo user="admin",token="${t}"` }),
      /"token-sudo"/,
    ],
    ["a session cookie", () => ({ Cookie: "sgs=abc" }), /session cookies are not accepted/],
    ["no credentials", () => ({}), /^no access token/],
    [
      "an unknown token",
      () => ({ Authorization: "Bearer sgp_local_0000000000000000000000000000000000000000" }),
      /^Invalid access token\.$/,
    ],
    ["a malformed header", () => ({ Authorization: "Bearer" }), /^Invalid Authorization header\.$/],
  ])("HTTP-1: refuses %s with a Connect unauthenticated error (401)", async (_, headers, message) => {
    const emulator = await start({ seed });
    for (const method of [...reads, ...writes]) {
      const answer = await callApi(emulator, method, calls[method], {
        headers: headers(emulator.token("admin")),
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("content-type")).toBe("application/json");
      expect(answer.headers.get("www-authenticate")).toBe("Bearer");
      expect(answer.body.code).toBe("unauthenticated");
      expect(answer.body.message).toMatch(message);
      expect(JSON.stringify(answer.body)).not.toContain(emulator.token("admin"));
    }
    expect(emulator.state.permissions.size).toBe(1);
  });
});

describe("scopes over HTTP", () => {
  it("HTTP-3: lets externalapi:read read and not write, naming the missing scope", async () => {
    const emulator = await start({ seed });
    for (const method of reads) {
      expect((await callApi(emulator, method, calls[method], { token: "readScope" })).status).toBe(200);
    }
    for (const method of writes) {
      const answer = await callApi(emulator, method, calls[method], { token: "readScope" });
      expect(answer).toMatchObject({
        status: 403,
        body: { code: "permission_denied", message: expect.stringContaining("the scope externalapi:write") },
      });
    }
    expect(emulator.state.permissions.size).toBe(1);
  });

  it("HTTP-3: lets externalapi:write write and not read (write does not imply read)", async () => {
    const emulator = await start({ seed });
    for (const method of reads) {
      const answer = await callApi(emulator, method, calls[method], { token: "writeScope" });
      expect(answer).toMatchObject({
        status: 403,
        body: { message: expect.stringContaining("externalapi:read") },
      });
    }
    for (const method of writes) {
      expect((await callApi(emulator, method, calls[method], { token: "writeScope" })).status).toBe(200);
    }
  });

  it("refuses a token with no scope", async () => {
    const emulator = await start({ seed });
    const answer = await callApi(emulator, "ListExplicitRepoPermissions", calls.ListExplicitRepoPermissions, {
      token: "noScope",
    });
    expect(answer.body).toEqual({
      code: "permission_denied",
      message:
        "ListExplicitRepoPermissions needs a token with the scope externalapi:read; this token has no scope",
    });
  });

  it("HTTP-3: accepts a legacy user:all token for every method and writes each use to the audit log", async () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const emulator = await start({ seed, now: () => now });
    for (const method of [...reads, ...writes]) {
      expect((await callApi(emulator, method, calls[method], { token: "legacy" })).status).toBe(200);
    }
    expect(emulator.state.audit.entries).toEqual(
      [...reads, ...writes].map((method) => ({
        time: "2026-11-23T12:00:00.000Z",
        userId: 1,
        username: "admin",
        token: "legacy",
        api: "http-api",
        method,
        note: `legacy user:all token used instead of the scope externalapi:${method.startsWith("Get") || method.startsWith("List") ? "read" : "write"}`,
      })),
    );
    expect(JSON.stringify(emulator.state.audit.entries)).not.toContain(emulator.token("legacy"));
  });

  it("logs nothing for fine-grained scopes, nor when the token's own scope authorized the call", async () => {
    const emulator = await start({ seed });
    await callApi(emulator, "ListExplicitRepoPermissions", calls.ListExplicitRepoPermissions, {
      token: "admin",
    });
    await callApi(emulator, "ListExplicitRepoPermissions", calls.ListExplicitRepoPermissions, {
      token: "legacyAndScoped",
    });
    expect(emulator.state.audit.entries).toEqual([]);
    await callApi(emulator, "CreateExplicitRepoPermission", calls.CreateExplicitRepoPermission, {
      token: "legacyAndScoped",
    });
    expect(emulator.state.audit.entries.map((entry) => entry.method)).toEqual([
      "CreateExplicitRepoPermission",
    ]);
  });
});

describe("RBAC over HTTP", () => {
  it("HTTP-4: needs REPO_PERMISSIONS#READ to read and #WRITE to write", async () => {
    const emulator = await start({ seed });
    for (const method of reads) {
      expect((await callApi(emulator, method, calls[method], { token: "reader" })).status).toBe(200);
      expect(await callApi(emulator, method, calls[method], { token: "writer" })).toMatchObject({
        status: 403,
        body: {
          code: "permission_denied",
          message: `${method} needs the RBAC permission REPO_PERMISSIONS#READ, which user "writer" does not have`,
        },
      });
    }
    for (const method of writes) {
      expect(await callApi(emulator, method, calls[method], { token: "reader" })).toMatchObject({
        status: 403,
        body: { message: expect.stringContaining("REPO_PERMISSIONS#WRITE") },
      });
    }
    expect(
      (
        await callApi(emulator, "CreateExplicitRepoPermission", calls.CreateExplicitRepoPermission, {
          token: "writer",
        })
      ).status,
    ).toBe(200);
  });

  it("HTTP-4: applies to site admins too: a site admin without the permission is refused", async () => {
    const emulator = await start({ seed });
    const answer = await callApi(emulator, "GetExplicitRepoPermission", calls.GetExplicitRepoPermission, {
      token: "adminWithoutRbac",
    });
    expect(answer).toMatchObject({ status: 403, body: { message: expect.stringContaining('user "root"') } });
  });

  it("is checked after the scope, and user:all does not replace RBAC", async () => {
    const emulator = await start({
      seed: { ...seed, tokens: [{ name: "legacyReader", user: "reader", scopes: ["user:all"] }] },
    });
    const answer = await callApi(
      emulator,
      "CreateExplicitRepoPermission",
      calls.CreateExplicitRepoPermission,
      {
        token: "legacyReader",
      },
    );
    expect(answer).toMatchObject({
      status: 403,
      body: { message: expect.stringContaining("REPO_PERMISSIONS#WRITE") },
    });
    // The use of the legacy token was logged even though the call was then refused.
    expect(emulator.state.audit.entries).toHaveLength(1);
  });
});

describe("the license feature over HTTP", () => {
  it("HTTP-2: fails every method with failed_precondition (400) naming the feature when it is off", async () => {
    const emulator = await start({ seed, license: false });
    for (const method of [...reads, ...writes]) {
      expect(await callApi(emulator, method, calls[method])).toEqual({
        status: 400,
        headers: expect.any(Headers),
        body: {
          code: "failed_precondition",
          message: `${method} needs the "Explicit Permissions API" license feature, which this instance does not have`,
        },
      });
    }
    expect(emulator.state.permissions.size).toBe(1);
  });

  it("HTTP-2: comes after authentication, before scopes and arguments, and can be switched at run time", async () => {
    const emulator = await start({ seed });
    emulator.state.license = false;
    expect(
      (await callApi(emulator, "GetExplicitRepoPermission", calls.GetExplicitRepoPermission, { headers: {} }))
        .status,
    ).toBe(401);
    expect(
      (await callApi(emulator, "GetExplicitRepoPermission", { name: "bad" }, { token: "noScope" })).body.code,
    ).toBe("failed_precondition");
    emulator.state.license = true;
    expect(
      (await callApi(emulator, "GetExplicitRepoPermission", calls.GetExplicitRepoPermission)).status,
    ).toBe(200);
  });

  it("follows the seed's license flag, and the option overrides it", async () => {
    const off = await start({ seed: { ...seed, license: false } });
    expect(
      (await callApi(off, "ListExplicitRepoPermissions", calls.ListExplicitRepoPermissions)).status,
    ).toBe(400);
    const on = await start({ seed: { ...seed, license: false }, license: true });
    expect((await callApi(on, "ListExplicitRepoPermissions", calls.ListExplicitRepoPermissions)).status).toBe(
      200,
    );
  });
});
