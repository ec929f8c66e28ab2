import { describe, expect, it } from "vitest";
import { countNoun } from "./count-noun.js";

describe("countNoun", () => {
  it("uses the singular for exactly one, the plural otherwise", () => {
    expect(countNoun(1, "repository", "repositories")).toBe("1 repository");
    expect(countNoun(0, "repository", "repositories")).toBe("0 repositories");
    expect(countNoun(2, "grant", "grants")).toBe("2 grants");
  });
});
