import { lstatSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CliIo } from "../src/cli/environment.js";
import { main } from "../src/cli/main.js";
import { readPlanFile } from "../src/plan/plan-file.js";
import { type BrokenPipe, brokenPipe } from "./support/broken-pipe.js";
import { migrationEnv } from "./support/migration-admin.js";
import { gridInstance, type MigratorFixture, useMigratorFixture } from "./support/migrator-fixture.js";

// The files sgkit-migrate writes (plans, pending files, exports, the temporary plan of `apply --yes`) and its
// stdout: private, never through a link someone else planted, never left half-written, and each failure one line.

const start = useMigratorFixture();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** zoe and github.com/acme/nope are unknown: with --on-unknown skip, r4's record goes to the pending file. */
const WITH_UNKNOWNS = [
  '{"repository": "github.com/acme/r4", "users": ["alice", "zoe"]}',
  '{"repository": "github.com/acme/nope", "users": ["bob"]}',
  '{"repository": "github.com/acme/r5", "users": ["erin"]}',
].join("\n");

/** Runs the CLI in-process with `stdout` as its standard output (a broken pipe, say). */
async function runWith(
  fixture: MigratorFixture,
  argv: readonly string[],
  stdout: CliIo["stdout"],
): Promise<{ status: number; stderr: string }> {
  let stderr = "";
  const status = await main(argv, {
    stdout,
    stderr: { write: (text: string) => (stderr += text) },
    env: {
      ...migrationEnv(fixture.emulator),
      // apply's lock goes under the fixture's state folder, never the real home.
      XDG_STATE_HOME: fixture.stateDir,
    },
  });
  return { status, stderr };
}

/** Every file under `dir` whose name ends in `.tmp`, as paths relative to it. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((name) => name.endsWith(".tmp"));
}

/** A failure the user can act on: exit 1, one line on stderr naming `path`, and no stack trace. */
function expectOneLine(run: { status: number; stderr: string }, path: string): string {
  expect(run.status).toBe(1);
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(run.stderr).toContain(path);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain("Internal error");
  return lines[0] as string;
}

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe("the temporary plan of apply --yes", () => {
  it("lives in a private folder, follows no link planted at the old predictable names, and is gone after", async () => {
    const fixture = await start();
    const scratch = await mkdtemp(join(tmpdir(), "sgkit-migrate-tmpdir-"));
    try {
      vi.stubEnv("TMPDIR", scratch);
      // The old names were `$TMPDIR/sgkit-migrate-<pid>-<Date.now()>.plan.json` and `….pending.ndjson`: with the
      // clock fixed, another local user could plant links there.
      const now = 1_750_000_000_000;
      vi.spyOn(Date, "now").mockReturnValue(now);
      const oldPlan = join(scratch, `sgkit-migrate-${process.pid}-${now}.plan.json`);
      const victim = await fixture.file("victim.txt", "precious\n");
      await symlink(victim, oldPlan);
      await symlink(victim, `${oldPlan}.pending.ndjson`);
      const planted = (await readdir(scratch)).sort();

      const input = await fixture.file("acl.ndjson", WITH_UNKNOWNS);
      // What $TMPDIR holds while the plan is written (the diff is printed as the plan is).
      const seen = new Map<string, number>();
      let stdout = "";
      const run = await runWith(
        fixture,
        ["apply", input, "--yes", "--on-unknown", "skip", "--journal", join(fixture.dir, "run.journal")],
        {
          write(text: string) {
            stdout += text;
            for (const name of readdirSync(scratch, { recursive: true }) as string[]) {
              seen.set(name, lstatSync(join(scratch, name)).mode & 0o777);
            }
          },
        },
      );
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.status).toBe(0);
      expect(stdout).toContain("Apply: 2 created");
      expect(fixture.acl(4)).toEqual(["alice"]);

      expect(await readFile(victim, "utf8")).toBe("precious\n");
      expect((await readdir(scratch)).sort()).toEqual(planted);
      const made = [...seen].filter(([name]) => !planted.includes(name));
      const folders = made.filter(([name]) => !name.includes("/"));
      expect(folders).toHaveLength(1);
      expect(folders[0]?.[1]).toBe(0o700);
      const files = made.filter(([name]) => name.includes("/"));
      expect(files.length).toBeGreaterThan(0);
      for (const [, fileMode] of files) expect(fileMode).toBe(0o600);
      // No message points at a plan that is deleted at exit, nor at a pending file in $TMPDIR.
      expect(run.stderr).not.toContain(scratch);
      expect(run.stderr).not.toContain("Saved the plan");
      expect(run.stderr).toContain("pass --pending-out <file>");
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

describe("the files plan and export write", () => {
  it("are readable by their owner only: the plan, its pending file and the export", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", WITH_UNKNOWNS);
    const plan = join(fixture.dir, "plan.json");
    expect((await fixture.run(["plan", input, "--out", plan, "--on-unknown", "skip"])).status).toBe(2);
    expect(await mode(plan)).toBe(0o600);
    expect(await mode(`${plan}.pending.ndjson`)).toBe(0o600);
    const backup = join(fixture.dir, "backup.ndjson");
    expect((await fixture.run(["export", "--out", backup])).status).toBe(0);
    expect(await mode(backup)).toBe(0o600);
  });

  it("export --out leaves an existing file alone without --force, and replaces it with it", async () => {
    const fixture = await start();
    const backup = await fixture.file("backup.ndjson", "yesterday's backup\n");
    const refused = await fixture.run(["export", "--out", backup]);
    expect(expectOneLine(refused, backup)).toContain("--force");
    expect(await readFile(backup, "utf8")).toBe("yesterday's backup\n");
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(0);
    expect(await leftovers(fixture.dir)).toEqual([]);

    const forced = await fixture.run(["export", "--out", backup, "--force"]);
    expect(forced.status).toBe(0);
    expect(await readFile(backup, "utf8")).toContain('{"repository":"github.com/acme/r1"');
  });

  it("plan --out refuses to replace a plan whose apply left a journal, naming it and what to do", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r4", "users": ["alice"]}\n',
    );
    const plan = join(fixture.dir, "plan.json");
    expect((await fixture.run(["plan", input, "--out", plan])).status).toBe(2);
    expect((await fixture.run(["apply", plan])).status).toBe(0);
    const before = await readFile(plan, "utf8");
    const reads = fixture.emulator.counters.get("ListExplicitRepoPermissions");

    const again = await fixture.run(["plan", input, "--out", plan]);
    const message = expectOneLine(again, `${plan}.journal`);
    expect(message).toContain(`sgkit-migrate apply ${plan} --resume`);
    expect(message).toContain("remove");
    expect(await readFile(plan, "utf8")).toBe(before);
    expect(fixture.emulator.counters.get("ListExplicitRepoPermissions")).toBe(reads);
    expect(await leftovers(fixture.dir)).toEqual([]);
  });
});

describe("an output that cannot be written is one line saying what to do", () => {
  it("--pending-out into a folder that does not exist", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", WITH_UNKNOWNS);
    const pending = join(fixture.dir, "missing", "pending.ndjson");
    const plan = join(fixture.dir, "plan.json");
    const run = await fixture.run([
      "plan",
      input,
      "--on-unknown",
      "skip",
      "--out",
      plan,
      "--pending-out",
      pending,
    ]);
    expect(expectOneLine(run, pending)).toMatch(/folder .*does not exist/);
    expect(await readdir(fixture.dir)).toEqual(["acl.ndjson"]);
  });

  it("--pending-out where a folder is", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", WITH_UNKNOWNS);
    const pending = join(fixture.dir, "pending");
    await mkdir(pending);
    const run = await fixture.run([
      "plan",
      input,
      "--on-unknown",
      "skip",
      "--out",
      join(fixture.dir, "plan.json"),
      "--pending-out",
      pending,
    ]);
    expect(expectOneLine(run, pending)).toContain("is a folder");
    expect((await readdir(fixture.dir)).sort()).toEqual(["acl.ndjson", "pending"]);
    expect(await readdir(pending)).toEqual([]);
  });

  it("plan --out into a folder that does not exist", async () => {
    const fixture = await start();
    const input = await fixture.file("acl.ndjson", WITH_UNKNOWNS.split("\n")[2] as string);
    const plan = join(fixture.dir, "missing", "plan.json");
    const run = await fixture.run(["plan", input, "--out", plan]);
    expect(expectOneLine(run, plan)).toMatch(/folder .*does not exist/);
    expect(await readdir(fixture.dir)).toEqual(["acl.ndjson"]);
  });

  it("export --out where a folder is", async () => {
    const fixture = await start();
    const out = join(fixture.dir, "backup.ndjson");
    await mkdir(out);
    const run = await fixture.run(["export", "--out", out, "--force"]);
    expect(expectOneLine(run, out)).toContain("is a folder");
    expect(await leftovers(fixture.dir)).toEqual([]);
  });
});

