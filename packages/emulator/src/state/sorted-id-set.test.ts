import { describe, expect, it } from "vitest";
import { SortedIdSet } from "./sorted-id-set.js";

describe("SortedIdSet", () => {
  it("keeps ids sorted and unique whatever the insertion order", () => {
    const set = new SortedIdSet();
    for (const id of [5, 1, 9, 3, 5, 7, 1]) set.add(id);
    expect(set.values()).toEqual([1, 3, 5, 7, 9]);
    expect(set.size).toBe(5);
    expect(set.add(3)).toBe(false);
    expect(set.has(7)).toBe(true);
    expect(set.has(8)).toBe(false);
  });

  it("appends ascending ids and still refuses a repeat of the last one", () => {
    const set = new SortedIdSet();
    for (const id of [1, 2, 3, 3, 2, 10]) set.add(id);
    expect(set.add(10)).toBe(false);
    expect(set.values()).toEqual([1, 2, 3, 10]);
    expect(set.add(4)).toBe(true);
    expect(set.values()).toEqual([1, 2, 3, 4, 10]);
  });

  it("answers every question right while ids added out of order wait to be merged", () => {
    const set = new SortedIdSet();
    for (const id of [10, 20, 30]) set.add(id);
    for (const id of [25, 5, 15]) expect(set.add(id)).toBe(true);
    expect(set.add(25)).toBe(false);
    expect(set.add(30)).toBe(false);
    expect(set.size).toBe(6);
    expect(set.has(5)).toBe(true);
    expect(set.has(30)).toBe(true);
    expect(set.has(26)).toBe(false);
    expect(set.delete(15)).toBe(true);
    expect(set.delete(15)).toBe(false);
    expect(set.delete(20)).toBe(true);
    expect(set.size).toBe(4);
    expect(set.page(5, 2)).toEqual({ ids: [10, 25], more: true });
    // After the merge: an append, then out of order again.
    expect(set.add(40)).toBe(true);
    expect(set.add(1)).toBe(true);
    expect(set.values()).toEqual([1, 5, 10, 25, 30, 40]);
  });

  it("loads 100 000 ids in random order and pages them in order", () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => i + 1);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
    }
    const set = new SortedIdSet();
    for (const id of ids) set.add(id);
    expect(set.size).toBe(100_000);
    expect(set.page(49_999, 3)).toEqual({ ids: [50_000, 50_001, 50_002], more: true });
    expect(set.values()).toEqual([...ids].sort((a, b) => a - b));
  });

  it("deletes, and says whether there was something to delete", () => {
    const set = new SortedIdSet();
    set.add(1);
    set.add(2);
    expect(set.delete(1)).toBe(true);
    expect(set.delete(1)).toBe(false);
    expect(set.values()).toEqual([2]);
  });

  it("pages after a cursor id, and says whether more follow", () => {
    const set = new SortedIdSet();
    for (const id of [10, 20, 30, 40]) set.add(id);
    expect(set.page(0, 2)).toEqual({ ids: [10, 20], more: true });
    expect(set.page(20, 2)).toEqual({ ids: [30, 40], more: false });
    // A cursor that is no longer in the set (deleted between pages) still continues at the right place.
    expect(set.page(25, 10)).toEqual({ ids: [30, 40], more: false });
    expect(set.page(40, 10)).toEqual({ ids: [], more: false });
  });
});
