import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
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

describe("the browser bundle", () => {
  it("loads and parses a stream with no Node globals (no process, Buffer, require)", async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, "index.ts")],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "sgkitSearch",
      write: false,
      logLevel: "silent",
      define: { __SGKIT_VERSION__: '"0.0.0-test"' },
    });
    const code = result.outputFiles[0]?.text ?? "";
    // What a browser has, and nothing Node adds.
    const context = createContext({
      ReadableStream,
      TextDecoder,
      TextEncoder,
      URL,
      URLSearchParams,
      AbortController,
      AbortSignal,
      Headers,
      Request,
      Response,
      fetch,
      setTimeout,
      clearTimeout,
      queueMicrotask,
    });
    runInContext(code, context);
    expect(runInContext("typeof process + typeof Buffer + typeof require", context)).toBe(
      "undefinedundefinedundefined",
    );
    const search = runInContext("sgkitSearch", context) as typeof import("./index.js");
    const body = new Blob([
      'event: matches\ndata: [{"type":"path","path":"a"}]\n\nevent: done\ndata: {}\n\n',
    ]).stream();
    const types: string[] = [];
    for await (const event of search.searchEvents(body)) types.push(event.type);
    expect(types).toEqual(["matches", "done"]);
  });
});
