import { describe, expect, it } from "vitest";
import { useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

// The instance compares usernames in any case, so two bindIDs that differ only in case are one user by username;
// legacy bindID emails are exact, so by email they are not. Either way the plan says so under the repository.
describe("bindIDs that differ only in case", () => {
  it("are one user by username: one create, and the plan says why", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["Alice", "alice"]}\n',
    );
    const planPath = `${fixture.dir}/plan.json`;
    const plan = await fixture.run(["plan", input, "--out", planPath]);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain('    (users "Alice" and "alice" differ only in case: one user)');
    expect(plan.stdout).toContain("    + Alice\n");
    expect(plan.stdout).not.toContain("    + alice");
    expect(plan.stdout).toContain("Plan: 1 to create, 0 to delete");
    const saved = JSON.parse(await fixture.read("plan.json"));
    expect(saved.repositories).toEqual([
      expect.objectContaining({
        repository: 5,
        create: [{ user: 10, label: "Alice" }],
        caseOnly: [{ bindIds: ["Alice", "alice"], oneUser: true }],
      }),
    ]);

    expect((await fixture.run(["apply", planPath])).status).toBe(0);
    expect(fixture.acl(5)).toEqual(["alice"]);
    expect(fixture.writes()).toEqual({ create: 1, delete: 0 });
  });

  it("are not one user by email: only the exact email is the user's, and the plan says so", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["Alice@example.com", "alice@example.com"]}\n',
    );
    const plan = await fixture.run(["plan", input, "--bind-id", "email", "--on-unknown", "skip"]);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain(
      '    (emails "Alice@example.com" and "alice@example.com" differ only in case: not one user, as bindID emails are exact)',
    );
    expect(plan.stdout).toContain("    + alice@example.com\n");
    expect(plan.stdout).not.toContain("    + Alice@example.com");
    expect(plan.stdout).toContain("Plan: 1 to create, 0 to delete");
    expect(plan.stdout).toContain('user "Alice@example.com" on github.com/acme/r5');
  });

  it("are noted only when there are some", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["alice", "bob"]}\n',
    );
    const plan = await fixture.run(["plan", input]);
    expect(plan.status).toBe(2);
    expect(plan.stdout).not.toContain("differ only in case");
  });
});
