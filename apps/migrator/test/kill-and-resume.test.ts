import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { describe, expect, it } from "vitest";
import { useMigratorFixture } from "./migrator-fixture.js";

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
    const users = Array.from({ length: 60 }, (_, i) => ({ id: 100 + i, username: `u${i}` }));
    const repositories = Array.from({ length: 20 }, (_, i) => ({ id: 1 + i, name: `github.com/acme/k${i}` }));
    const fixture = await start({
      seed: {
        license: true,
        users: [
          {
            id: 1,
            username: "admin",
            siteAdmin: true,
            rbac: ["REPO_PERMISSIONS#READ", "REPO_PERMISSIONS#WRITE"],
          },
          ...users,
        ],
        repositories,
        permissions: repositories.flatMap((repository, r) =>
          users
            .filter((_, u) => (u + r) % 5 === 0)
            .map((user) => ({ repository: repository.id, user: user.id })),
        ),
        tokens: [
          { name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"], value: token },
        ],
      },
      faults: {
        perMethod: {
          CreateExplicitRepoPermission: { latencyMs: { fixed: 8, jitter: 8 } },
          DeleteExplicitRepoPermission: { latencyMs: 8 },
        },
      },
    });
    const desired = repositories.map((repository, r) => ({
      repository: repository.name,
      users: users.filter((_, u) => (u + r) % 2 === 0).map((user) => user.username),
    }));
    const input = await fixture.file(
      "acl.ndjson",
      desired.map((record) => JSON.stringify(record)).join("\n"),
    );
    const plan = join(fixture.dir, "plan.json");
    const env = { SRC_ENDPOINT: fixture.emulator.url, SRC_ACCESS_TOKEN: token };

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
    for (const [r, record] of desired.entries()) expect(fixture.acl(r + 1)).toEqual([...record.users].sort());
    const writes = fixture.emulator.writes;
    for (const { repositoryId, userId } of writes.entries()) {
      expect(writes.added(repositoryId, userId), `adds of ${repositoryId}/${userId}`).toBeLessThanOrEqual(1);
      expect(
        writes.removed(repositoryId, userId),
        `removes of ${repositoryId}/${userId}`,
      ).toBeLessThanOrEqual(1);
    }
    const files = await readdir(fixture.dir);
    const contents = await Promise.all(files.map((name) => readFile(join(fixture.dir, name), "utf8")));
    expect(files).toContain("plan.json.journal");
    expect(
      findSecret(token, ...contents, ...outputs.flatMap((output) => [output.stdout, output.stderr])),
    ).toBeUndefined();
  });
});
