import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { validateSeed } from "./seed/validate-seed.js";
import { startEmulator } from "./server/start-emulator.js";

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");

/** The first block of `language` after `heading`, exactly as a user copies it. */
function example(heading: string, language = "ts"): string {
  const section = readme.slice(readme.indexOf(heading));
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(section);
  if (!match?.[1]) throw new Error(`README.md has no ${language} example under ${heading}`);
  return match[1];
}

describe("README", () => {
  it("runs the quick start as written, with the answer it shows", async () => {
    const dir = join(import.meta.dirname, "..", ".readme-examples");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "quick-start.ts");
    writeFileSync(file, example("## Quick start"));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await import(file);
      expect(log.mock.calls).toEqual([
        [
          200,
          {
            name: "repositories/101/explicitRepoPermissions/5",
            user: "users/5",
            repository: "repositories/101",
          },
        ],
        [{ CreateExplicitRepoPermission: 1 }],
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it("runs the GraphQL example as written, with the answers it shows", async () => {
    const dir = join(import.meta.dirname, "..", ".readme-examples");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "graphql.ts");
    writeFileSync(file, example("## GraphQL API"));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await import(file);
      expect(log.mock.calls).toEqual([
        [{ api: { id: "UmVwb3NpdG9yeToxMDE=" }, web: { id: "UmVwb3NpdG9yeToxMDI=" } }],
        [{ usersWithPendingPermissions: ["new.hire"] }],
        [{ "graphql:RepositoryIds": 1, "graphql:SetPermissions": 1, "graphql:unnamed": 1 }],
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it("shows a seed that validates", () => {
    expect(() => validateSeed(JSON.parse(example("## Seed", "json")))).not.toThrow();
  });

  it("shows fault options that the emulator accepts", async () => {
    const dir = join(import.meta.dirname, "..", ".readme-examples");
    const file = join(dir, "faults.ts");
    writeFileSync(file, `${example("## Faults")}\nexport { faults };\n`);
    const { faults } = (await import(file)) as { faults: object };
    const emulator = await startEmulator({ faults });
    await emulator.stop();
    expect(faults).toMatchObject({ seed: 42, rate: 0.3 });
  });
});
