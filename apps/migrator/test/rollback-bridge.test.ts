import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { encodeNodeId } from "@sgkit/graphql";
import { describe, expect, it } from "vitest";
import { LEGACY_MUTATION, startBridgeCli } from "./support/bridge-cli.js";
import { migrationEnv } from "./support/migration-admin.js";
import { aclSnapshot, type MigratorFixture, useMigratorFixture } from "./support/migrator-fixture.js";

// `rollback <bridge journal>`: a bridge's journal is apply's format (header `command: "bridge"`), rolled back once
// the bridge has stopped (its stop recorded in the journal, or its process gone), refused while it runs.

const start = useMigratorFixture();

/** `sgkit-migrate bridge`, in-process, until `stop` is called. */
async function startBridge(fixture: MigratorFixture, journal: string) {
  const bridge = await startBridgeCli(
    { ...migrationEnv(fixture.emulator), XDG_STATE_HOME: fixture.stateDir },
    ["--journal", journal],
  );
  return {
    /** Sends the legacy mutation as a script would, and expects the legacy answer. */
    async call(repository: number, users: readonly string[]): Promise<void> {
      const answer = await fetch(`${bridge.url}/.api/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `token ${fixture.emulator.token("adminGraphql")}`,
        },
        body: JSON.stringify({
          query: LEGACY_MUTATION,
          variables: {
            repository: encodeNodeId("Repository", repository),
            userPermissions: users.map((bindID) => ({ bindID })),
          },
        }),
      });
      expect(await answer.json()).toEqual({
        data: { setRepositoryPermissionsForUsers: { alwaysNil: null } },
      });
    },
    stop: (): Promise<{ status: number; stderr: string }> => bridge.stop(),
  };
}

/** A pid no process has: one that ran and exited. */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid as number;
}

describe("rollback <bridge journal>", () => {
  it("refuses the journal of a running bridge, then once it stopped inverts every write it made: the instance is exactly as before its calls", async () => {
    const fixture = await start();
    // The seed: r1 alice, bob; r2 carol; r3 alice, dave; r4 and r5 none.
    const before = aclSnapshot(fixture);
    const journal = join(fixture.dir, "bridge.journal");
    const bridge = await startBridge(fixture, journal);
    // r1 is written three times: bob revoked then granted back, alice revoked, carol granted, then dave granted.
    await bridge.call(1, ["alice", "carol"]);
    await bridge.call(1, ["carol", "bob"]);
    await bridge.call(1, ["bob", "carol", "dave"]);
    await bridge.call(2, ["erin"]);
    await bridge.call(3, []);
    await bridge.call(4, ["alice"]);
    const after = aclSnapshot(fixture);
    expect(after).not.toEqual(before);

    const writes = fixture.writes();
    const running = await fixture.run(["rollback", journal, "--yes", "--allow-empty"]);
    expect(running.status).toBe(1);
    expect(running.stderr).toContain(
      `${journal}: the bridge writing this journal is still running (pid ${process.pid}`,
    );
    expect(running.stderr).toContain("Stop it first");
    expect(running.stderr).not.toContain("--resume");
    expect(fixture.writes()).toEqual(writes);

    const stopped = await bridge.stop();
    expect(stopped.status, stopped.stderr).toBe(0);
    const lines = (await readFile(journal, "utf8")).trimEnd().split("\n");
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ type: "finished" });

    // A bridge that crashed (no stop recorded, its process gone) is rolled back, with a warning; one on another
    // machine, which this one cannot check, is refused.
    const header = JSON.parse(lines[0] as string);
    expect(header).toMatchObject({ command: "bridge", pid: process.pid, host: expect.any(String) });
    const crashed = join(fixture.dir, "crashed.journal");
    await writeFile(
      crashed,
      `${[JSON.stringify({ ...header, pid: exitedPid() }), ...lines.slice(1, -1)].join("\n")}\n`,
    );
    const onCrashed = await fixture.run(["rollback", crashed]);
    expect(onCrashed.status, onCrashed.stderr).toBe(2);
    expect(onCrashed.stderr).toContain("stopped without recording its stop");
    expect(onCrashed.stdout).toContain("Rollback: 4 to create, 4 to delete, in 4 of 4 repositories");
    const elsewhere = join(fixture.dir, "elsewhere.journal");
    await writeFile(
      elsewhere,
      `${[JSON.stringify({ ...header, host: "another-host.invalid" }), ...lines.slice(1, -1)].join("\n")}\n`,
    );
    const onElsewhere = await fixture.run(["rollback", elsewhere]);
    expect(onElsewhere.status).toBe(1);
    expect(onElsewhere.stderr).toContain("ran on another-host.invalid");
    expect(fixture.writes()).toEqual(writes);

    const rolledBack = await fixture.run(["rollback", journal, "--yes", "--allow-empty"]);
    expect(rolledBack.status, rolledBack.stderr).toBe(0);
    expect(rolledBack.stderr).toContain("A bridge has no plan: only the users it wrote were checked");
    // The inverse of the net writes only: r1 alice back, carol and dave gone (bob, revoked and granted back, is
    // left as he is); r2 carol back, erin gone; r3 alice and dave back; r4 alice gone.
    expect(rolledBack.stdout).toContain("Apply: 4 created, 4 deleted");
    expect(aclSnapshot(fixture)).toEqual(before);

    // Rolled back already: nothing left to do.
    const again = await fixture.run(["rollback", journal]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("Nothing to roll back");
  });

  it("leaves alone a repository changed since the bridge's calls, naming it", async () => {
    const fixture = await start();
    const journal = join(fixture.dir, "bridge.journal");
    const bridge = await startBridge(fixture, journal);
    await bridge.call(2, ["dave", "erin"]);
    await bridge.call(4, ["alice"]);
    expect((await bridge.stop()).status).toBe(0);
    // Someone else revokes erin, whom the bridge granted on r2.
    const other = await fixture.file(
      "other.ndjson",
      '{"repository": "github.com/acme/r2", "users": ["dave"]}',
    );
    expect(
      (await fixture.run(["apply", other, "--yes", "--journal", join(fixture.dir, "other.journal")])).status,
    ).toBe(0);

    const run = await fixture.run(["rollback", journal, "--yes", "--allow-empty"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("1 repository changed since the bridge was left alone");
    expect(run.stderr).toMatch(
      /github\.com\/acme\/r2 \([^)]*\): changed since the bridge \(erin, granted by the bridge, is gone\)/,
    );
    expect(fixture.acl(2)).toEqual(["dave"]);
    expect(fixture.acl(4)).toEqual([]);
  });
});
