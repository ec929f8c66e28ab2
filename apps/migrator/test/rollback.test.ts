import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { describe, expect, it } from "vitest";
import {
  aclSnapshot,
  type MigratorFixture,
  smallSeedWithAdminTokens,
  useMigratorFixture,
} from "./support/migrator-fixture.js";

const start = useMigratorFixture();

// From the seed (r1 alice, bob; r2 carol; r3 alice, dave; r4 and r5 none): r1 loses bob and gains carol, r2 gains
// erin, r3 is emptied, r4 (no grants) gains alice.
const CHANGE = [
  '{"repository": "github.com/acme/r1", "users": ["alice", "carol"]}',
  '{"repository": "github.com/acme/r2", "users": ["carol", "erin"]}',
  '{"repository": "github.com/acme/r3", "users": []}',
  '{"repository": "github.com/acme/r4", "users": ["alice"]}',
].join("\n");

/** Plans and applies CHANGE; returns the plan's path (its journal is `<plan>.journal`). */
async function applyChange(fixture: MigratorFixture): Promise<string> {
  const input = await fixture.file("change.ndjson", CHANGE);
  const plan = `${fixture.dir}/plan.json`;
  expect((await fixture.run(["plan", input, "--out", plan])).status).toBe(2);
  const applied = await fixture.run(["apply", plan, "--allow-empty"]);
  expect(applied.status, applied.stderr).toBe(0);
  expect(fixture.acl(4)).toEqual(["alice"]);
  return plan;
}

