import { describe, expect, it } from "vitest";
import { parseSearchQuery, UnsupportedQueryError } from "./parse-search-query.js";

describe("parseSearchQuery", () => {
  it("reads filters and joins the pattern terms with single spaces", () => {
    expect(
      parseSearchQuery(
        'r:^a -repo:b f:\\.go$ -file:_test lang:Go type:path case:yes count:3 context:global foo   "x  y"',
      ),
    ).toEqual({
      pattern: "foo x  y",
      patternType: "literal",
      caseSensitive: true,
      repo: ["^a"],
      notRepo: ["b"],
      repoRevisions: new Map(),
      file: ["\\.go$"],
      notFile: ["_test"],
      lang: ["go"],
      type: "path",
      count: 3,
      context: "global",
    });
  });

  it("takes the pattern type from patterntype:, else from the default, keyword and standard as literal", () => {
    expect(parseSearchQuery("a", "regexp").patternType).toBe("regexp");
    expect(parseSearchQuery("patternType:literal a", "regexp").patternType).toBe("literal");
    expect(parseSearchQuery("a", "keyword").patternType).toBe("literal");
    expect(parseSearchQuery("a", "standard").patternType).toBe("literal");
    expect(parseSearchQuery("count:all a").count).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("reads one /.../ term of a keyword or standard query as a regexp, and refuses one RE2 cannot read", () => {
    expect(parseSearchQuery("repo:x /a+b/", "standard")).toMatchObject({
      pattern: "a+b",
      patternType: "regexp",
    });
    expect(parseSearchQuery("/a+b/", "keyword")).toMatchObject({ pattern: "a+b", patternType: "regexp" });
    expect(parseSearchQuery("/a+b/", "literal")).toMatchObject({ pattern: "/a+b/", patternType: "literal" });
    expect(parseSearchQuery('"/a+b/"', "standard")).toMatchObject({
      pattern: "/a+b/",
      patternType: "literal",
    });
    expect(() => parseSearchQuery("x /a+b/", "standard")).toThrow(UnsupportedQueryError);
    expect(() => parseSearchQuery("/(?=a)/", "standard")).toThrow(/is not a valid regexp/);
    expect(() => parseSearchQuery("file:a(?!b) x")).toThrow(/is not a valid regexp/);
  });

  it("SEARCH-13: reads repo:<re>@<rev>:<rev> as Sourcegraph's ParseRepositoryRevisions: the revisions after the first @", () => {
    const query = parseSearchQuery("repo:^a/b$@main:v1.0 repo:c@ -repo:d@x foo");
    expect(query.repo).toEqual(["^a/b$", "c"]);
    expect(query.notRepo).toEqual(["d@x"]);
    expect([...query.repoRevisions]).toEqual([["^a/b$", ["main", "v1.0"]]]);
  });

  it("reads type:symbol", () => {
    expect(parseSearchQuery("type:symbol greet")).toMatchObject({ type: "symbol", pattern: "greet" });
  });

  it("keeps unknown fields and quoted values as pattern terms", () => {
    expect(parseSearchQuery("http://x").pattern).toBe("http://x");
    expect(parseSearchQuery('"and"').pattern).toBe("and");
    expect(parseSearchQuery('file:"a b" c').file).toEqual(["a b"]);
    expect(parseSearchQuery("(a|b)", "regexp").pattern).toBe("(a|b)");
  });

  it.each([
    "select:repo x",
    "a and b",
    "a OR b",
    "not a",
    "(a b)",
    "type:commit x",
    "patterntype:structural x",
    "repo:( x",
    "count:0 x",
    "-lang:go x",
    "rev:main x",
  ])("refuses %s", (query) => {
    expect(() => parseSearchQuery(query)).toThrow(UnsupportedQueryError);
  });
});