describe("a stdout whose reader went away (| head)", () => {
  // 40 repositories, each with a change: 40 diffs to print, and 40 records to export.
  const grid = gridInstance({
    users: 3,
    repositories: 40,
    prefix: "github.com/acme/many",
    current: (user) => user === 0,
    desired: (user) => user === 1,
  });

  async function gridFixture(): Promise<{ fixture: MigratorFixture; input: string }> {
    const fixture = await start({ seed: grid.seed });
    return { fixture, input: await fixture.file("acl.ndjson", grid.acls) };
  }

  function expectQuiet(run: { status: number; stderr: string }, stdout: BrokenPipe): void {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(stdout.text.split("\n").length).toBeGreaterThan(1);
  }

  it("plan stops quietly, with status 0", async () => {
    const { fixture, input } = await gridFixture();
    const stdout = brokenPipe(3);
    expectQuiet(await runWith(fixture, ["plan", input], stdout), stdout);
  });

  it("verify stops quietly, with status 0", async () => {
    const { fixture, input } = await gridFixture();
    const stdout = brokenPipe(3);
    expectQuiet(await runWith(fixture, ["verify", input], stdout), stdout);
  });

  it("export stops quietly, with status 0", async () => {
    const { fixture } = await gridFixture();
    const stdout = brokenPipe(3);
    expectQuiet(await runWith(fixture, ["export"], stdout), stdout);
    expect(await leftovers(fixture.dir)).toEqual([]);
  });

  it("plan --out still saves the whole plan, which is what it was asked for", async () => {
    const { fixture, input } = await gridFixture();
    const stdout = brokenPipe(3);
    const plan = join(fixture.dir, "plan.json");
    const run = await runWith(fixture, ["plan", input, "--out", plan], stdout);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).toContain(`Saved the plan to ${plan}`);
    expect(run.status).toBe(0);
    expect((await readPlanFile(plan)).trailer.totals).toMatchObject({ create: 40, delete: 40 });
    expect(await leftovers(fixture.dir)).toEqual([]);
  });

  it("an error writing stdout other than a closed pipe is one line and status 1", async () => {
    const { fixture } = await gridFixture();
    const full = {
      write() {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      },
    };
    const run = await runWith(fixture, ["export"], full);
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("stdout");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