describe("rollback <journal>", () => {
  it("plans the inverse of the journaled writes, and applying that plan brings back the exact prior state", async () => {
    const fixture = await start();
    const before = aclSnapshot(fixture);
    const plan = await applyChange(fixture);
    const writesBefore = fixture.writes();

    const rollback = `${fixture.dir}/rollback-plan.json`;
    const planned = await fixture.run(["rollback", `${plan}.journal`, "--out", rollback]);
    expect(planned.status, planned.stderr).toBe(2);
    // Reviewed first: nothing written yet.
    expect(fixture.writes()).toEqual(writesBefore);
    expect(planned.stdout).toContain("~ github.com/acme/r1 (");
    expect(planned.stdout).toMatch(/~ github\.com\/acme\/r1 \([^)]*\)\n {4}\+ bob\n {4}- carol\n/);
    expect(planned.stdout).toMatch(/~ github\.com\/acme\/r3 \([^)]*\)\n {4}\+ alice\n {4}\+ dave\n/);
    expect(planned.stdout).toMatch(/~ github\.com\/acme\/r4 \([^)]*\)\n {4}- alice\n/);
    expect(planned.stdout).toContain("Rollback: 3 to create, 3 to delete, in 4 of 4 repositories");
    expect(planned.stdout).toContain(
      "1 repository would lose every explicit grant (apply needs --allow-empty).",
    );
    expect(planned.stderr).toContain(`apply it with: sgkit-migrate apply ${rollback}`);
    expect(planned.stderr).not.toContain("plan file was not found");
    const header = JSON.parse(`${(await readFile(rollback, "utf8")).split("\n")[0]}]}`);
    expect(header.rollbackOf).toEqual({ journal: `${plan}.journal`, planId: expect.any(String) });

    // Guarded like any plan: r4 goes back to no grant at all.
    const refused = await fixture.run(["apply", rollback]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("Pass --allow-empty");
    expect(fixture.writes()).toEqual(writesBefore);

    const applied = await fixture.run(["apply", rollback, "--allow-empty"]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("Apply: 3 created, 3 deleted");
    expect(aclSnapshot(fixture)).toEqual(before);
    // Journaled like any apply.
    expect(await readFile(`${rollback}.journal`, "utf8")).toContain('"type":"finished"');

    // Rolled back already: nothing left to do, and nothing reported as changed.
    const again = await fixture.run(["rollback", `${plan}.journal`]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Nothing to roll back");
    expect(again.stdout).not.toContain("left alone");
  });

  it("--yes applies the rollback at once, leaving alone and reporting a repository changed since the apply", async () => {
    const fixture = await start();
    const plan = await applyChange(fixture);
    // Someone else, after the apply: revokes carol, whom the apply granted, on r1; grants dave on r2, a user the
    // apply never wrote there (seen only through the apply's plan, which the journal sits beside).
    const other = await fixture.file(
      "other.ndjson",
      [
        '{"repository": "github.com/acme/r1", "users": ["alice"]}',
        '{"repository": "github.com/acme/r2", "users": ["carol", "dave", "erin"]}',
      ].join("\n"),
    );
    expect(
      (await fixture.run(["apply", other, "--yes", "--journal", `${fixture.dir}/other.journal`])).status,
    ).toBe(0);

    const run = await fixture.run(["rollback", `${plan}.journal`, "--yes", "--allow-empty"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("2 repositories changed since the apply were left alone");
    expect(run.stderr).toMatch(
      /github\.com\/acme\/r1 \([^)]*\): changed since the apply \(carol, granted by the apply, is gone\)/,
    );
    expect(run.stderr).toMatch(
      /github\.com\/acme\/r2 \([^)]*\): changed since the apply: its ACL, with the apply's writes undone/,
    );
    expect(run.stdout).toContain("Apply: 2 created, 1 deleted");
    // The changed repositories are as the other operator left them; the rest are back as before the apply.
    expect(fixture.acl(1)).toEqual(["alice"]);
    expect(fixture.acl(2)).toEqual(["carol", "dave", "erin"]);
    expect(fixture.acl(3)).toEqual(["alice", "dave"]);
    expect(fixture.acl(4)).toEqual([]);
    // Kept beside the journal, with its own journal, so a stopped rollback resumes with apply --resume.
    expect(await readFile(`${plan}.journal.rollback-plan.json.journal`, "utf8")).toContain(
      '"type":"finished"',
    );
  });

  it("without the apply's plan, checks the users the apply wrote, and says so", async () => {
    const fixture = await start();
    const input = await fixture.file("change.ndjson", CHANGE);
    const journal = `${fixture.dir}/inputs.journal`;
    expect((await fixture.run(["apply", input, "--yes", "--allow-empty", "--journal", journal])).status).toBe(
      0,
    );
    const run = await fixture.run(["rollback", journal]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("The apply's plan file was not found beside the journal");
    expect(run.stdout).toContain("Rollback: 3 to create, 3 to delete, in 4 of 4 repositories");
  });

  it("refuses a damaged, an unfinished, a torn journal and another instance's, before any call", async () => {
    const fixture = await start();
    const plan = await applyChange(fixture);
    const journal = await readFile(`${plan}.journal`, "utf8");
    const lines = journal.trimEnd().split("\n");
    // Not even the preflight: a bad journal never waits on the server.
    const calls = () =>
      fixture.emulator.counters.get("ListExplicitRepoPermissions") +
      fixture.emulator.counters.get("graphql:CurrentUser");
    const listed = calls();

    const damaged = `${fixture.dir}/damaged.journal`;
    await writeFile(damaged, [lines[0], "{not json", ...lines.slice(1)].join("\n").concat("\n"));
    const onDamaged = await fixture.run(["rollback", damaged]);
    expect(onDamaged.status).toBe(1);
    expect(onDamaged.stderr).toContain(`${damaged}:2: not a JSON line`);
    expect(onDamaged.stderr).toContain("the journal is damaged");
    expect(onDamaged.stderr).toContain("nothing was rolled back");

    const unfinished = `${fixture.dir}/unfinished.journal`;
    await writeFile(unfinished, `${lines.filter((line) => !line.includes('"finished"')).join("\n")}\n`);
    const onUnfinished = await fixture.run(["rollback", unfinished]);
    expect(onUnfinished.status).toBe(1);
    expect(onUnfinished.stderr).toContain("the apply this journal records did not finish");
    expect(onUnfinished.stderr).toContain(`sgkit-migrate apply ${plan} --resume`);

    const torn = `${fixture.dir}/torn.journal`;
    await writeFile(torn, `${journal}{"type":"op","repos`);
    const onTorn = await fixture.run(["rollback", torn]);
    expect(onTorn.status).toBe(1);
    expect(onTorn.stderr).toContain("the journal ends in a partial line");

    const elsewhere = `${fixture.dir}/elsewhere.journal`;
    const header = JSON.parse(lines[0] as string);
    await writeFile(
      elsewhere,
      [JSON.stringify({ ...header, endpoint: "https://other.example.com" }), ...lines.slice(1)]
        .join("\n")
        .concat("\n"),
    );
    const onElsewhere = await fixture.run(["rollback", elsewhere]);
    expect(onElsewhere.status).toBe(1);
    expect(onElsewhere.stderr).toContain("records an apply to https://other.example.com");

    const notAJournal = await fixture.file("acl.ndjson", CHANGE);
    const onInput = await fixture.run(["rollback", notAJournal]);
    expect(onInput.status).toBe(1);
    expect(onInput.stderr).toContain("not a journal");

    expect(calls()).toBe(listed);
  });

  it("has its own help, and is in the overview", async () => {
    const fixture = await start();
    const help = await fixture.run(["rollback", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^sgkit-migrate rollback <journal> \[--out rollback-plan\.json\] \[--yes\]/);
    expect(help.stdout).toContain("--max-deletes");
    expect((await fixture.run(["--help"])).stdout).toContain("sgkit-migrate rollback <journal>");
  });

  it("prints no token, nor writes one in the rollback plan or its journal", async () => {
    const scoped = createCanaryToken();
    const userAll = createCanaryToken();
    const fixture = await start({ seed: smallSeedWithAdminTokens(scoped, userAll) });
    const env = {
      SRC_ENDPOINT: fixture.emulator.url,
      SRC_ACCESS_TOKEN: scoped,
      SRC_GRAPHQL_ACCESS_TOKEN: userAll,
    };
    const input = await fixture.file("change.ndjson", CHANGE);
    const plan = `${fixture.dir}/plan.json`;
    const runs = [
      await fixture.run(["export", "--out", `${fixture.dir}/backup.ndjson`], { env }),
      await fixture.run(["plan", input, "--out", plan], { env }),
      await fixture.run(["apply", plan, "--allow-empty"], { env }),
      await fixture.run(["rollback", `${plan}.journal`, "--yes", "--allow-empty", "--json"], { env }),
    ];
    expect(runs.map((run) => run.status)).toEqual([0, 2, 0, 0]);
    const files = await readdir(fixture.dir);
    expect(files).toContain("plan.json.journal.rollback-plan.json.journal");
    const texts = [
      ...(await Promise.all(files.map((name) => readFile(join(fixture.dir, name), "utf8")))),
      ...runs.flatMap((run) => [run.stdout, run.stderr]),
    ];
    expect(findSecret(scoped, ...texts)).toBeUndefined();
    expect(findSecret(userAll, ...texts)).toBeUndefined();
  });
});
