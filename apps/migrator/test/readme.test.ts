import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@sgkit/emulator";
import { describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { main } from "../src/cli/main.js";
import { migrationEnv } from "./support/migration-admin.js";
import { smallSeed } from "./support/migrator-fixture.js";

const examples = readmeExamples(join(import.meta.dirname, ".."));

describe("README", () => {
  it("runs the library example as written against the emulator", async () => {
    const emulator = await startEmulator({ seed: smallSeed() });
    // The example reads acls.ndjson from the working directory, as a user's script would.
    const acls = join(process.cwd(), "acls.ndjson");
    await writeFile(acls, '{"repository": "github.com/acme/r1", "users": ["alice", "erin"]}\n');
    vi.stubEnv("SRC_ENDPOINT", emulator.url);
    vi.stubEnv("SRC_ACCESS_TOKEN", emulator.token("admin"));
    vi.stubEnv("SRC_GRAPHQL_ACCESS_TOKEN", emulator.token("adminGraphql"));
    try {
      const { lines } = await examples.run("library", examples.example("## As a library"));
      expect(lines).toEqual([
        "github.com/acme/r1: + erin",
        "github.com/acme/r1: - bob",
        "1 to create, 1 to delete",
      ]);
      expect(emulator.counters.get("CreateExplicitRepoPermission")).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      await rm(acls, { force: true });
      await emulator.stop();
    }
  });

  it("runs the legacy request example as written", async () => {
    const { lines } = await examples.run("legacy-request", examples.example("### Reading legacy requests"));
    expect(lines).toEqual(["mutation acl: UmVwb3NpdG9yeTox = alice, bob", "true true"]);
  });

  it("runs the quick start's commands as written, with the exit codes it describes", async () => {
    const emulator = await startEmulator({ seed: smallSeed() });
    const directory = await mkdtemp(join(tmpdir(), "sgkit-readme-"));
    await writeFile(
      join(directory, "acls.ndjson"),
      '{"repository": "github.com/acme/r5", "users": ["erin"]}\n',
    );
    const commands = examples
      .example("# @sgkit/migrator", "sh")
      .split("\n")
      .filter((line) => line.startsWith("sgkit-migrate "))
      .map((line) => (line.split("#")[0] as string).trim().split(/\s+/).slice(1));
    const env = {
      ...migrationEnv(emulator),
      // apply's lock, in the scratch directory rather than the user's state directory.
      XDG_STATE_HOME: directory,
    };
    const statuses: number[] = [];
    try {
      for (const argv of commands) {
        // Relative paths as a user types them, resolved in a scratch directory.
        const args = argv.map((arg) => (/\.(ndjson|json)$/.test(arg) ? join(directory, arg) : arg));
        statuses.push(
          await main(args, { stdout: { write: () => true }, stderr: { write: () => true }, env }),
        );
      }
    } finally {
      await emulator.stop();
      await rm(directory, { recursive: true, force: true });
    }
    expect(commands.map((argv) => argv[0])).toEqual(["export", "plan", "apply", "verify"]);
    expect(statuses).toEqual([0, 2, 0, 0]);
  });
});
