import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readJournal } from "../src/apply/journal-file.js";
import { lockDirectory, lockPath } from "../src/apply/run-lock.js";
import { readPlanFile } from "../src/plan/plan-file.js";
import { type HoldingProxy, startHoldingProxy } from "./support/holding-proxy.js";
import { migrationEnv } from "./support/migration-admin.js";
import {
  expectNoWriteTwice,
  gridInstance,
  type MigratorFixture,
  smallSeed,
  useMigratorFixture,
} from "./support/migrator-fixture.js";

// Each issue 13 §1 finding, reproduced: races are made certain by holding the HTTP API's calls in a proxy in front
// of the emulator until every run involved has done what the race needs (never by timing).

const start = useMigratorFixture();
const proxies: HoldingProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

/** A proxy in front of the fixture's emulator, and the environment that points the CLI at it. */
async function throughProxy(
  fixture: MigratorFixture,
): Promise<{ proxy: HoldingProxy; env: Record<string, string> }> {
  const proxy = await startHoldingProxy(fixture.emulator);
  proxies.push(proxy);
  return { proxy, env: migrationEnv(fixture.emulator, proxy.url) };
}

/** Writes an NDJSON input of `acls` (repository name → users) and plans it to `<name>.plan.json`. */
async function planOf(
  fixture: MigratorFixture,
  name: string,
  acls: Record<string, string[]>,
  env?: Record<string, string>,
): Promise<{ input: string; plan: string }> {
  const input = await fixture.file(
    `${name}.ndjson`,
    Object.entries(acls)
      .map(([repository, users]) => JSON.stringify({ repository, users }))
      .join("\n"),
  );
  const plan = join(fixture.dir, `${name}.plan.json`);
  const planned = await fixture.run(["plan", input, "--out", plan], env ? { env } : {});
  expect(planned.status, planned.stderr).toBe(2);
  return { input, plan };
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await once(child, "exit");
  return child.pid as number;
}

