import { describe, expect, it } from "vitest";
import { useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

// Desired: r1 = alice, carol (bob goes, carol comes); r2 = carol (unchanged); r3 = alice, dave, erin (erin comes).
const NDJSON = [
  '{"repository": "github.com/acme/r1", "users": ["alice", "carol"]}',
  '{"repository": "github.com/acme/r2", "users": ["carol"]}',
  '{"repository": 3, "users": ["alice", "dave", "erin"]}',
].join("\n");

const EXPECTED = { 1: ["alice", "carol"], 2: ["carol"], 3: ["alice", "dave", "erin"] };

describe("plan, apply, verify", () => {
  it("plans the minimal diff, applies exactly it, and verifies (exit codes 2, 0, 0)", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", NDJSON);
    const planPath = `${fixture.dir}/plan.json`;

    const plan = await fixture.run(["plan", input, "--out", planPath]);
    expect(plan.stderr).toContain("Saved the plan");
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain("~ github.com/acme/r1 (");
    expect(plan.stdout).toContain("    + carol");
    expect(plan.stdout).toContain("    - bob");
    expect(plan.stdout).toContain("    + erin");
    expect(plan.stdout).not.toContain("github.com/acme/r2");
    expect(plan.stdout).toContain("Plan: 2 to create, 1 to delete, in 2 of 3 repositories");
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });

    const apply = await fixture.run(["apply", planPath, "--max-deletes", "1"]);
    expect(apply.status).toBe(0);
    expect(apply.stdout).toContain(
      "Apply: 2 created, 1 deleted, 0 already done, 0 failed, 0 repositories skipped",
    );
    expect(fixture.writes()).toEqual({ create: 2, delete: 1 });
    for (const [id, users] of Object.entries(EXPECTED)) expect(fixture.acl(Number(id))).toEqual(users);

    const verify = await fixture.run(["verify", input]);
    expect(verify.status).toBe(0);
    expect(verify.stderr).toContain("In sync");

    const again = await fixture.run(["plan", input]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("No changes");
  });

  it.each([
    [
      "JSON array",
      "acl.json",
      JSON.stringify(
        NDJSON.split("\n").map((line) => JSON.parse(line)),
        null,
        2,
      ),
    ],
    [
      "CSV",
      "acl.csv",
      "repository,user\ngithub.com/acme/r1,alice\ngithub.com/acme/r2,carol\ngithub.com/acme/r1,carol\n3,alice\n3,dave\n3,erin\n",
    ],
    [
      "legacy mutation variables (NDJSON)",
      "acl.ndjson",
      [
        '{"repository": "UmVwb3NpdG9yeTox", "userPermissions": [{"bindID": "alice"}, {"bindID": "carol", "permission": "READ"}]}',
        '{"repository": "UmVwb3NpdG9yeToy", "userPermissions": [{"bindID": "carol"}]}',
        '{"repository": "UmVwb3NpdG9yeToz", "userPermissions": [{"bindID": "alice"}, {"bindID": "dave"}, {"bindID": "erin"}, {"bindID": "  "}]}',
      ].join("\n"),
    ],
  ])("reads %s to the same result with apply --yes", async (_name, fileName, text) => {
    const fixture = await start();
    const input = await fixture.file(fileName, text);
    const apply = await fixture.run([
      "apply",
      input,
      "--yes",
      "--max-deletes",
      "20%",
      "--journal",
      `${fixture.dir}/run.journal`,
    ]);
    expect(apply.stderr).not.toContain("Internal error");
    expect(apply.status).toBe(0);
    for (const [id, users] of Object.entries(EXPECTED)) expect(fixture.acl(Number(id))).toEqual(users);
    expect(fixture.writes()).toEqual({ create: 2, delete: 1 });
    expect((await fixture.run(["verify", input])).status).toBe(0);
  });

  it("lets the last record of a repository win, across files and reference forms", async () => {
    const fixture = await start();
    const first = await fixture.file(
      "a.ndjson",
      '{"repository": "github.com/acme/r4", "users": ["alice", "bob"]}\n',
    );
    const second = await fixture.file("b.ndjson", '{"repository": "UmVwb3NpdG9yeTo0", "users": ["erin"]}\n');
    const apply = await fixture.run([
      "apply",
      first,
      second,
      "--yes",
      "--journal",
      `${fixture.dir}/run.journal`,
    ]);
    expect(apply.status).toBe(0);
    expect(fixture.acl(4)).toEqual(["erin"]);
  });

  it("verify exits 2 with the diff when the instance drifted", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r2", "users": ["carol"]}\n',
    );
    expect((await fixture.run(["verify", input])).status).toBe(0);
    fixture.emulator.state.permissions.add(2, 14);
    const verify = await fixture.run(["verify", input]);
    expect(verify.status).toBe(2);
    expect(verify.stdout).toContain("    - erin");
    const json = await fixture.run(["verify", input, "--json"]);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ inSync: false, totals: { delete: 1, create: 0 } });
  });

  it("plan --json prints one JSON document on stdout", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", NDJSON);
    const plan = await fixture.run(["plan", input, "--json"]);
    expect(plan.status).toBe(2);
    const document = JSON.parse(plan.stdout);
    expect(document.totals).toMatchObject({
      repositories: 3,
      changed: 2,
      create: 2,
      delete: 1,
      unchanged: 4,
    });
    expect(document.inputs[0]).toMatchObject({ format: "ndjson", bytes: NDJSON.length });
  });

  it("export writes the current ACLs as an input that plans to no changes", async () => {
    const fixture = await start();
    const out = `${fixture.dir}/backup.ndjson`;
    const exported = await fixture.run(["export", "--out", out]);
    expect(exported.status).toBe(0);
    const lines = (await fixture.read("backup.ndjson"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { repository: "github.com/acme/r1", users: ["alice", "bob"] },
      { repository: "github.com/acme/r2", users: ["carol"] },
      { repository: "github.com/acme/r3", users: ["alice", "dave"] },
      { repository: "github.com/acme/r4", users: [] },
      { repository: "github.com/acme/r5", users: [] },
    ]);
    expect((await fixture.run(["plan", out])).status).toBe(0);
    const csv = await fixture.run(["export", "--format", "csv"]);
    expect(csv.stdout.split("\n").slice(0, 3)).toEqual([
      "repository,user",
      "github.com/acme/r1,alice",
      "github.com/acme/r1,bob",
    ]);
  });

  it("--format reads a file whatever its extension", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.txt", NDJSON);
    const plan = await fixture.run(["plan", input, "--format", "ndjson", "--json"]);
    expect(plan.status).toBe(2);
    expect(JSON.parse(plan.stdout).totals).toMatchObject({ create: 2, delete: 1 });
  });

  it("--max-rps spaces the calls out: 6 calls at 20/s (a burst of 2) take about 200 ms at least", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["alice", "bob", "carol", "dave", "erin"]}\n',
    );
    const plan = `${fixture.dir}/plan.json`;
    expect((await fixture.run(["plan", input, "--out", plan])).status).toBe(2);
    const apply = await fixture.run(["apply", plan, "--max-rps", "20", "--json"]);
    expect(apply.status).toBe(0);
    const report = JSON.parse(apply.stdout);
    expect(report).toMatchObject({ created: 5, deleted: 0 });
    // One List and five Creates; the limiter lets 2 through at once, then one every 50 ms: 200 ms, less a few
    // for the millisecond clocks on each side.
    expect(report.durationMs).toBeGreaterThanOrEqual(190);
    expect(fixture.acl(5)).toEqual(["alice", "bob", "carol", "dave", "erin"]);
  });
});
