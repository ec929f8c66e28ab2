import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string };

/**
 * Every package tests the same way: its own `*.test.ts` files beside the code, the default reporter for people
 * and a JSON report that `.ci/run` sums into its `tests:` line.
 */
export default defineConfig({
  define: { __SGKIT_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results.json" }]],
    testTimeout: 20_000,
  },
});
