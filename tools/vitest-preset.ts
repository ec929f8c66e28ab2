import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as {
  name: string;
  version: string;
  exports?: Record<string, unknown>;
};

// A package's own README examples import it by name; inside its tests that name means its sources, not a build.
const selfAliases = Object.keys(pkg.exports ?? {})
  .filter((key) => !key.endsWith(".json"))
  .map((key) => ({
    find: new RegExp(
      `^${(key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`).replace(/[/.]/g, "\\$&")}$`,
    ),
    replacement: join(process.cwd(), "src", key === "." ? "index.ts" : `${key.slice(2)}.ts`),
  }));

/**
 * Every package tests the same way: its own `*.test.ts` files beside the code, the default reporter for people
 * and a JSON report that `.ci/run` sums into its `tests:` line; benchmarks in `bench/`.
 */
export default defineConfig({
  define: { __SGKIT_VERSION__: JSON.stringify(pkg.version) },
  resolve: { alias: selfAliases },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // `vitest bench` must not overwrite the test report that `.ci/run` counts.
    reporters: process.argv.includes("bench")
      ? ["default"]
      : ["default", ["json", { outputFile: "test-results.json" }]],
    // Hang guards only, generous enough for a busy two-core machine: no test asserts a wall-clock budget.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
