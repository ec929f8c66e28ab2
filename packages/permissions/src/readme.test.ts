import { join } from "node:path";
import { createCanaryToken } from "@sgkit/core/test";
import { type Emulator, sampleSeed, startEmulator } from "@sgkit/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { statePairs } from "../test/support/emulator.js";

// Real loopback HTTP: this file must not import nock (it stalls loopback calls, see CONTRIBUTING).

const examples = readmeExamples(join(import.meta.dirname, ".."));
const { example } = examples;

/** Runs `code` as a user would, returning what it logged, a line per call. */
async function run(name: string, code: string): Promise<string[]> {
  return (await examples.run(name, code)).lines;
}

describe("README quick start", () => {
  const token = createCanaryToken();
  let emulator: Emulator;

  beforeAll(async () => {
    // The emulator's sample instance (what `startEmulator()` serves), whose repository 123 has no grant, plus the
    // canary token: a call without it as a Bearer token fails (the emulator refuses other schemes), and so would
    // the example.
    const sample = sampleSeed();
    emulator = await startEmulator({
      seed: {
        ...sample,
        tokens: [
          ...(sample.tokens ?? []),
          { name: "sync", user: "admin", scopes: ["externalapi:read", "externalapi:write"], value: token },
        ],
      },
    });
  });
  afterAll(() => emulator.stop());

  it("runs as written against the emulator", async () => {
    vi.stubEnv("SRC_ENDPOINT", emulator.url);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    vi.stubEnv("SRC_HEADERS", "");
    try {
      const logged = await run("quick-start", example("## Quick start"));
      expect(logged).toEqual([
        "granted: created, granted again: already-present",
        "users/458 can read repositories/123",
        "would create users/@alice, users/bob@example.com and delete users/458",
        "created users/456, users/457, deleted users/458",
        "revoked: deleted",
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
    // Repository 123 holds bob alone; the sample's grants on 124 are untouched.
    expect(statePairs(emulator)).toEqual([
      "repositories/123/explicitRepoPermissions/457",
      "repositories/124/explicitRepoPermissions/456",
      "repositories/124/explicitRepoPermissions/457",
    ]);
  });

  it("runs the testing example as written", async () => {
    const logged = await run("testing", example("## Testing your code"));
    expect(logged).toEqual(["true"]);
  });
});
