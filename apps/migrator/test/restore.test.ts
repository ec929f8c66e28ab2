import { describe, expect, it } from "vitest";
import { aclSnapshot, useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();

describe("export is a restore point", () => {
  it("writes every repository, one without grants as users: [], and applying it undoes a change exactly", async () => {
    const fixture = await start();
    const before = aclSnapshot(fixture);
    const backup = `${fixture.dir}/backup.ndjson`;
    const exported = await fixture.run(["export", "--out", backup]);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toContain(
      'Exported 5 grants of 5 repositories (2 without grants, written as "users": [])',
    );
    expect(exported.stderr).toContain(`sgkit-migrate apply ${backup} --yes --allow-empty`);
    const records = (await fixture.read("backup.ndjson"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records).toEqual([
      { repository: "github.com/acme/r1", users: ["alice", "bob"] },
      { repository: "github.com/acme/r2", users: ["carol"] },
      { repository: "github.com/acme/r3", users: ["alice", "dave"] },
      { repository: "github.com/acme/r4", users: [] },
      { repository: "github.com/acme/r5", users: [] },
    ]);

    // The change: grants and revokes, r3 emptied, and grants on r4, which had none.
    const change = await fixture.file(
      "change.ndjson",
      [
        '{"repository": "github.com/acme/r1", "users": ["alice", "carol"]}',
        '{"repository": "github.com/acme/r2", "users": ["carol", "erin"]}',
        '{"repository": "github.com/acme/r3", "users": []}',
        '{"repository": "github.com/acme/r4", "users": ["alice", "erin"]}',
      ].join("\n"),
    );
    const changed = await fixture.run([
      "apply",
      change,
      "--yes",
      "--allow-empty",
      "--journal",
      `${fixture.dir}/change.journal`,
    ]);
    expect(changed.status).toBe(0);
    expect(aclSnapshot(fixture)).not.toEqual(before);
    expect(fixture.acl(4)).toEqual(["alice", "erin"]);

    // The default --max-deletes (5%, at least 10) lets this small restore's 4 deletes through.
    const restored = await fixture.run([
      "apply",
      backup,
      "--yes",
      "--allow-empty",
      "--journal",
      `${fixture.dir}/restore.journal`,
    ]);
    expect(restored.status).toBe(0);
    expect(aclSnapshot(fixture)).toEqual(before);
    expect((await fixture.run(["verify", backup])).status).toBe(0);
  });

  it("writes a repository without grants as a row with no user in CSV, which restores it too", async () => {
    const fixture = await start();
    const before = aclSnapshot(fixture);
    const backup = `${fixture.dir}/backup.csv`;
    expect((await fixture.run(["export", "--out", backup])).status).toBe(0);
    const text = await fixture.read("backup.csv");
    expect(text).toContain("github.com/acme/r4,\n");
    expect(text).toContain("github.com/acme/r5,\n");
    const change = await fixture.file(
      "change.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["bob"]}\n',
    );
    expect(
      (await fixture.run(["apply", change, "--yes", "--journal", `${fixture.dir}/c.journal`])).status,
    ).toBe(0);
    expect(fixture.acl(5)).toEqual(["bob"]);
    const restored = await fixture.run([
      "apply",
      backup,
      "--yes",
      "--allow-empty",
      "--journal",
      `${fixture.dir}/r.journal`,
    ]);
    expect(restored.status).toBe(0);
    expect(aclSnapshot(fixture)).toEqual(before);
  });
});
