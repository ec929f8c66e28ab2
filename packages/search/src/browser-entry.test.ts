import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("the entry", () => {
  it("bundles for browsers with no Node built-in", async () => {
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
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
    expect(inputs.some((path) => path.includes("undici"))).toBe(false);
    expect(inputs.some((path) => path.endsWith("sse/parse-server-sent-events.ts"))).toBe(true);
  });
});