describe("two applies at once", () => {
  it("of two plans against one instance from one machine: the second stops at the instance's lock, naming it, before writing anything", async () => {
    const fixture = await start();
    const { proxy, env } = await throughProxy(fixture);
    // r1 has alice and bob. A wants alice and carol; B wants bob and dave.
    const a = await planOf(fixture, "a", { "github.com/acme/r1": ["alice", "carol"] }, env);
    const b = await planOf(fixture, "b", { "github.com/acme/r1": ["bob", "dave"] }, env);

    proxy.hold();
    const first = fixture.run(["apply", a.plan, "--max-deletes", "100%"], { env });
    await proxy.writesArrived(1);
    const second = await fixture.run(["apply", b.plan, "--max-deletes", "100%"], { env });
    expect(second.status).toBe(1);
    const lock = lockPath(lockDirectory({ XDG_STATE_HOME: fixture.stateDir }), proxy.url);
    expect(second.stderr).toContain(
      `Another apply against ${proxy.url} holds the lock ${lock}: pid ${process.pid}`,
    );
    expect(second.stderr).toContain(`sgkit-migrate apply ${a.plan}`);
    expect(second.stderr).toContain(`If it is not running any more, remove ${lock} and run again.`);
    expect(proxy.writes).toHaveLength(1);
    proxy.release();

    const applied = await first;
    expect(applied.status, applied.stderr).toBe(0);
    expect(fixture.acl(1)).toEqual(["alice", "carol"]);
    // B once A is done: r1 changed since B's plan, so B leaves it alone and says so.
    const late = await fixture.run(["apply", b.plan, "--max-deletes", "100%"], { env });
    expect(late.status).toBe(1);
    expect(late.stdout).toContain(
      "skipped github.com/acme/r1 (2 operations): its ACL changed since the plan",
    );
    expect(fixture.acl(1)).toEqual(["alice", "carol"]);
  });

  it("from two machines (no lock in common), writes interleaved: each reads its repositories back, reports them changed by someone else, and exits 1", async () => {
    const repositories = [1, 2, 3];
    const fixture = await start({
      seed: smallSeed({
        permissions: repositories.flatMap((repository) => [
          { repository, user: "alice" },
          { repository, user: "bob" },
        ]),
      }),
    });
    const { proxy, env } = await throughProxy(fixture);
    const names = repositories.map((id) => `github.com/acme/r${id}`);
    const a = await planOf(
      fixture,
      "a",
      Object.fromEntries(names.map((name) => [name, ["alice", "carol"]])),
      env,
    );
    const b = await planOf(
      fixture,
      "b",
      Object.fromEntries(names.map((name) => [name, ["bob", "dave"]])),
      env,
    );

    // Both runs read every repository before either writes (each sends its creates only after its reads), and
    // their read-backs wait until all twelve writes are answered: the interleaving of the finding, for certain.
    let createsArrived = 0;
    let releaseCreates: () => void = () => {};
    const bothRead = new Promise<void>((resolve) => {
      releaseCreates = resolve;
    });
    proxy.onWrite = async (write) => {
      if (write.method !== "CreateExplicitRepoPermission") return;
      createsArrived += 1;
      if (createsArrived === 2 * repositories.length) releaseCreates();
      await bothRead;
    };
    proxy.onRead = async (method) => {
      if (method === "ListExplicitRepoPermissions" && createsArrived === 2 * repositories.length) {
        await proxy.writesAnswered(4 * repositories.length);
      }
    };
    const [ranA, ranB] = await Promise.all([
      fixture.run(["apply", a.plan, "--max-deletes", "100%"], { env }),
      fixture.run(["apply", b.plan, "--max-deletes", "100%"], {
        env: { ...env, XDG_STATE_HOME: join(fixture.dir, "other-machine") },
      }),
    ]);
    // The end state is neither plan's: A added carol and removed bob, B added dave and removed alice.
    for (const id of repositories) expect(fixture.acl(id)).toEqual(["carol", "dave"]);
    for (const run of [ranA, ranB]) {
      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toContain("3 repositories changed by someone else meanwhile");
    }
    // A expected alice and carol: dave (users/13) is extra, alice (users/10) missing.
    for (const name of names) {
      expect(ranA.stdout).toContain(`changed meanwhile ${name}: + users/13, - users/10 by someone else`);
      expect(ranB.stdout).toContain(`changed meanwhile ${name}: + users/12, - users/11 by someone else`);
    }
    expect((await fixture.run(["verify", a.input])).status).toBe(2);
    expect((await fixture.run(["verify", b.input])).status).toBe(2);
  });

  it("one apply and someone else writing its repository meanwhile: the read-back catches it, exit 1", async () => {
    const fixture = await start();
    const { proxy, env } = await throughProxy(fixture);
    const { plan } = await planOf(fixture, "a", { "github.com/acme/r5": ["alice", "bob"] }, env);
    proxy.onWrite = () => {
      // Someone grants erin on r5 (outside sgkit-migrate) while the apply writes it.
      fixture.emulator.state.permissions.add(5, 14);
    };
    const applied = await fixture.run(["apply", plan], { env });
    expect(applied.status).toBe(1);
    expect(applied.stdout).toContain("changed meanwhile github.com/acme/r5: + users/14 by someone else");
    const journal = await readJournal(`${plan}.journal`);
    expect(journal.entries).toContainEqual(
      expect.objectContaining({ type: "repository", outcome: "conflict" }),
    );
    expect(journal.entries).not.toContainEqual(expect.objectContaining({ outcome: "completed" }));
  });

  it("two --resume runs of one journal: the second stops at the lock, and the journal stays whole", async () => {
    const fixture = await start();
    const { proxy, env } = await throughProxy(fixture);
    const { plan } = await planOf(
      fixture,
      "a",
      { "github.com/acme/r4": ["alice", "bob"], "github.com/acme/r5": ["carol"] },
      env,
    );
    proxy.hold();
    const first = fixture.run(["apply", plan, "--resume"], { env });
    await proxy.writesArrived(1);
    const second = await fixture.run(["apply", plan, "--resume"], { env });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain("holds the lock");
    proxy.release();
    expect((await first).status).toBe(0);
    const journal = await readJournal(`${plan}.journal`);
    expect(journal.finishedAt).toBeDefined();
    expect(journal.entries.filter((entry) => entry.type === "op")).toHaveLength(3);
  });

  it("a lock left by a run that is no longer running is taken over, saying so; one of a live process is not", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const directory = lockDirectory({ XDG_STATE_HOME: fixture.stateDir });
    const lock = lockPath(directory, fixture.emulator.url);
    await mkdir(directory, { recursive: true });
    const holder = (pid: number) =>
      `${JSON.stringify({ pid, host: hostname(), endpoint: fixture.emulator.url, command: "apply old.json", startedAt: "2026-12-01T10:00:00.000Z", token: `t${pid}` })}\n`;

    const live = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    try {
      await writeFile(lock, holder(live.pid as number));
      const refused = await fixture.run(["apply", input, "--yes", "--journal", join(fixture.dir, "j1")]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        `holds the lock ${lock}: pid ${live.pid}, running \`sgkit-migrate apply old.json\``,
      );
      expect(fixture.writes().create).toBe(0);
    } finally {
      live.kill();
    }

    const dead = await deadPid();
    await writeFile(lock, holder(dead));
    const applied = await fixture.run(["apply", input, "--yes", "--journal", join(fixture.dir, "j2")]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      `Took over the apply lock ${lock}: the run that held it (pid ${dead}, apply old.json, since 2026-12-01T10:00:00.000Z) is no longer running.`,
    );
    expect(fixture.acl(5)).toEqual(["erin"]);
    await expect(readFile(lock)).rejects.toThrow(/ENOENT/);
  });
});

