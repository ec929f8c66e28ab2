import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readmeExamples } from "../../../tools/readme-examples.js";
import { validateSeed } from "./seed/validate-seed.js";
import { startEmulator } from "./server/start-emulator.js";

const { example, run } = readmeExamples(join(import.meta.dirname, ".."));

describe("README", () => {
  it("runs the quick start as written, with the answer it shows", async () => {
    const { calls } = await run("quick-start", example("## Quick start"));
    expect(calls).toEqual([
      [
        200,
        {
          name: "repositories/123/explicitRepoPermissions/456",
          user: "users/456",
          repository: "repositories/123",
        },
      ],
      [{ CreateExplicitRepoPermission: 1 }],
    ]);
  });

  it("runs the GraphQL example as written, with the answers it shows", async () => {
    const { calls } = await run("graphql", example("## GraphQL API"));
    expect(calls).toEqual([
      [{ api: { id: "UmVwb3NpdG9yeToxMjM=" }, web: { id: "UmVwb3NpdG9yeToxMjQ=" } }],
      [{ usersWithPendingPermissions: ["new.hire"] }],
      [{ "graphql:RepositoryIds": 1, "graphql:SetPermissions": 1, "graphql:unnamed": 1 }],
    ]);
  });

  it("runs the streaming search example as written, with the answers it shows", async () => {
    const { calls } = await run("search", example("## Streaming search"));
    expect(calls).toEqual([
      [["matches", "filters", "progress", "done"]],
      [
        "github.com/acme/api",
        "cmd/server/main.go",
        [{ line: '\tfmt.Println("listening on :8080")', lineNumber: 5, offsetAndLengths: [[5, 7]] }],
      ],
    ]);
  });

  it("runs the in-process example as written, with the answers it shows", async () => {
    const { calls } = await run("in-process", example("## In-process: `emulator.fetch`"));
    expect(calls).toEqual([
      [{ data: { repository: { id: "UmVwb3NpdG9yeToxMjM=" } } }],
      ["event: matches"],
      [{ "graphql:unnamed": 1, search: 1 }],
    ]);
  });

  it("runs the documented instance's example as written, with the answers it shows", async () => {
    const { calls } = await run("documented-seed", example("### The documented instance"));
    expect(calls).toEqual([
      [403, "permission_denied"],
      [
        200,
        {
          name: "repositories/123/explicitRepoPermissions/456",
          user: "users/456",
          repository: "repositories/123",
        },
      ],
      [456, 250],
    ]);
  });

  it("shows a seed that validates", () => {
    expect(() => validateSeed(JSON.parse(example("## Seed", "json")))).not.toThrow();
  });

  it("shows fault options that the emulator accepts", async () => {
    const { module } = await run<{ faults: object }>(
      "faults",
      `${example("## Faults")}\nexport { faults };\n`,
    );
    const { faults } = module;
    const emulator = await startEmulator({ faults });
    await emulator.stop();
    expect(faults).toMatchObject({ seed: 42, rate: 0.3 });
  });
});
