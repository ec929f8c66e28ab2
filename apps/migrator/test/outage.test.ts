import { describe, expect, it, onTestFinished } from "vitest";
import type { ResilienceInternals } from "../src/resilience.js";
import { migrationEnv } from "./support/migration-admin.js";
import {
  type GridInstance,
  gridInstance,
  type MigratorFixture,
  useMigratorFixture,
} from "./support/migrator-fixture.js";
import { type OutageProxy, startOutageProxy } from "./support/outage-proxy.js";

const start = useMigratorFixture();

/** Short backoffs, so that riding out an outage of a second or two takes about that long. */
const FAST: ResilienceInternals = { baseDelayMs: 5, maxDelayMs: 100 };

/** 30 users on 20 repositories: creates and deletes in each, about 400 writes. */
function instance(): GridInstance {
  return gridInstance({
    users: 30,
    repositories: 20,
    prefix: "github.com/acme/o",
    current: (u, r) => (u + r) % 4 === 0,
    desired: (u, r) => (u + r) % 3 === 0,
  });
}

/** What {@link behindProxy} sets up. */
interface BehindProxy {
  readonly grid: GridInstance;
  readonly fixture: MigratorFixture;
  readonly proxy: OutageProxy;
  /** The grid's inputs, written in the scratch directory. */
  readonly input: string;
  /** The CLI's environment, pointed at the proxy. */
  readonly env: Record<string, string | undefined>;
}

/**
 * The {@link instance} on an emulator behind a proxy that can go down, its inputs, and the CLI pointed at the proxy.
 */
async function behindProxy(): Promise<BehindProxy> {
  const grid = instance();
  const fixture = await start({ seed: grid.seed });
  const proxy = await startOutageProxy(fixture.emulator);
  onTestFinished(() => proxy.close());
  const input = await fixture.file("acl.ndjson", grid.acls);
  return { grid, fixture, proxy, input, env: migrationEnv(fixture.emulator, proxy.url) };
}

/** Whether the call is a write of the HTTP API (Create or Delete). */
function isWrite(method: string): boolean {
  return method.endsWith("ExplicitRepoPermission") && !method.startsWith("Get");
}

/** Every planned write was made exactly once, and the instance holds exactly the desired ACLs. */
function expectExactlyOnce(fixture: MigratorFixture, grid: GridInstance): void {
  for (const [id, users] of grid.desired) expect(fixture.acl(id), `repository ${id}`).toEqual(users);
  const { writes } = fixture.emulator;
  const planned = new Set<string>();
  for (const [index] of grid.desired) {
    const r = index - 1;
    for (let u = 0; u < 30; u++) {
      const now = (u + r) % 4 === 0;
      const want = (u + r) % 3 === 0;
      if (now !== want) planned.add(`${index}/${100 + u}`);
    }
  }
  const made = [...writes.entries()].map(({ repositoryId, userId }) => `${repositoryId}/${userId}`);
  expect(made.length).toBe(planned.size);
  expect(new Set(made)).toEqual(planned);
}