describe("journals", () => {
  it("apply <inputs> --yes --resume after a finished run and an outside change applies the change, as its advice says", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const journal = join(fixture.dir, "run.journal");
    expect((await fixture.run(["apply", input, "--yes", "--journal", journal])).status).toBe(0);
    fixture.emulator.state.permissions.delete(5, 14);
    expect((await fixture.run(["verify", input])).status).toBe(2);

    const again = await fixture.run(["apply", input, "--yes", "--journal", journal]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/holds the journal of an earlier apply \(finished at .*\).*pass --resume/);

    const resumed = await fixture.run(["apply", input, "--yes", "--journal", journal, "--resume"]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("Apply: 1 created");
    expect(resumed.stderr).toMatch(/Kept the journal of the earlier run as .*run\.journal\.[0-9a-f]{12}/);
    expect(fixture.acl(5)).toEqual(["erin"]);
    expect((await fixture.run(["verify", input])).status).toBe(0);
  });

  it("a damaged journal says what is intact and how to go on; following that advice ends in the plan's state", async () => {
    const fixture = await start();
    const { plan } = await planOf(fixture, "a", {
      "github.com/acme/r4": ["alice"],
      "github.com/acme/r5": ["bob", "carol"],
    });
    const { planId } = (await readPlanFile(plan)).trailer;
    const journal = `${plan}.journal`;
    // What two runs appending at once leave: a line made of two half-lines.
    await writeFile(
      journal,
      [
        JSON.stringify({ type: "header", version: 1, planId, startedAt: "2026-12-01T10:00:00.000Z" }),
        JSON.stringify({ type: "op", repository: 4, user: 10, op: "create", outcome: "done" }),
        JSON.stringify({ type: "repository", repository: 4, outcome: "completed" }),
        '{"type":"op","repository":5,"user":{"type":"op","repository":5,"user":12,"op":"create","outcome":"done"}',
        "",
      ].join("\n"),
    );
    fixture.emulator.state.permissions.add(4, 10);

    const resumed = await fixture.run(["apply", plan, "--resume"]);
    expect(resumed.status).toBe(1);
    expect(resumed.stderr).toContain(`${journal}:4: not a JSON line`);
    expect(resumed.stderr).toContain("the journal is damaged");
    expect(resumed.stderr).toContain("The 3 lines before it are intact: 2 entries, 1 repository completed.");
    expect(resumed.stderr).toContain("move the journal away and apply the plan again without --resume");
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });

    await rename(journal, `${journal}.damaged`);
    const applied = await fixture.run(["apply", plan]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("Apply: 2 created, 0 deleted, 1 already done");
    expect(fixture.acl(4)).toEqual(["alice"]);
    expect(fixture.acl(5)).toEqual(["bob", "carol"]);
  });

  it("a journal that cannot be written stops the writes: none starts after its first failure, and the message says to free space and --resume", async () => {
    const instance = gridInstance({
      users: 60,
      repositories: 20,
      prefix: "github.com/acme/j",
      current: (u, r) => (u + r) % 5 === 0,
      desired: (u, r) => (u + r) % 2 === 0,
    });
    const fixture = await start({ seed: instance.seed });
    const input = await fixture.file("acl.ndjson", instance.acls);
    const plan = join(fixture.dir, "plan.json");
    expect((await fixture.run(["plan", input, "--out", plan])).status).toBe(2);
    const planned = (await readPlanFile(plan)).trailer.totals;
    const writes = () => fixture.writes().create + fixture.writes().delete;

    // A disk that fills once the journal holds 300 entries: the write that would pass that fails.
    let lines = 0;
    let atFailure: number | undefined;
    const beforeWrite = (text: string): void => {
      lines += text.split("\n").length - 1;
      if (lines > 301) {
        atFailure ??= writes();
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
    };
    const failed = await fixture.run(["apply", plan, "--max-deletes", "100%", "--concurrency", "4"], {
      internal: { journal: { beforeWrite } },
    });
    expect(failed.status).toBe(1);
    expect(atFailure).toBeDefined();
    expect(atFailure).toBeLessThan(planned.create + planned.delete);
    // Only the calls in flight when the journal failed (at most --concurrency) reached the instance after it.
    expect(writes() - (atFailure as number)).toBeLessThanOrEqual(4);
    expect(failed.stderr).toContain("cannot write to the journal: ENOSPC: no space left on device");
    expect(failed.stderr).toContain("No call was started after that");
    expect(failed.stderr).toContain("Free space on the journal's disk");
    expect(failed.stderr).toContain(
      `Continue with: sgkit-migrate apply ${plan} --resume --max-deletes 100% --concurrency 4`,
    );
    expect(failed.stdout).toMatch(/operations not started \(stopped\)/);

    const resumed = await fixture.run([
      "apply",
      plan,
      "--resume",
      "--max-deletes",
      "100%",
      "--concurrency",
      "4",
    ]);
    expect(resumed.status, resumed.stderr).toBe(0);
    for (const [id, users] of instance.desired) expect(fixture.acl(id)).toEqual(users);
    expectNoWriteTwice(fixture);
  });
});

