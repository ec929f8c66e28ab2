import { build, type Metafile } from "esbuild";

/**
 * Bundles `entry` as a browser would get it, for the tests that prove a package's main entry is browser-safe:
 * esbuild fails on a Node built-in it cannot resolve for the browser, and `imports`/`inputs` say what went in.
 */
export async function bundleForBrowser(entry: string, format: "esm" | "iife" = "esm", globalName?: string) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format,
    ...(globalName ? { globalName } : {}),
    write: false,
    metafile: true,
    logLevel: "silent",
    define: { __SGKIT_VERSION__: '"0.0.0-test"' },
  });
  const metafile: Metafile = result.metafile;
  const inputs = Object.keys(metafile.inputs);
  const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  return { code: result.outputFiles[0]?.text ?? "", inputs, imports };
}
