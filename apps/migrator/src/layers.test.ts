import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The migrator reads downward only: each file imports its own layer or the layers below it, never one above or
// beside it. The CLI is the top layer; only the bin (`src/cli.ts`), the in-process CLI entry (`src/main.ts`) and the
// CLI itself import it.

/** The layers, lowest first: folders of `src/` (`plan/`), and the files at its root (`cli.ts`). */
const LAYERS: readonly (readonly string[])[] = [
  ["migrator-error.ts", "version.ts", "concurrency.ts"],
  // How calls ride through trouble, on the call slots: beneath the clients of every step.
  ["resilience.ts"],
  // What the steps that write files for the user share: private, exclusive creation (it throws MigratorError).
  ["output-file.ts"],
  // One legacy GraphQL request read as the server reads it: shared by the recorded-call inputs and the bridge.
  ["legacy/"],
  ["inputs/"],
  ["resolve/"],
  ["plan/"],
  ["apply/", "export/"],
  // Rollback reads apply's journals and plans like plan/.
  ["rollback/"],
  // The bridge serves legacy calls with apply's convergence and journal, and the legacy parser.
  ["bridge/"],
  ["cli/"],
  // The entries: the bin, the library, and the CLI in-process.
  ["cli.ts", "index.ts", "main.ts"],
];

const SRC = import.meta.dirname;

/** Every TypeScript file under `src/`, as a path relative to it. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [relative(SRC, path)] : [];
  });
}

/** What `file` imports from `src/`, as paths relative to it (`.js` specifiers name their `.ts` sources). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?\sfrom\s+"(\.[^"]+)"/gm)].map(
    (match) => match[1] as string,
  );
  return specifiers
    .map((specifier) => relative(SRC, resolve(SRC, dirname(file), specifier.replace(/\.js$/, ".ts"))))
    .filter((path) => !path.startsWith(".."));
}

/** The group a file belongs to: its folder (`plan/`), or for a file at the root of `src/` the file it tests or is. */
function groupOf(file: string): string {
  const slash = file.indexOf("/");
  return slash === -1 ? file.replace(/(\.memory)?\.test\.ts$/, ".ts") : file.slice(0, slash + 1);
}

function layerOf(file: string): number {
  return LAYERS.findIndex((layer) => layer.includes(groupOf(file)));
}

// This test reads the others and imports none of them.
const files = sources().filter((file) => file !== "layers.test.ts");

describe("layers", () => {
  it("places every file of src/ in a layer", () => {
    expect(files.filter((file) => layerOf(file) === -1)).toEqual([]);
  });

  it("has no file outside the CLI import the CLI", () => {
    const offending = files
      .filter((file) => groupOf(file) !== "cli/" && file !== "cli.ts" && file !== "main.ts")
      .flatMap((file) => importsOf(file).map((target) => `${file} -> ${target}`))
      .filter((edge) => /-> cli(\/|\.ts$)/.test(edge));
    expect(offending).toEqual([]);
  });

  it("imports only downward: the same folder, or a lower layer", () => {
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => {
          if (groupOf(target) === groupOf(file)) return false;
          return layerOf(target) >= layerOf(file);
        })
        .map((target) => `${file} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it("has no command import another command", () => {
    const command = /^cli\/[^/]+-command\.ts$/;
    const offending = files
      .filter((file) => command.test(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => command.test(target))
          .map((target) => `${file} -> ${target}`),
      );
    expect(offending).toEqual([]);
  });

  it("sees the imports it checks", () => {
    expect(importsOf("cli/apply-command.ts")).toContain("cli/planning.ts");
    expect(importsOf("plan/plan-migration.ts")).toContain("inputs/scan-inputs.ts");
    expect(layerOf("apply/apply-plan.ts")).toBeGreaterThan(layerOf("plan/plan-migration.ts"));
  });
});
