import { afterEach, describe, expect, it, vi } from "vitest";
import { byteSearchView } from "./byte-search-view.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("byteSearchView", () => {
  const memory = Uint8Array.of(0, 1, 10, 2, 13, 10, 3);
  const bytes = memory.subarray(1, 6);

  it("is a view of the same bytes, without a copy, whose indexOf finds the same positions", () => {
    const view = byteSearchView(bytes);
    expect([...view]).toEqual([...bytes]);
    expect([view.indexOf(10), view.indexOf(10, 2), view.indexOf(13), view.indexOf(7)]).toEqual([1, 4, 3, -1]);
    memory[2] = 99;
    expect(view[1]).toBe(99);
  });

  it("uses Node's Buffer where there is one, and the bytes themselves where there is none (a browser)", () => {
    expect(Buffer.isBuffer(byteSearchView(bytes))).toBe(true);
    vi.stubGlobal("Buffer", undefined);
    expect(byteSearchView(bytes)).toBe(bytes);
  });
});