describe("riding through trouble", () => {
  it("20% transient faults on every call (lost answers, resets, 503, 429), GraphQL included: plan, then one apply, converge exactly", async () => {
    const grid = instance();
    const fixture = await start({
      seed: grid.seed,
      faults: {
        seed: 11,
        rate: 0.2,
        kinds: { unavailable: 1, rateLimited: 1, reset: 1, lostAnswer: 1 },
        retryAfterSeconds: 0,
      },
    });
    const input = await fixture.file("acl.ndjson", grid.acls);
    const plan = `${fixture.dir}/plan.json`;
    const options = { internal: { resilience: FAST } };
    const planned = await fixture.run(["plan", input, "--out", plan], options);
    expect(planned.stderr).not.toContain("Cannot reach");
    expect(planned.status, planned.stderr).toBe(2);
    const applied = await fixture.run(["apply", plan, "--max-deletes", "100%", "--json"], options);
    expect(applied.status, applied.stderr).toBe(0);
    const report = JSON.parse(applied.stdout);
    expect(report.failed).toEqual([]);
    expect(report.finished).toBe(true);
    expect(report.resilience.retries).toBeGreaterThan(0);
    // Lost answers of writes, retried and answered "already there": done by this run, not by someone else.
    const lost = fixture.emulator.faults?.log.filter(
      (fault) =>
        fault.kind === "lostAnswer" &&
        fault.method.endsWith("ExplicitRepoPermission") &&
        !fault.method.startsWith("List") &&
        !fault.method.startsWith("Get"),
    );
    expect(lost?.length).toBeGreaterThan(0);
    expect(report.confirmedByRetry).toBeGreaterThan(0);
    expect(report.doneMeanwhile).toBe(0);
    expectExactlyOnce(fixture, grid);
    const verify = await fixture.run(["verify", input], options);
    expect(verify.status, verify.stderr).toBe(0);
  });

  it("an outage in the middle of an apply is waited out: every write done once, the report shows the wait", async () => {
    const { grid, fixture, proxy, input, env } = await behindProxy();
    let writes = 0;
    let outage: Promise<void> | undefined;
    proxy.onCall = (method) => {
      if (!isWrite(method)) return;
      writes += 1;
      // The instance goes away after 60 writes and comes back a second and a half later.
      if (writes === 60) {
        outage = proxy
          .down()
          .then(() => new Promise((resolve) => setTimeout(resolve, 1500)).then(() => proxy.up()));
      }
    };
    const journal = `${fixture.dir}/run.journal`;
    const run = await fixture.run(
      ["apply", input, "--yes", "--max-deletes", "100%", "--json", "--journal", journal],
      {
        env,
        internal: { resilience: FAST },
      },
    );
    await outage;
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("Waiting out a failure: no call has succeeded since");
    expect(run.stderr).toMatch(/Resumed: the instance answers again \(waited \d/);
    const report = JSON.parse(run.stdout);
    expect(report.failed).toEqual([]);
    expect(report.resilience.waits).toBeGreaterThanOrEqual(1);
    expect(report.resilience.waitedMs).toBeGreaterThan(0);
    expect(report.resilience.concurrencyLimit).toBeGreaterThanOrEqual(1);
    expectExactlyOnce(fixture, grid);
  });

  it("an outage longer than --max-outage: gives up plainly, exit 1, the journal intact; --resume then finishes", async () => {
    const { grid, fixture, proxy, input, env } = await behindProxy();
    const plan = `${fixture.dir}/plan.json`;
    const planned = await fixture.run(["plan", input, "--out", plan], { env });
    expect(planned.status, planned.stderr).toBe(2);
    let writes = 0;
    proxy.onCall = async (method) => {
      if (isWrite(method) && ++writes === 60) await proxy.down();
    };
    const run = await fixture.run(["apply", plan, "--max-deletes", "100%", "--max-outage", "1s"], {
      env,
      internal: { resilience: FAST },
    });
    expect(run.status).toBe(1);
    const message = run.stderr.split("\n").find((line) => line.startsWith("sgkit-migrate apply: ")) ?? "";
    expect(message).toMatch(
      new RegExp(
        `^sgkit-migrate apply: gave up on ${proxy.url.replaceAll(".", "\\.")}: no call has succeeded for \\d+(\\.\\d+)? (ms|s) \\(since \\d\\d:\\d\\d:\\d\\d UTC; --max-outage is 1 s\\): (connection refused|connection reset|connection closed without an answer) ×\\d+.*: \\d+ attempts in a row, probing with backoff\\. Nothing is lost`,
      ),
    );
    expect(message).toContain(`continue with: sgkit-migrate apply ${plan} --resume`);
    // The report came first, on stdout, with what was done before the outage.
    expect(run.stdout).toMatch(/^Apply: \d+ created/);
    expect([...fixture.emulator.writes.entries()].length).toBeGreaterThan(0);

    proxy.onCall = undefined;
    await proxy.up();
    const resumed = await fixture.run(
      ["apply", plan, "--max-deletes", "100%", "--max-outage", "1s", "--resume"],
      {
        env,
        internal: { resilience: FAST },
      },
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    expectExactlyOnce(fixture, grid);
  });

  it("Ctrl-C while waiting out an outage stops at once (no wait for --max-outage), with the command that resumes", async () => {
    const { grid, fixture, proxy, input, env } = await behindProxy();
    const plan = `${fixture.dir}/plan.json`;
    expect((await fixture.run(["plan", input, "--out", plan], { env })).status).toBe(2);
    let writes = 0;
    proxy.onCall = async (method) => {
      if (isWrite(method) && ++writes === 40) await proxy.down();
    };
    const stop = new AbortController();
    const run = await fixture.run(["apply", plan, "--max-deletes", "100%"], {
      env,
      stop: stop.signal,
      internal: { resilience: FAST },
      onStderr: (text) => {
        if (text.includes("Waiting out a failure")) stop.abort();
      },
    });
    expect(run.status, run.stderr).toBe(130);
    expect(run.stderr).toContain(
      `Stopped before the end of the plan. Continue with: sgkit-migrate apply ${plan} --resume`,
    );
    expect(run.stdout).toMatch(/operations? not started \(stopped\)/);
    proxy.onCall = undefined;
    await proxy.up();
    const resumed = await fixture.run(["apply", plan, "--max-deletes", "100%", "--resume"], { env });
    expect(resumed.status, resumed.stderr).toBe(0);
    expectExactlyOnce(fixture, grid);
  });

  it("apply <inputs> --yes plans and applies through one set of call slots: --fixed-concurrency 2 holds for every call", async () => {
    const { grid, fixture, proxy, input, env } = await behindProxy();
    // Every call is slowed, so that calls that could overlap do.
    proxy.onCall = () => new Promise((resolve) => setTimeout(resolve, 2));
    const run = await fixture.run(
      [
        "apply",
        input,
        "--yes",
        "--max-deletes",
        "100%",
        "--journal",
        `${fixture.dir}/run.journal`,
        "--concurrency",
        "2",
        "--fixed-concurrency",
      ],
      { env },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(proxy.forwarded.get("graphql")).toBeGreaterThan(0);
    expect(proxy.forwarded.get("ListExplicitRepoPermissions")).toBeGreaterThan(0);
    expect(proxy.maxInFlight).toBe(2);
    expectExactlyOnce(fixture, grid);
  });

  it("says 'Cannot reach' only for a server that never answered", async () => {
    const fixture = await start();
    const input = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const run = await fixture.run(["plan", input], {
      env: migrationEnv(fixture.emulator, "http://127.0.0.1:9"),
      internal: { resilience: FAST },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^sgkit-migrate plan: Cannot reach http:\/\/127\.0\.0\.1:9: no answer to any call in \d+(\.\d+)? (ms|s): .+ ×5: 5 attempts in a row\. Check SRC_ENDPOINT/m,
    );
  });
});

describe("bad input never waits on a server", () => {
  it("plan, verify and apply refuse a bad input file or plan before their first call", async () => {
    const fixture = await start();
    const bad = await fixture.file(
      "acl.ndjson",
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n{"repository": \n',
    );
    const badPlan = await fixture.file("plan.json", '{"format":"sgkit-migrate-plan","version":1,"broken');
    for (const argv of [
      ["plan", bad],
      ["verify", bad],
      ["apply", bad, "--yes"],
      ["apply", badPlan],
    ]) {
      fixture.emulator.counters.reset();
      const run = await fixture.run(argv);
      expect(run.status, argv.join(" ")).toBe(1);
      expect(run.stderr, argv.join(" ")).toMatch(/(acl|plan)\.(ndjson|json)/);
      expect(fixture.emulator.counters.total(), argv.join(" ")).toBe(0);
    }
  });
});
