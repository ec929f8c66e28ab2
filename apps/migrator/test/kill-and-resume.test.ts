import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { describe, expect, it } from "vitest";
import { expectNoWriteTwice, gridInstance, useMigratorFixture } from "./support/migrator-fixture.js";

const start = useMigratorFixture();
const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/**
 * Runs the built `sgkit-migrate` in a child process. With `kill`, sends SIGKILL `delayMs` after `when()` first
 * holds (polled), so the kill lands mid-run rather than during start-up.
 */
function runChild(
  argv: readonly string[],
  env: Record<string, string>,
  kill?: { when: () => boolean; delayMs: number },
) {
  return new Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...argv], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    let timer: NodeJS.Timeout | undefined;
    const poll =
      kill === undefined
        ? undefined
        : setInterval(() => {
            if (timer !== undefined || !kill.when()) return;
            timer = setTimeout(() => child.kill("SIGKILL"), kill.delayMs);
          }, 2);
    child.on("close", (status, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

describe("the built CLI in a child process", () => {
  it("killed with SIGKILL mid-apply and resumed: exactly the desired state, no write applied twice, no token anywhere", async () => {
    const token = createCanaryToken();
    const graphqlToken = createCanaryToken();
    const instance = gridInstance({
      users: 60,
      repositories: 20,
      prefix: "github.com/acme/k",
      current: (u, r) => (u + r) % 5 === 0,
      desired: (u, r) => (u + r) % 2 === 0,
      tokenValue: token,
      graphqlTokenValue: graphqlToken,
    });
    const fixture = await start({
      seed: instance.seed,
      faults: {
        perMethod: {
          CreateExplicitRepoPermission: { latencyMs: { fixed: 8, jitter: 8 } },
          DeleteExplicitRepoPermission: { latencyMs: 8 },
        },
      },
    });
    const input = await fixture.file("acl.ndjson", instance.acls);
    const plan = join(fixture.dir, "plan.json");
    const env = {
      SRC_ENDPOINT: fixture.emulator.url,
      SRC_ACCESS_TOKEN: token,
      SRC_GRAPHQL_ACCESS_TOKEN: graphqlToken,
      XDG_STATE_HOME: fixture.stateDir,
    };

    const planned = await runChild(["plan", input, "--out", plan], env);
    expect(planned.status).toBe(2);
    // A random moment after the first write (the writes take about 1.5 s here).
    const delayMs = Math.floor(Math.random() * 1000);
    const killed = await runChild(["apply", plan, "--max-deletes", "100%", "--concurrency", "4"], env, {
      when: () => fixture.emulator.writes.size > 0,
      delayMs,
    });
    const outputs = [planned, killed];
    const writesBeforeResume = fixture.emulator.writes.size;
    if (killed.signal === "SIGKILL") {
      expect(writesBeforeResume, `killed ${delayMs} ms after the first write`).toBeGreaterThan(0);
      const resumed = await runChild(["apply", plan, "--max-deletes", "100%", "--resume"], env);
      outputs.push(resumed);
      expect(resumed.stderr).not.toContain("Internal error");
      expect(resumed.status, resumed.stderr + resumed.stdout).toBe(0);
    } else {
      // The run finished before the kill (a fast machine): still a valid run, just not the interesting one.
      expect(killed.status).toBe(0);
    }
    for (const [id, users] of instance.desired) expect(fixture.acl(id)).toEqual(users);
    expectNoWriteTwice(fixture);
    const files = await readdir(fixture.dir);
    const contents = await Promise.all(files.map((name) => readFile(join(fixture.dir, name), "utf8")));
    expect(files).toContain("plan.json.journal");
    const texts = [...contents, ...outputs.flatMap((output) => [output.stdout, output.stderr])];
    expect(findSecret(token, ...texts)).toBeUndefined();
    expect(findSecret(graphqlToken, ...texts)).toBeUndefined();
  });
});
