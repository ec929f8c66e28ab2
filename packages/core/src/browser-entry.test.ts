import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { bundleForBrowser } from "../../../tools/browser-bundle.js";

describe("the main entry", () => {
  it("bundles for browsers with no Node built-in and no undici", async () => {
    const { code, inputs, imports } = await bundleForBrowser(join(import.meta.dirname, "index.ts"));
    expect(inputs.some((path) => path.includes("undici"))).toBe(false);
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
    // The whole entry went in, not a stub of it: the bundle exports every name the entry does.
    const exported = [...code.matchAll(/export \{([^}]*)\}/g)]
      .flatMap((match) => (match[1] ?? "").split(","))
      .map((name) =>
        name
          .trim()
          .split(/\s+as\s+/)
          .at(-1),
      )
      .filter((name) => name !== undefined && name !== "");
    expect(exported.sort()).toEqual(Object.keys(await import("./index.js")).sort());
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
