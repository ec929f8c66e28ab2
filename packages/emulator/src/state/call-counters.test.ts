import { describe, expect, it } from "vitest";
import { CallCounters } from "./call-counters.js";

describe("CallCounters", () => {
  it("counts per method, totals, snapshots sorted by name, and resets", () => {
    const counters = new CallCounters();
    counters.increment("List");
    counters.increment("Create");
    counters.increment("Create");
    expect(counters.get("Create")).toBe(2);
    expect(counters.get("Delete")).toBe(0);
    expect(counters.total()).toBe(3);
    expect(JSON.stringify(counters.snapshot())).toBe('{"Create":2,"List":1}');
    counters.reset();
    expect(counters.snapshot()).toEqual({});
  });
});
