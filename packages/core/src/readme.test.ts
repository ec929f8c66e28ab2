import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { createCanaryToken } from "./canary.js";

const { example, run } = readmeExamples(join(import.meta.dirname, ".."));

describe("README quick start", () => {
  it("runs as written, reading SRC_ENDPOINT and SRC_ACCESS_TOKEN, and prints no token", async () => {
    const token = createCanaryToken();
    vi.stubEnv("SRC_ENDPOINT", "https://sourcegraph.example.com/");
    vi.stubEnv("SRC_ACCESS_TOKEN", token);
    try {
      const { lines } = await run("quick-start", example("## Quick start"));
      expect(lines).toEqual([
        "GraphQL at https://sourcegraph.example.com/.api/graphql, the HTTP API at https://sourcegraph.example.com/api",
      ]);
      expect(lines.join("\n")).not.toContain(token);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
