import { join } from "node:path";
import { type Emulator, startEmulator } from "@sgkit/emulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";

const { example, run } = readmeExamples(join(import.meta.dirname, ".."));

describe("README quick start", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  it("runs as written against the emulator's sample instance, on all three APIs", async () => {
    // alice's token has the user:all scope, which GraphQL and search need and the /api/ HTTP API accepts.
    vi.stubEnv("SRC_ENDPOINT", emulator.url);
    vi.stubEnv("SRC_ACCESS_TOKEN", emulator.token("userAll"));
    try {
      const { lines } = await run("quick-start", example("## Quick start"));
      expect(lines).toEqual([
        "signed in as alice",
        "users/456 may read repositories/124",
        "users/457 may read repositories/124",
        "1 match, complete: true",
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(emulator.counters.get("ListExplicitRepoPermissions")).toBe(1);
  });
});
