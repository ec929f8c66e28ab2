import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "tsup";

/**
 * The one build every public package shares: ESM + CJS + declarations for each entry, with the package's own
 * version compiled in (user agents and debug events name it without reading package.json at run time). No
 * source maps: they were most of each tarball, and the output is not minified (CONTRIBUTING, "Adding a package").
 */
export function packageBuild(entry: Record<string, string>, overrides: Options = {}): Options {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string };
  return {
    entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: false,
    target: "es2023",
    platform: "neutral",
    splitting: true,
    treeshake: true,
    define: { __SGKIT_VERSION__: JSON.stringify(pkg.version) },
    ...overrides,
  };
}
