import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { doublingFragments } from "../../test/support/hostile-graphql.js";
import {
  braceDepth,
  DEFAULT_QUERY_COST_LIMITS,
  estimateQueryCost,
  queryCostViolations,
} from "./estimate-query-cost.js";

const cost = (text: string, variables?: Record<string, unknown>) => estimateQueryCost(parse(text), variables);

describe("estimateQueryCost", () => {
  it("counts fields and the nesting of selection sets", () => {
    expect(cost("{ a b { c d { e } } }")).toEqual({
      fieldCount: 5,
      maxDepth: 3,
      aliasCount: 0,
      highestDuplicateFieldCount: 0,
      uniqueFieldCount: 5,
    });
  });

  it("multiplies what is inside a field by its first: or last:, from a literal, a variable or its default", () => {
    const query =
      "query Q($n: Int = 7) { repositories(first: 10) { nodes { authorizedUsers(first: $n) { nodes { id username } } } } }";
    // repositories, then 10 x (authorizedUsers + n x (id + username)); `nodes` does not count.
    expect(cost(query)).toMatchObject({ fieldCount: 1 + 10 * (1 + 7 * 2), maxDepth: 5 });
    expect(cost(query, { n: 100 })).toMatchObject({ fieldCount: 1 + 10 * (1 + 100 * 2) });
    expect(cost("{ users(last: 3) { nodes { id __typename } } }")).toMatchObject({ fieldCount: 1 + 3 });
    expect(cost("query Q($n: Int) { users(first: $n) { nodes { id } } }")).toMatchObject({ fieldCount: 2 });
  });

  it("counts a fragment's fields and aliases at every spread, and its depth where it is spread", () => {
    const query = `
      query A { r0: repository(name: "a") { ...R } r1: repository(name: "b") { ...R } }
      fragment R on Repository { i: id authorizedUsers(first: 2) { nodes { ...U } } }
      fragment U on User { u: username organizations { nodes { name } } }
    `;
    // R: i, authorizedUsers, 2 x U (u, organizations, name) = 8; A: 2 x (1 + 8). Aliases: r0, r1, and i and u
    // in each R. Depth: the braces of { r0 { authorizedUsers { nodes { organizations { nodes { name } } } } } }.
    expect(cost(query)).toMatchObject({ fieldCount: 18, aliasCount: 2 + 2 * 2, maxDepth: 6 });
  });

  it("LIMIT-6: sums the operations of the document, whichever one runs", () => {
    expect(cost("query A { x: currentUser { id } } query B { y: currentUser { id } }")).toMatchObject({
      fieldCount: 4,
      aliasCount: 2,
      maxDepth: 2,
    });
  });

  it("counts only the largest inline fragment of a selection set, each one a level deeper", () => {
    const query = "{ node(id: 1) { ... on User { a b c } ... on Org { d { e } } } }";
    expect(cost(query)).toMatchObject({ fieldCount: 1 + 3, maxDepth: 4 });
    const nested = `{ ${"... on Query { ".repeat(30)}__typename${" }".repeat(30)} }`;
    expect(cost(nested)).toMatchObject({ maxDepth: 31 });
  });

  it("LIMIT-4, LIMIT-5: counts the most repeated field name and the distinct names, a fragment's at every spread", () => {
    const query = "{ a: id b: id c: id d { id } ...F ...F } fragment F on Query { x y }";
    expect(cost(query)).toMatchObject({ highestDuplicateFieldCount: 4, uniqueFieldCount: 4 });
  });

  it("costs fragments doubled at every level without expanding them", () => {
    expect(cost(doublingFragments(26))).toMatchObject({
      fieldCount: 2 ** 27,
      aliasCount: 0,
      maxDepth: 2,
      uniqueFieldCount: 2 ** 27,
    });
    // 2^1000 expansions: counting them one by one would never end; the counts saturate.
    expect(cost(doublingFragments(1000))).toMatchObject({ fieldCount: Number.MAX_SAFE_INTEGER });
  });

  it("names a fragment on a cycle instead of counting forever", () => {
    expect(cost("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A x }")).toEqual({
      cycle: expect.stringMatching(/^[AB]$/),
    });
    expect(cost("{ ...C } fragment C on Query { ...C }")).toEqual({ cycle: "C" });
    // A fragment that only depends on a cycle is not on it.
    expect(cost("{ ...D } fragment D on Query { ...E } fragment E on Query { ...E }")).toEqual({
      cycle: "E",
    });
  });

  it("ignores a spread of an unknown fragment (validation refuses it)", () => {
    expect(cost("{ a ...Missing }")).toMatchObject({ fieldCount: 1 });
  });
});

describe("queryCostViolations", () => {
  it("LIMIT-1, LIMIT-2, LIMIT-3, LIMIT-4, LIMIT-5: lists each limit exceeded with Sourcegraph's type names, in its order", () => {
    const within = {
      fieldCount: 500_000,
      maxDepth: 30,
      aliasCount: 500,
      highestDuplicateFieldCount: 500,
      uniqueFieldCount: 500,
    };
    expect(queryCostViolations(within, DEFAULT_QUERY_COST_LIMITS)).toEqual([]);
    const past = {
      fieldCount: 500_001,
      maxDepth: 31,
      aliasCount: 501,
      highestDuplicateFieldCount: 501,
      uniqueFieldCount: 501,
    };
    expect(queryCostViolations(past, DEFAULT_QUERY_COST_LIMITS)).toEqual([
      { type: "alias count", limit: 500, actual: 501 },
      { type: "field count", limit: 500_000, actual: 500_001 },
      { type: "query depth", limit: 30, actual: 31 },
      { type: "duplicate field count", limit: 500, actual: 501 },
      { type: "unique field count", limit: 500, actual: 501 },
    ]);
  });
});

describe("braceDepth", () => {
  it("reads the deepest nesting of braces token by token, ignoring strings and comments", () => {
    expect(braceDepth('{ a(s: "{{{") { b } } # {{{{')).toBe(2);
    expect(braceDepth(`${"{a".repeat(100_000)}${"}".repeat(100_000)}`)).toBe(100_000);
  });
});
