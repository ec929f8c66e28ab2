import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("the main entry", () => {
  it("bundles for browsers with no Node built-in and no undici", async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, "index.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      define: { __SGKIT_VERSION__: '"0.0.0-test"' },
    });
    const inputs = Object.keys(result.metafile.inputs);
    const imports = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    expect(inputs.some((path) => path.includes("undici"))).toBe(false);
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
    expect(inputs.length).toBeGreaterThan(20);
  });

  it("and the Node entry is where undici lives", async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, "node.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      packages: "external",
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    expect(imports).toContain("undici");
  });
});
