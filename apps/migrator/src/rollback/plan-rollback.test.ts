import { readFile } from "node:fs/promises";
import { startEmulator } from "@sgkit/emulator";
import { createGraphQLClient } from "@sgkit/graphql";
import { createPermissionsClient } from "@sgkit/permissions";
import { describe, expect, it, onTestFinished } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import { MigratorError } from "../migrator-error.js";
import type { PlanRepository } from "../plan/plan-types.js";
import { planRollback } from "./plan-rollback.js";

const tmp = useTempDir({ perTest: true });

/** An emulator where repository 1 has `current` users (ids 10…), and the clients the rollback reads it with. */
async function instance(current: readonly number[]) {
  const emulator = await startEmulator({
    listen: false,
    seed: {
      license: true,
      users: [
        { id: 1, username: "admin", siteAdmin: true, rbac: ["REPO_PERMISSIONS#READ"] },
        ...[10, 11, 12, 13].map((id) => ({ id, username: `u${id}` })),
      ],
      repositories: [{ id: 1, name: "github.com/acme/r1" }],
      permissions: current.map((user) => ({ repository: 1, user })),
      tokens: [
        { name: "api", user: "admin", scopes: ["externalapi:read"] },
        { name: "graphql", user: "admin", scopes: ["user:all"] },
      ],
    },
  });
  onTestFinished(() => emulator.stop());
  const options = (token: string) => ({ endpoint: emulator.url, token, fetch: emulator.fetch });
  return {
    endpoint: emulator.url,
    graphql: createGraphQLClient(options(emulator.token("graphql"))),
    permissions: createPermissionsClient(options(emulator.token("api"))),
  };
}

/** A finished journal of an apply to `endpoint` recording `ops` on repository 1. */
async function journal(
  endpoint: string,
  ops: readonly { user: number; op: "create" | "delete"; outcome: "done" | "unchanged" | "failed" }[],
): Promise<string> {
  const lines = [
    {
      type: "header",
      version: 1,
      planId: "p1",
      startedAt: "2026-12-07T10:00:00.000Z",
      endpoint,
      plan: "gone.json",
    },
    ...ops.map(({ user, op, outcome }) => ({
      type: "op",
      repository: 1,
      user,
      op,
      outcome,
      ...(outcome === "failed" ? { error: "unavailable" } : {}),
    })),
    { type: "repository", repository: 1, outcome: "completed" },
    { type: "finished", at: "2026-12-07T10:01:00.000Z" },
  ];
  return tmp.write("apply.journal", `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
}

async function rollback(path: string, clients: Awaited<ReturnType<typeof instance>>) {
  const planned: PlanRepository[] = [];
  const summary = await planRollback(path, {
    ...clients,
    concurrency: 4,
    onRepository: (repository) => {
      planned.push(repository);
    },
  });
  return { summary, planned };
}

describe("planRollback", () => {
  it("inverts the apply's own writes, restores users whose calls failed, and leaves what it found in place", async () => {
    // Before the apply: 10 and 11. The apply created 12, deleted 11, created 13 with calls that all failed (yet it
    // was made: a lost answer), and found 10, whom it was to create, already there (someone else's grant).
    const clients = await instance([10, 12, 13]);
    const path = await journal(clients.endpoint, [
      { user: 12, op: "create", outcome: "done" },
      { user: 13, op: "create", outcome: "failed" },
      { user: 10, op: "create", outcome: "unchanged" },
      { user: 11, op: "delete", outcome: "done" },
    ]);
    const { summary, planned } = await rollback(path, clients);
    expect(planned).toEqual([
      {
        repository: 1,
        name: "github.com/acme/r1",
        source: `${path}:2`,
        observed: { count: 3, fingerprint: expect.any(String) },
        desired: 2,
        create: [{ user: 11, label: "u11" }],
        delete: [
          { user: 12, label: "u12" },
          { user: 13, label: "u13" },
        ],
      },
    ]);
    expect(summary.totals).toMatchObject({
      repositories: 1,
      changed: 1,
      create: 1,
      delete: 2,
      currentGrants: 3,
    });
    expect(summary.driftedCount).toBe(0);
    expect(summary.planFile).toBeUndefined();
    expect(summary.journal).toMatchObject({ planId: "p1", finishedAt: "2026-12-07T10:01:00.000Z" });
    expect(summary.journal.input).toMatchObject({
      path,
      format: "ndjson",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("leaves a failed write alone when it was not made, and reports a repository whose written user changed", async () => {
    const clients = await instance([10]);
    const failedOnly = await journal(clients.endpoint, [{ user: 13, op: "create", outcome: "failed" }]);
    const { summary, planned } = await rollback(failedOnly, clients);
    expect(planned).toEqual([]);
    expect(summary.totals).toMatchObject({ repositories: 1, changed: 0 });

    // The apply granted 12 and 13; 12 is gone since, 13 is still there: someone changed it.
    const partly = await journal(clients.endpoint, [
      { user: 12, op: "create", outcome: "done" },
      { user: 10, op: "create", outcome: "done" },
    ]);
    const drifted = await rollback(partly, clients);
    expect(drifted.planned).toEqual([]);
    expect(drifted.summary.drifted).toEqual([
      {
        repository: 1,
        name: "github.com/acme/r1",
        source: `${partly}:2`,
        reason: "changed since the apply (u12, granted by the apply, is gone): not rolled back",
      },
    ]);
  });

  it("refuses a journal of an apply to another instance, before any call", async () => {
    const clients = await instance([10]);
    const path = await journal("https://other.example.com", [{ user: 12, op: "create", outcome: "done" }]);
    const error = await planRollback(path, { ...clients, concurrency: 1, onRepository: () => {} }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(MigratorError);
    expect((error as Error).message).toContain("records an apply to https://other.example.com");
  });

  it("writes nothing to a journal it reads", async () => {
    const clients = await instance([10, 12]);
    const path = await journal(clients.endpoint, [{ user: 12, op: "create", outcome: "done" }]);
    const before = await readFile(path, "utf8");
    await rollback(path, clients);
    expect(await readFile(path, "utf8")).toBe(before);
  });
});
