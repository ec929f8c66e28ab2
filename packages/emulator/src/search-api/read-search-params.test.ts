import { describe, expect, it } from "vitest";
import { readSearchParams } from "./read-search-params.js";

const read = (query: Record<string, string>) => readSearchParams(new URLSearchParams(query));

describe("readSearchParams", () => {
  it("reads every parameter", () => {
    expect(read({ q: "x", t: "regexp", display: "10", cm: "t", cl: "2", "max-line-len": "5000" })).toEqual({
      query: "x",
      patternType: "regexp",
      display: 10,
      chunkMatches: true,
      contextLines: 2,
      maxLineLength: 5000,
    });
  });

  it("defaults: no display limit, line matches, no context, no line length limit (0 is none too)", () => {
    expect(read({ q: "x", "max-line-len": "0" })).toEqual({
      query: "x",
      patternType: undefined,
      display: Number.POSITIVE_INFINITY,
      chunkMatches: false,
      contextLines: 0,
      maxLineLength: undefined,
    });
    expect(read({ q: "x", display: "-1", cm: "false" })).toMatchObject({
      display: Number.POSITIVE_INFINITY,
      chunkMatches: false,
    });
  });

  it.each([
    [{}, "no query: the q parameter is required"],
    [{ q: "  " }, "no query: the q parameter is required"],
    [{ q: "x", cl: "two" }, 'cl must be a whole number >= 0, got "two"'],
    [{ q: "x", cl: "1.5" }, 'cl must be a whole number >= 0, got "1.5"'],
    [{ q: "x", "max-line-len": "-3" }, 'max-line-len must be a whole number >= 0, got "-3"'],
  ])("refuses %j", (query, error) => {
    expect(read(query)).toEqual({ error });
  });
});
