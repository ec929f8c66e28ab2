import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { bundleForBrowser } from "../../../tools/browser-bundle.js";

describe("the entry", () => {
  it("bundles for browsers with no Node built-in", async () => {
    const { inputs, imports } = await bundleForBrowser(join(import.meta.dirname, "index.ts"));
    expect(imports.filter((path) => path.startsWith("node:"))).toEqual([]);
    expect(inputs.some((path) => path.includes("undici"))).toBe(false);
    expect(inputs.some((path) => path.endsWith("src/sse.ts"))).toBe(true);
  });
});

describe("the browser bundle", () => {
  it("loads and parses a stream with no Node globals (no process, Buffer, require)", async () => {
    const { code } = await bundleForBrowser(join(import.meta.dirname, "index.ts"), "iife", "sgkitSearch");
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
