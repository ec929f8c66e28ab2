import { describe, expect, expectTypeOf, it } from "vitest";
import type { SearchEvent } from "./events.js";
import { type ContentMatch, isKnownMatch, type LineMatch, type SearchMatch } from "./matches.js";

describe("SearchMatch", () => {
  it("narrows on type, so a content match's lineMatches are typed", () => {
    const check = (match: SearchMatch) => {
      if (match.type === "content") {
        expectTypeOf(match).toEqualTypeOf<ContentMatch>();
        expectTypeOf(match.lineMatches).toEqualTypeOf<LineMatch[] | undefined>();
      }
    };
    check({ type: "path", path: "a", repositoryID: 1, repository: "r" });
    expectTypeOf<Extract<SearchEvent, { type: "matches" }>["data"]>().toEqualTypeOf<SearchMatch[]>();
  });

  it("isKnownMatch tells a newer server's match types apart, and keeps unknown fields", () => {
    const novel = { type: "notebook", title: "x", extra: { kept: true } };
    expect(isKnownMatch(novel)).toBe(false);
    expect(isKnownMatch({ type: "repo", repositoryID: 1, repository: "r", stars: 3 })).toBe(true);
  });
});
