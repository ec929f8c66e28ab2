import { describe, expect, it } from "vitest";
import { gridInstance, useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

describe("apply's guardrails refuse before any write", () => {
  it("--max-deletes: 5% of the current grants and at least 10 by default; plan says when apply will refuse", async () => {
    // One repository with 12 grants, of which the inputs keep 1: 11 deletes, over 5% of 12 (0) and over 10.
    const grid = gridInstance({
      users: 12,
      repositories: 1,
      prefix: "github.com/acme/g",
      current: () => true,
      desired: (user) => user === 0,
    });
    const fixture = await start({ seed: grid.seed });
    const input = await fixture.file("acl.ndjson", grid.acls);
    const plan = `${fixture.dir}/plan.json`;
    const planned = await fixture.run(["plan", input, "--out", plan]);
    expect(planned.status).toBe(2);
    expect(planned.stdout).toContain(
      "apply will refuse 11 deletes: more than the default --max-deletes allows (5% of the 12 current grants = 0, at least 10); pass --max-deletes 11 if they are meant.",
    );
    const refused = await fixture.run(["apply", plan]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      "deletes 11 permissions, more than --max-deletes allows (5% of the 12 current grants = 0, at least 10)",
    );
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });

    const counted = await fixture.run(["apply", plan, "--max-deletes", "11"]);
    expect(counted.status).toBe(0);
    expect(fixture.acl(1)).toEqual(["u0"]);
  });

  it("--max-deletes: the default's floor lets a small instance lose a grant, and a count of 0 refuses it", async () => {
    const fixture = await start();
    // r1 loses bob: 1 delete of 2 current grants = 50%, under the default's floor of 10.
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r1", "users": ["alice"]}\n',
    );
    const plan = `${fixture.dir}/plan.json`;
    const planned = await fixture.run(["plan", input, "--out", plan]);
    expect(planned.status).toBe(2);
    expect(planned.stdout).not.toContain("apply will refuse");
    const refused = await fixture.run(["apply", plan, "--max-deletes", "0"]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("deletes 1 permission, more than --max-deletes allows (0)");
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(fixture.acl(1)).toEqual(["alice", "bob"]);

    const allowed = await fixture.run(["apply", plan, "--journal", `${fixture.dir}/j1`]);
    expect(allowed.status).toBe(0);
    expect(fixture.acl(1)).toEqual(["alice"]);
  });

  it("--max-deletes with a percentage", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r1", "users": ["alice"]}\n',
    );
    expect(
      (await fixture.run(["apply", input, "--yes", "--max-deletes", "49%", "--journal", `${fixture.dir}/j`]))
        .status,
    ).toBe(1);
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(
      (await fixture.run(["apply", input, "--yes", "--max-deletes", "50%", "--journal", `${fixture.dir}/j2`]))
        .status,
    ).toBe(0);
    expect(fixture.acl(1)).toEqual(["alice"]);
  });

  it("emptying an ACL needs --allow-empty", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", '{"repository": "github.com/acme/r2", "users": []}\n');
    const refused = await fixture.run([
      "apply",
      input,
      "--yes",
      "--max-deletes",
      "100%",
      "--journal",
      `${fixture.dir}/j`,
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("empties the ACL of 1 repository");
    expect(refused.stderr).toContain("github.com/acme/r2");
    expect(fixture.acl(2)).toEqual(["carol"]);
    const allowed = await fixture.run([
      "apply",
      input,
      "--yes",
      "--max-deletes",
      "100%",
      "--allow-empty",
      "--journal",
      `${fixture.dir}/j2`,
    ]);
    expect(allowed.status).toBe(0);
    expect(fixture.acl(2)).toEqual([]);
  });

  it("--max-plan-age refuses an old plan, saying its age in the units the user gave", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const plan = `${fixture.dir}/plan.json`;
    const t0 = Date.parse("2026-11-23T10:00:00Z");
    expect((await fixture.run(["plan", input, "--out", plan], { now: () => t0 })).status).toBe(2);
    const old = await fixture.run(["apply", plan, "--max-plan-age", "2h"], { now: () => t0 + 3 * 3_600_000 });
    expect(old.status).toBe(1);
    expect(old.stderr).toContain("The plan is 3 hours old, older than --max-plan-age 2h: re-run plan");
    const minutes = await fixture.run(["apply", plan, "--max-plan-age", "90m"], {
      now: () => t0 + 2 * 3_600_000,
    });
    expect(minutes.stderr).toContain("The plan is 120 minutes old, older than --max-plan-age 90m:");
    expect(fixture.writes().create).toBe(0);
    const fresh = await fixture.run(["apply", plan, "--max-plan-age", "3h"], {
      now: () => t0 + 3 * 3_600_000,
    });
    expect(fresh.status).toBe(0);
    expect(fixture.acl(5)).toEqual(["erin"]);
  });

  it("refuses a plan made against another instance", async () => {
    const fixture = await start();
    const other = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const plan = `${fixture.dir}/plan.json`;
    expect((await fixture.run(["plan", input, "--out", plan])).status).toBe(2);
    const refused = await other.run(["apply", plan]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`made against ${fixture.emulator.url}, not ${other.emulator.url}`);
    expect(other.writes().create).toBe(0);
  });

  it("apply with input files needs --yes", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const refused = await fixture.run(["apply", input]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("pass --yes");
    expect(fixture.writes().create).toBe(0);
  });

  it("refuses a repository whose ACL drifted since the plan, and applies the others", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r4", "users": ["alice"]}\n{"repository": "github.com/acme/r5", "users": ["bob"]}\n',
    );
    const plan = `${fixture.dir}/plan.json`;
    expect((await fixture.run(["plan", input, "--out", plan])).status).toBe(2);
    fixture.emulator.state.permissions.add(4, 14);
    const apply = await fixture.run(["apply", plan]);
    expect(apply.status).toBe(1);
    expect(apply.stdout).toContain(
      "skipped github.com/acme/r4 (1 operation): its ACL changed since the plan was made",
    );
    expect(fixture.acl(4)).toEqual(["erin"]);
    expect(fixture.acl(5)).toEqual(["bob"]);
  });

  it("a plan is applied once: a second apply, with or without --resume, names the finished journal and writes nothing", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const plan = `${fixture.dir}/plan.json`;
    await fixture.run(["plan", input, "--out", plan]);
    expect((await fixture.run(["apply", plan])).status).toBe(0);
    const again = await fixture.run(["apply", plan]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`${plan}.journal: this plan was applied already, to its end`);
    const resumed = await fixture.run(["apply", plan, "--resume"]);
    expect(resumed.status).toBe(1);
    expect(resumed.stderr).toContain("a finished journal is never resumed");
    expect(resumed.stderr).toContain("run verify to see how, then plan again");
    expect(fixture.writes().create).toBe(1);
  });
});
