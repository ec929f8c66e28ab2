import { join } from "node:path";
import { createCanaryToken } from "@sgkit/core/test";
import { type Emulator, sampleSeed, startEmulator } from "@sgkit/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";

// Real loopback HTTP against the emulator's sample instance (what `startEmulator()` serves): this file must not
// import nock (it stalls loopback calls).

const examples = readmeExamples(join(import.meta.dirname, ".."));

describe("README", () => {
  const token = createCanaryToken();
  let emulator: Emulator;

  beforeAll(async () => {
    // The sample instance with the canary as the site admin's token (user:all, which search needs): sent in any
    // form but `token <t>`, it would be ignored and the search would see the unrestricted repository only.
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

  it("runs the quick start as written against the sample instance", async () => {
    vi.stubEnv("SRC_ENDPOINT", emulator.url);
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    vi.stubEnv("SRC_HEADERS", "");
    let lines: string[];
    try {
      ({ lines } = await examples.run("quick-start", examples.example("## Quick start")));
    } finally {
      vi.unstubAllEnvs();
    }
    expect(lines).toEqual([
      'github.com/acme/api/cmd/server/main.go:6: \tfmt.[Println]("listening on :8080")',
      expect.stringMatching(/^1 matches in \d+ ms$/),
      // "Acme" is in three files the admin sees: one is sent, and the stop is said.
      "1 match, complete: false",
      "skipped: display",
    ]);
    expect(lines.join("\n")).not.toContain(token);
    expect(emulator.counters.get("search")).toBe(2);
  });
});
