import { describe, expect, it } from "vitest";
import { startEmulator } from "../server/start-emulator.js";
import { DOCUMENTED_IDS, documentedSeed } from "./documented-seed.js";
import { loadSeed } from "./load-seed.js";
import { validateSeed } from "./validate-seed.js";

describe("documentedSeed", () => {
  it("holds the documentation's ids and the bulk users and repositories", () => {
    const state = loadSeed(documentedSeed());
    expect(state.repositories.byId(123)?.name).toBe("github.com/acme/api");
    expect(state.users.byId(456)).toMatchObject({ username: "alice", email: "alice@example.com" });
    expect(state.users.byId(DOCUMENTED_IDS.carol)?.email).toBe("Carol@Example.com");
    expect(state.users.byId(1249)?.username).toBe("user1249");
    expect(state.repositories.byId(2249)?.name).toBe("github.com/bulk/repo2249");
    expect(state.permissions.pairs()).toEqual([{ repositoryId: 124, userId: 456 }]);
    expect([DOCUMENTED_IDS.bulkUsers.length, DOCUMENTED_IDS.bulkRepositories.length]).toEqual([250, 250]);
    expect(Object.isFrozen(DOCUMENTED_IDS.bulkUsers)).toBe(true);
  });

  it("has one token per way of being refused by the HTTP API, by scope or RBAC, on reads or writes", async () => {
    const emulator = await startEmulator({ listen: false, seed: documentedSeed() });
    try {
      const call = async (token: string, method: string, body: object) => {
        const response = await emulator.fetch(
          `${emulator.url}/api/explicitrepopermissions.v1.Service/${method}`,
          {
            method: "POST",
            headers: { Authorization: `Bearer ${emulator.token(token)}`, "Content-Type": "application/json" },
            body: JSON.stringify(body),
          },
        );
        const answer = (await response.json()) as { code?: string };
        return answer.code ?? "ok";
      };
      const outcomes: Record<string, [read: string, write: string]> = {};
      for (const token of Object.keys(emulator.tokens)) {
        const read = await call(token, "ListExplicitRepoPermissions", { parent: "repositories/123" });
        // Granting and revoking user 457 on 123 leaves the state as it was, so every token starts alike.
        const write = await call(token, "CreateExplicitRepoPermission", {
          parent: "repositories/123",
          explicit_repo_permission: { user: "users/457" },
        });
        if (write === "ok") emulator.state.permissions.delete(123, 457);
        outcomes[token] = [read, write];
      }
      expect(outcomes).toEqual({
        admin: ["ok", "ok"],
        readScopeOnly: ["ok", "permission_denied"],
        writeScopeOnly: ["permission_denied", "ok"],
        noRbac: ["permission_denied", "permission_denied"],
        readRbacOnly: ["ok", "permission_denied"],
        userAll: ["ok", "ok"],
      });
      // The legacy token is accepted, and every use of it audit-logged.
      expect(emulator.state.audit.entries.map((entry) => [entry.token, entry.method])).toEqual([
        ["userAll", "ListExplicitRepoPermissions"],
        ["userAll", "CreateExplicitRepoPermission"],
      ]);
    } finally {
      await emulator.stop();
    }
  });

  it("adds what it is given, in place of a documented user, repository or token with the same id or name", () => {
    const seed = documentedSeed({
      license: false,
      bindID: "email",
      repositories: [
        { id: 123, name: "github.com/acme/api", files: { "main.go": "package main\n" } },
        { id: 126, name: "github.com/acme/secrets" },
      ],
      tokens: [{ name: "bob", user: "bob", scopes: ["user:all"] }],
      permissions: [{ repository: 126, user: "bob" }],
      orgs: [{ id: 1, name: "acme", members: ["alice"] }],
    });
    expect(() => validateSeed(seed)).not.toThrow();
    expect(seed).toMatchObject({ license: false, bindID: "email" });
    expect(seed.repositories?.slice(0, 3).map((repository) => [repository.id, repository.files])).toEqual([
      [123, { "main.go": "package main\n" }],
      [124, undefined],
      [125, undefined],
    ]);
    expect(seed.repositories?.at(-1)).toEqual({ id: 126, name: "github.com/acme/secrets" });
    expect(seed.repositories).toHaveLength(254);
    expect(seed.tokens?.map((token) => token.name)).toEqual([
      "admin",
      "readScopeOnly",
      "writeScopeOnly",
      "noRbac",
      "readRbacOnly",
      "userAll",
      "bob",
    ]);
    expect(seed.permissions).toEqual([
      { repository: 124, user: 456 },
      { repository: 126, user: "bob" },
    ]);
    expect(seed.orgs).toEqual([{ id: 1, name: "acme", members: ["alice"] }]);
    // Nothing given, nothing added: the documented instance alone.
    expect(Object.keys(documentedSeed()).sort()).toEqual([
      "license",
      "permissions",
      "repositories",
      "tokens",
      "users",
    ]);
  });
});
