import { rm } from "node:fs/promises";
import { startEmulator } from "@sgkit/emulator";
import { createPermissionsClient } from "@sgkit/permissions";
import { describe, expect, it, onTestFinished } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import { aclFingerprint } from "../plan/acl.js";
import type { PlanFile } from "../plan/plan-file.js";
import type { PlanRepository } from "../plan/plan-types.js";
import { applyPlan, drifted } from "./apply-plan.js";
import { openJournal, readJournal } from "./journal-file.js";

const observed = [1, 2, 3];
const planned: PlanRepository = {
  repository: 9,
  name: "github.com/acme/api",
  source: "acl.ndjson:1",
  observed: { count: observed.length, fingerprint: aclFingerprint(observed) },
  desired: 3,
  create: [{ user: 4, label: "dave" }],
  delete: [{ user: 1, label: "alice" }],
};

describe("drifted", () => {
  it.each([
    ["as planned", [1, 2, 3]],
    ["with the create done (an interrupted run)", [1, 2, 3, 4]],
    ["with the delete done", [2, 3]],
    ["with both done", [2, 3, 4]],
  ])("accepts the ACL %s", (_name, current) => {
    expect(drifted(planned, new Set(current))).toBe(false);
  });

  it.each([
    ["someone added a user", [1, 2, 3, 5]],
    ["someone removed a user the plan keeps", [1, 3]],
    ["both", [1, 3, 5]],
    ["emptied", []],
  ])("refuses the ACL when %s", (_name, current) => {
    expect(drifted(planned, new Set(current))).toBe(true);
  });
});

describe("applyPlan and its journal", () => {
  const tmp = useTempDir({ perTest: true });
  const TOKEN = "apply-plan-test-token";

  /** An emulator where r9 has alice (1), bob (2), carol (3); a client on it; and a one-repository plan. */
  async function setup() {
    const emulator = await startEmulator({
      listen: false,
      seed: {
        users: [
          { id: 50, username: "admin", siteAdmin: true },
          ...[1, 2, 3, 4].map((id) => ({ id, username: `user${id}` })),
        ],
        repositories: [{ id: 9, name: "github.com/acme/api" }],
        permissions: observed.map((user) => ({ repository: 9, user })),
        tokens: [
          { name: "admin", user: 50, scopes: ["externalapi:read", "externalapi:write"], value: TOKEN },
        ],
      },
    });
    onTestFinished(() => emulator.stop());
    const permissions = createPermissionsClient({
      endpoint: "https://sourcegraph.example.com",
      token: TOKEN,
      fetch: emulator.fetch,
      retry: false,
    });
    const plan: PlanFile = {
      path: tmp.path("plan.json"),
      header: {
        format: "sgkit-migrate-plan",
        version: 1,
        createdAt: "2026-12-01T10:00:00.000Z",
        endpoint: "https://sourcegraph.example.com",
        bindId: "username",
        inputs: [],
      },
      trailer: {
        unknown: [],
        totals: {
          repositories: 1,
          changed: 1,
          create: 1,
          delete: 1,
          unchanged: 2,
          currentGrants: 3,
          emptied: 0,
          unknownRepositories: 0,
          unknownUsers: 0,
        },
        planId: "a".repeat(64),
      },
      async *repositories() {
        yield planned;
      },
    };
    const options = {
      permissions,
      concurrency: 2,
      journalPath: tmp.path("plan.json.journal"),
      resume: false,
      runId: plan.trailer.planId,
      calls: () => ({}),
    };
    return { emulator, plan, options };
  }

  it("finishes its journal when everything is done and read back, and then refuses to apply or resume it again", async () => {
    const { emulator, plan, options } = await setup();
    const report = await applyPlan(plan, options);
    expect(report).toMatchObject({
      created: 1,
      deleted: 1,
      finished: true,
      interrupted: false,
      conflicts: [],
    });
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(2);
    const journal = await readJournal(options.journalPath);
    expect(journal.finishedAt).toBeDefined();
    await expect(applyPlan(plan, options)).rejects.toThrow(
      `${options.journalPath}: this plan was applied already, to its end`,
    );
    await expect(applyPlan(plan, { ...options, resume: true })).rejects.toThrow(
      "a finished journal is never resumed",
    );
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(2);
  });

  it("refuses another plan's journal, and an unfinished one without resume, before any call", async () => {
    const { emulator, plan, options } = await setup();
    const other = await openJournal(options.journalPath, { planId: "b".repeat(64) }, { resume: false });
    await other.close();
    await expect(applyPlan(plan, { ...options, resume: true })).rejects.toThrow(
      `this journal is for plan bbbbbbbbbbbb…, not this one (aaaaaaaaaaaa…)`,
    );
    await rm(options.journalPath);
    const mine = await openJournal(options.journalPath, { planId: plan.trailer.planId }, { resume: false });
    await mine.close();
    await expect(applyPlan(plan, options)).rejects.toThrow(
      "an apply of this plan stopped before the end (0 repositories completed); continue it with --resume",
    );
    expect(emulator.counters.total()).toBe(0);
    await expect(applyPlan(plan, { ...options, resume: true })).resolves.toMatchObject({ finished: true });
  });

  it("with stop already aborted, starts no call and reports what is left", async () => {
    const { emulator, plan, options } = await setup();
    const report = await applyPlan(plan, { ...options, stop: AbortSignal.abort() });
    expect(report).toMatchObject({ interrupted: true, finished: false, notStarted: 2, created: 0 });
    expect(emulator.counters.total()).toBe(0);
    expect((await readJournal(options.journalPath)).finishedAt).toBeUndefined();
  });
});
