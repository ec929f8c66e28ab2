import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { callApi } from "../../test/support/call-api.js";
import { callGraphQL, errorCodes } from "../../test/support/call-graphql.js";
import type { Emulator } from "../server/start-emulator.js";
import { isLoopbackHost, main } from "./main.js";

/** Runs `main` with captured output; `whileRunning` gets the started emulator, then the CLI is stopped. */
async function run(argv: string[], whileRunning?: (emulator: Emulator, stdout: string) => Promise<void>) {
  let stdout = "";
  let stderr = "";
  const controller = new AbortController();
  let started: Promise<void> = Promise.resolve();
  const status = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    signal: controller.signal,
    onStarted: (emulator) => {
      started = (whileRunning?.(emulator, stdout) ?? Promise.resolve()).finally(() => controller.abort());
    },
  });
  await started;
  return { status, stdout, stderr };
}

describe("sgkit-emulator main", () => {
  it("runs the sample instance with no arguments, printing its URL and every token, until stopped", async () => {
    const result = await run([], async (emulator, stdout) => {
      expect(stdout).toContain(`listening on ${emulator.url}`);
      for (const [name, value] of Object.entries(emulator.tokens)) {
        expect(stdout).toMatch(new RegExp(`^  ${name} +${value}  user `, "m"));
      }
      expect(stdout).toContain("valid only against this emulator; printed on purpose");
      expect(stdout).toContain(
        "built-in sample (255 users, 1 org, 254 repositories, 2 explicit permissions); license on",
      );
      expect(stdout).toContain(
        `curl -s ${emulator.url}/api/explicitrepopermissions.v1.Service/ListExplicitRepoPermissions`,
      );
      expect(stdout).toContain(`GraphQL API: POST ${emulator.url}/.api/graphql`);
      expect(stdout).toContain(`streaming search: GET ${emulator.url}/.api/search/stream?q=<query>`);
      expect(stdout).toContain("search contexts: 3; sub-repository rules: 1");
      const answer = await callApi(emulator, "ListExplicitRepoPermissions", { parent: "repositories/123" });
      expect(answer.status).toBe(200);
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/sgkit-emulator: stopped\n$/);
    expect(result.stderr).toBe("");
  });

  it("prints one JSON line with --json, and the tokens it prints work", async () => {
    const result = await run(["--json"], async (emulator, stdout) => {
      const printed = JSON.parse(stdout) as { url: string; tokens: Record<string, string> };
      expect(printed).toEqual({ url: emulator.url, tokens: { ...emulator.tokens } });
      const response = await fetch(
        `${printed.url}/api/explicitrepopermissions.v1.Service/GetExplicitRepoPermission`,
        {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${printed.tokens.readOnly}` },
          body: JSON.stringify({ name: "repositories/124/explicitRepoPermissions/@alice" }),
        },
      );
      expect(response.status).toBe(200);
    });
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("loads --seed, and passes --no-license, --bind-id, faults and capacity to the emulator", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sgkit-emulator-cli-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const seedFile = join(dir, "seed.json");
    writeFileSync(
      seedFile,
      JSON.stringify({
        users: [{ id: 1, username: "ci", siteAdmin: true }],
        repositories: [{ id: 7, name: "github.com/acme/x" }],
        tokens: [{ name: "ci", user: "ci", scopes: ["externalapi:read"], value: "sgp_local_cli_test" }],
      }),
    );
    const argv = [
      "--seed",
      seedFile,
      "--no-license",
      "--bind-id",
      "email",
      "--fault-rate",
      "0.5",
      "--fault-seed",
      "9",
    ];
    const result = await run([...argv, "--capacity-workers", "2"], async (emulator, stdout) => {
      expect(emulator.state.license).toBe(false);
      expect(emulator.state.bindID).toBe("email");
      expect(emulator.tokens).toEqual({ ci: "sgp_local_cli_test" });
      expect(emulator.capacityStats()?.workers).toBe(2);
      expect(stdout).toContain(
        `${seedFile} (1 user, 0 orgs, 1 repository, 0 explicit permissions); license OFF; bindID email`,
      );
      expect(stdout).toContain("faults: rate 0.5, seed 9");
      expect(stdout).toContain("capacity: 2 workers");
      expect(emulator.faults).toBeDefined();
    });
    expect(result.status).toBe(0);
  });

  it("applies --graphql-alias-limit to the GraphQL API", async () => {
    const result = await run(["--graphql-alias-limit", "2"], async (emulator) => {
      const lookup = (count: number) =>
        callGraphQL(
          emulator,
          `{ ${Array.from({ length: count }, (_, i) => `r${i}: repository(name: "x${i}") { id }`).join(" ")} }`,
        );
      expect((await lookup(2)).status).toBe(200);
      expect(errorCodes(await lookup(3))).toEqual(["ErrQueryComplexityLimitExceeded"]);
    });
    expect(result.status).toBe(0);
  });

  it("prints the help and the version", async () => {
    const help = await run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sgkit-emulator \[options\]/);
    for (const flag of [
      "--port",
      "--host",
      "--seed",
      "--no-license",
      "--bind-id",
      "--fault-rate",
      "--fault-seed",
      "--latency-ms",
      "--capacity-workers",
      "--capacity-service-ms",
      "--graphql-alias-limit",
      "/.api/graphql",
      "/.api/search/stream",
    ]) {
      expect(help.stdout).toContain(flag);
    }
    const version = await run(["--version"]);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 for a bad command line and 1 for a bad seed, saying why on stderr", async () => {
    const usage = await run(["--fault-rate", "2"]);
    expect(usage).toEqual({
      status: 2,
      stdout: "",
      stderr:
        'sgkit-emulator: --fault-rate: must be a number from 0 to 1, got "2"\nRun sgkit-emulator --help for the options.\n',
    });
    const dir = mkdtempSync(join(tmpdir(), "sgkit-emulator-cli-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const seedFile = join(dir, "bad.json");
    writeFileSync(seedFile, JSON.stringify({ users: [{ id: 1, username: "a b" }] }));
    const seed = await run(["--seed", seedFile]);
    expect(seed.status).toBe(1);
    expect(seed.stderr).toMatch(
      /^sgkit-emulator: seed\.users\[0\]\.username: must hold only letters.*\(in .*bad\.json\)\n$/,
    );
  });

  it("exits 1 when the port is taken", async () => {
    await run([], async (emulator) => {
      const port = new URL(emulator.url).port;
      const taken = await run(["--port", port]);
      expect(taken).toMatchObject({
        status: 1,
        stderr: `sgkit-emulator: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`,
      });
    });
  });
});

describe("the --host warning", () => {
  it("LIMIT-10: warns on stderr that the tokens are reachable from the network when listening off loopback", async () => {
    const result = await run(["--host", "0.0.0.0", "--json"], async (emulator) => {
      expect(emulator.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^sgkit-emulator: warning: listening on 0\.0\.0\.0, not on loopback: anyone who can reach http:\/\/0\.0\.0\.0:\d+ can call it with its tokens/,
    );
    // stdout stays the one JSON line scripts read.
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it("LIMIT-10: says nothing on loopback", async () => {
    for (const host of ["127.0.0.1", "localhost"]) {
      const result = await run(["--host", host, "--json"]);
      expect([result.status, result.stderr]).toEqual([0, ""]);
    }
  });

  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["localhost", true],
    ["LOCALHOST", true],
    ["::1", true],
    ["[::1]", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.10", false],
    ["::ffff:10.0.0.1", false],
    ["fe80::1", false],
    ["emulator.internal", false],
  ])("isLoopbackHost(%s) is %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
