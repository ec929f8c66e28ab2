import { describe, expect, it } from "vitest";
import { expectNoWriteTwice, gridInstance, useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

describe("under injected faults", () => {
  it("20% failures, lost answers included: one apply ends in exactly the desired state, no write applied twice", async () => {
    // 40 users on 30 repositories: enough operations for a fault rate to mean something, creates and deletes in each.
    const instance = gridInstance({
      users: 40,
      repositories: 30,
      prefix: "github.com/acme/big",
      current: (u, r) => (u + r) % 4 === 0,
      desired: (u, r) => (u + r) % 3 === 0,
    });
    const fixture = await start({
      seed: instance.seed,
      faults: {
        seed: 7,
        perMethod: {
          CreateExplicitRepoPermission: { rate: 0.2, kinds: { unavailable: 1, reset: 1, lostAnswer: 2 } },
          DeleteExplicitRepoPermission: { rate: 0.2, kinds: { unavailable: 1, reset: 1, lostAnswer: 2 } },
          ListExplicitRepoPermissions: {
            rate: 0.2,
            kinds: { unavailable: 1, rateLimited: 1 },
            retryAfterSeconds: 0,
          },
        },
      },
    });
    const input = await fixture.file("acl.ndjson", instance.acls);
    const journal = `${fixture.dir}/run.journal`;

    // One run: transient faults are retried (never failing a call while the server lives), so no --resume is needed.
    const run = await fixture.run(["apply", input, "--yes", "--max-deletes", "100%", "--journal", journal], {
      internal: { resilience: { baseDelayMs: 5, maxDelayMs: 100 } },
    });
    expect(run.stderr).not.toContain("Internal error");
    expect(run.status).toBe(0);
    for (const [id, users] of instance.desired) expect(fixture.acl(id)).toEqual(users);
    expect(fixture.emulator.faults?.log.some((fault) => fault.kind === "lostAnswer")).toBe(true);
    expect(fixture.emulator.writes.size).toBeGreaterThan(0);
    expectNoWriteTwice(fixture);
    // Verify reads under the same faults, and tells at once.
    const verify = await fixture.run(["verify", input], {
      internal: { resilience: { baseDelayMs: 5, maxDelayMs: 100 } },
    });
    expect(verify.status, verify.stderr).toBe(0);
  });
});
