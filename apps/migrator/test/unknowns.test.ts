import { describe, expect, it } from "vitest";
import { useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

const INPUT = [
  '{"repository": "github.com/acme/r4", "users": ["alice", "zoe"]}',
  '{"repository": "github.com/acme/nope", "users": ["bob"]}',
  '{"repository": "github.com/acme/r5", "users": ["erin"]}',
].join("\n");

describe("unknown repositories and users", () => {
  it("fail by default, with file and line, before anything is read or written", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", INPUT);
    const plan = await fixture.run(["plan", input]);
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain(`${input}:2: unknown repository "github.com/acme/nope"`);
    expect(plan.stderr).toContain(`${input}:1: unknown user "zoe" (repository github.com/acme/r4)`);
    expect(plan.stderr).toContain("--on-unknown skip");
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
    const apply = await fixture.run(["apply", input, "--yes", "--journal", `${fixture.dir}/j`]);
    expect(apply.status).toBe(1);
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
  });

  it("with --on-unknown skip are reported, and unknown users kept in a pending file that a later run applies", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", INPUT);
    const planPath = `${fixture.dir}/plan.json`;
    const plan = await fixture.run(["plan", input, "--out", planPath, "--on-unknown", "skip"]);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain("Skipped: 1 unknown repository, 1 grant to an unknown user (pending)");
    expect(plan.stdout).toContain(`${input}:1: user "zoe" on github.com/acme/r4`);
    expect(plan.stderr).toContain(`${planPath}.pending.ndjson`);
    const pending = (await fixture.read("plan.json.pending.ndjson"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(pending).toEqual([{ repository: "github.com/acme/r4", users: ["alice", "zoe"] }]);

    expect((await fixture.run(["apply", planPath])).status).toBe(0);
    expect(fixture.acl(4)).toEqual(["alice"]);
    expect(fixture.acl(5)).toEqual(["erin"]);

    // zoe signs up; the pending file now applies her grant.
    fixture.emulator.state.addUser({
      id: 99,
      username: "zoe",
      email: "zoe@example.com",
      siteAdmin: false,
      rbac: new Set(),
    });
    const later = await fixture.run([
      "apply",
      `${planPath}.pending.ndjson`,
      "--yes",
      "--journal",
      `${fixture.dir}/j2`,
    ]);
    expect(later.status).toBe(0);
    expect(fixture.acl(4)).toEqual(["alice", "zoe"]);
  });

  // GraphQL's user(email:) matches in any case (user_emails.email is citext), but the documentation keeps legacy
  // bindID emails exact: Bob@example.com is not bob@example.com's owner, and stays unknown as the legacy API left it.
  it("resolves bindIDs as emails with --bind-id email, exactly as the documentation says", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin@example.com", "Bob@example.com", "nobody@example.com"]}\n',
    );
    const plan = await fixture.run(["plan", input, "--bind-id", "email", "--on-unknown", "skip"]);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain("    + erin@example.com");
    expect(plan.stdout).not.toContain("    + Bob@example.com");
    expect(plan.stdout).toContain('user "Bob@example.com" on github.com/acme/r5');
    expect(plan.stdout).toContain('user "nobody@example.com" on github.com/acme/r5');
  });
});