describe("plans", () => {
  it("an edited last line (totals set to no deletes and no emptied ACL) is refused: the plan id covers it", async () => {
    const fixture = await start();
    const { plan } = await planOf(fixture, "a", { "github.com/acme/r2": [] });
    const text = await readFile(plan, "utf8");
    const lines = text.trimEnd().split("\n");
    const last = lines.at(-1) as string;
    expect(last).toContain('"delete":1');
    expect(last).toContain('"emptied":1');
    lines[lines.length - 1] = last.replace('"delete":1', '"delete":0').replace('"emptied":1', '"emptied":0');
    await writeFile(plan, `${lines.join("\n")}\n`);

    const applied = await fixture.run(["apply", plan, "--max-deletes", "100%"]);
    expect(applied.status).toBe(1);
    expect(applied.stderr).toContain("the plan was edited after it was written");
    expect(fixture.writes()).toEqual({ create: 0, delete: 0 });
    expect(fixture.acl(2)).toEqual(["carol"]);
  });

  it("a CSV naming one repository by name and by id gathers all its rows, and the plan says so", async () => {
    const fixture = await start();
    const csv = await fixture.file(
      "acl.csv",
      "repository,user\ngithub.com/acme/r4,alice\n4,bob\ngithub.com/acme/r4,carol\n",
    );
    const planned = await fixture.run(["plan", csv]);
    expect(planned.status).toBe(2);
    expect(planned.stdout).toContain(`~ github.com/acme/r4 (${csv}:2)`);
    expect(planned.stdout).toContain(
      [
        '    (named as "github.com/acme/r4" and "4": their rows are one ACL)',
        "    + alice",
        "    + bob",
        "    + carol",
      ].join("\n"),
    );
    const applied = await fixture.run(["apply", csv, "--yes", "--journal", join(fixture.dir, "j")]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(fixture.acl(4)).toEqual(["alice", "bob", "carol"]);
    expect((await fixture.run(["verify", csv])).status).toBe(0);
  });

  it("across CSV files, the last file that names a repository (in any form) wins, as with NDJSON", async () => {
    const fixture = await start();
    const first = await fixture.file("a.csv", "repository,user\ngithub.com/acme/r4,alice\n4,dave\n");
    const second = await fixture.file("b.csv", "repository,user\n4,bob\n");
    const applied = await fixture.run(["apply", first, second, "--yes", "--journal", join(fixture.dir, "j")]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(fixture.acl(4)).toEqual(["bob"]);
  });
});

describe("Ctrl-C", () => {
  // r1: + carol - bob; r2: + dave; r3: + erin; r4: + alice + bob; r5: + erin.
  const ACLS = {
    "github.com/acme/r1": ["alice", "carol"],
    "github.com/acme/r2": ["carol", "dave"],
    "github.com/acme/r3": ["alice", "dave", "erin"],
    "github.com/acme/r4": ["alice", "bob"],
    "github.com/acme/r5": ["erin"],
  };

  it("the first lets the calls in flight finish, starts no other, reports, prints the --resume command and exits 130", async () => {
    const fixture = await start();
    const { proxy, env } = await throughProxy(fixture);
    const { plan } = await planOf(fixture, "a", ACLS, env);
    const stop = new AbortController();
    proxy.hold();
    const running = fixture.run(["apply", plan, "--max-deletes", "100%", "--concurrency", "2"], {
      env,
      stop: stop.signal,
    });
    // Both call slots hold a write: nothing else can start before the stop.
    await proxy.writesArrived(2);
    stop.abort(new DOMException("Interrupted", "AbortError"));
    proxy.release();
    const stopped = await running;

    expect(stopped.status).toBe(130);
    expect(proxy.writes).toHaveLength(2);
    expect(fixture.emulator.writes.size).toBe(2);
    expect(stopped.stdout).toContain(
      "Apply: 2 created, 0 deleted, 0 already done, 0 failed, 0 repositories skipped, 5 operations not started (stopped).",
    );
    const again = `sgkit-migrate apply ${plan} --resume --max-deletes 100% --concurrency 2`;
    expect(stopped.stderr).toContain(`Stopped before the end of the plan. Continue with: ${again}`);
    const journal = await readJournal(`${plan}.journal`);
    expect(journal.entries.filter((entry) => entry.type === "op")).toHaveLength(2);
    expect(journal.finishedAt).toBeUndefined();

    const resumed = await fixture.run(again.split(" ").slice(1), { env });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("Apply: 4 created, 1 deleted, 2 already done");
    expect(fixture.acl(1)).toEqual(["alice", "carol"]);
    expect(fixture.acl(4)).toEqual(["alice", "bob"]);
    expectNoWriteTwice(fixture);
  });

  it("the second aborts the calls in flight: they are reported as unknown, and the run still says how to resume", async () => {
    const fixture = await start();
    const { proxy, env } = await throughProxy(fixture);
    const { plan } = await planOf(fixture, "a", ACLS, env);
    const stop = new AbortController();
    const abort = new AbortController();
    proxy.hold();
    const running = fixture.run(["apply", plan, "--max-deletes", "100%", "--concurrency", "2"], {
      env,
      stop: stop.signal,
      signal: abort.signal,
    });
    await proxy.writesArrived(2);
    stop.abort(new DOMException("Interrupted", "AbortError"));
    abort.abort(new DOMException("Interrupted", "AbortError"));
    // It returns while the proxy still holds both writes: they were aborted, not waited for.
    const aborted = await running;
    expect(aborted.status).toBe(130);
    expect(aborted.stdout).toContain("2 failed");
    expect(aborted.stdout).toContain(
      "aborted in flight (a second Ctrl-C): whether it was applied is not known",
    );
    expect(aborted.stderr).toContain(`Continue with: sgkit-migrate apply ${plan} --resume`);
    proxy.release();
  });

  it("before any write, stops at once, exit 130", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const stop = new AbortController();
    stop.abort(new DOMException("Interrupted", "AbortError"));
    const stopped = await fixture.run(["apply", input, "--yes", "--journal", join(fixture.dir, "j")], {
      stop: stop.signal,
    });
    expect(stopped.status).toBe(130);
    expect(stopped.stderr).toContain("Stopped.");
    expect(fixture.writes().create).toBe(0);
  });
});

describe("the report", () => {
  it("counts the run's own writes whose first answer was lost as done (confirmed by retry), not as already done", async () => {
    const fixture = await start();
    const { proxy, env } = await throughProxy(fixture);
    const { plan } = await planOf(
      fixture,
      "a",
      { "github.com/acme/r5": ["alice", "bob"], "github.com/acme/r1": ["alice"] },
      env,
    );
    proxy.loseFirstAnswers = true;
    const applied = await fixture.run(["apply", plan, "--max-deletes", "100%", "--json"], { env });
    expect(applied.status, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({
      created: 0,
      deleted: 0,
      confirmedByRetry: 3,
      unchanged: 0,
      doneMeanwhile: 0,
      finished: true,
    });
    const text = await fixture.run(["verify", join(fixture.dir, "a.ndjson")], { env });
    expect(text.status).toBe(0);
    // Each write went out twice (the retry of a lost answer) and was applied once.
    expect(proxy.writes).toHaveLength(6);
    expectNoWriteTwice(fixture);
    expect(fixture.emulator.writes.size).toBe(3);
  });

  it("says which were done by someone else between the run's read and its call", async () => {
    const fixture = await start();
    const { proxy, env } = await throughProxy(fixture);
    const { plan } = await planOf(fixture, "a", { "github.com/acme/r5": ["alice", "bob"] }, env);
    proxy.onWrite = (write) => {
      // Someone grants alice on r5 just before sgkit-migrate's own Create of it arrives.
      if (write.body.includes('"users/10"')) fixture.emulator.state.permissions.add(5, 10);
    };
    const applied = await fixture.run(["apply", plan], { env });
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("Apply: 1 created, 0 deleted, 1 already done");
    expect(applied.stdout).toContain(
      "1 operation was done by someone else between this run's read and its call (counted as already done).",
    );
    expect(fixture.acl(5)).toEqual(["alice", "bob"]);
  });
});
