import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { countAliases } from "./count-aliases.js";

describe("countAliases", () => {
  it("counts aliased fields at every depth, in inline fragments and at every spread of a fragment", () => {
    const document = parse(`
      query A {
        r0: repository(name: "a") { id }
        r1: repository(name: "b") { ...F }
        currentUser { ...F ... on User { u: username } }
      }
      query B { x: currentUser { id } }
      fragment F on Node { i: id j: id }
    `);
    expect(countAliases(document, "A")).toBe(2 + 2 + 2 + 1);
    expect(countAliases(document, "B")).toBe(1);
    // Without a name, the most expensive operation counts.
    expect(countAliases(document)).toBe(7);
    expect(countAliases(parse("{ currentUser { id } }"))).toBe(0);
  });
});
