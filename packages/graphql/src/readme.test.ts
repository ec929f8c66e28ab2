import { join } from "node:path";
import { createCanaryToken } from "@sgkit/core/test";
import { type Emulator, sampleSeed, startEmulator } from "@sgkit/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { encodeNodeId } from "./node-ids.js";

// Real loopback HTTP against the emulator's sample instance (what `startEmulator()` serves): this file must not
// import nock (it stalls loopback calls, see CONTRIBUTING).

const examples = readmeExamples(join(import.meta.dirname, ".."));
const { example } = examples;

/** Runs `code` as a user would, returning what it logged, a line per call. */
async function run(name: string, code: string): Promise<string[]> {
  return (await examples.run(name, code)).lines;
}

describe("README", () => {
  const token = createCanaryToken();
  let emulator: Emulator;

  beforeAll(async () => {
    // The sample instance with the canary as the site admin's token (user:all, which GraphQL needs): sent in any
    // form but `token <t>`, it would be ignored and the examples would run anonymously, and fail.
    const sample = sampleSeed();
    emulator = await startEmulator({
      seed: {
        ...sample,
        tokens: [
          ...(sample.tokens ?? []),
          { name: "canary", user: "admin", scopes: ["user:all"], value: token },
        ],
      },
    });
  });
  afterAll(() => emulator.stop());

  const withConfig = async <T>(body: () => Promise<T>): Promise<T> => {
    vi.stubEnv("SRC_ENDPOINT", emulator.url);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    vi.stubEnv("SRC_HEADERS", "");
    try {
      return await body();
    } finally {
      vi.unstubAllEnvs();
    }
  };

  it("runs the quick start as written against the sample instance", async () => {
    const logged = await withConfig(() => run("quick-start", example("## Quick start")));
    expect(logged).toEqual([
      "signed in as admin",
      "github.com/acme/api: UmVwb3NpdG9yeToxMjM=",
      "github.com/acme/gone: null",
      "pending: erin",
      "alice can read github.com/acme/api",
      "alice can read github.com/acme/web",
      "created acme-api",
      // The auto-defined global context first, then the sample's own global one, then the new one.
      "global context: global, repositories: 0",
      "global context: acme, repositories: 2",
      "global context: acme-api, repositories: 1",
    ]);
    expect(logged.join("\n")).not.toContain(token);
    expect(emulator.state.pendingPermissions.bindIDs()).toEqual(["erin"]);
  });

  it("runs the batched lookups example as written against the sample instance", async () => {
    const logged = await withConfig(() => run("batched-lookups", example("## Batched lookups")));
    // Every repository the site admin sees, by name as Sourcegraph lists them.
    const repositories = emulator.state.repositories
      .all()
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    expect(repositories.slice(0, 4).map((repository) => repository.id)).toEqual([123, 125, 126, 124]);
    expect(logged).toEqual([
      // user(email:) matches in any case, as the server's citext column does.
      "alice@example.com: users/456",
      "Alice@example.com: users/456",
      `bob is ${encodeNodeId("User", 457)}, erin is null`,
      `${encodeNodeId("User", 456)}: alice <alice@example.com>`,
      ...repositories.map((repository) => `repositories/${repository.id}: ${repository.name}`),
      JSON.stringify([...repositories.map((repository) => repository.name), null]),
    ]);
  });

  it("runs the node ID example as written", async () => {
    const logged = await run("node-ids", example("## Node IDs"));
    expect(logged).toEqual([
      "UmVwb3NpdG9yeToxMjM=",
      "VXNlcjo0NTY=",
      JSON.stringify({ kind: "SearchContext", key: "@alice/notes" }),
    ]);
  });
});
