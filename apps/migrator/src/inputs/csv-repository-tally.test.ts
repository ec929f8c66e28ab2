import { describe, expect, it } from "vitest";
import type { AclFragment } from "./acl-fragment.js";
import { CsvRepositoryTally } from "./csv-repository-tally.js";

const row = (repository: string, user: string, line: number): AclFragment => ({
  repository,
  users: [{ bindId: user, line }],
  line,
  droppedBlankBindIds: 0,
});

describe("CsvRepositoryTally", () => {
  it("counts distinct users exactly for contiguous rows, and marks scattered repositories split", () => {
    const tally = new CsvRepositoryTally();
    [row("a", "x", 2), row("a", "x", 3), row("a", "y", 4), row("b", "x", 5), row("a", "x", 6)].forEach(
      (fragment, index) => {
        tally.add(fragment, index);
      },
    );
    expect(Object.fromEntries(tally.repositories)).toEqual({
      a: { line: 2, closesAt: 4, users: 3, split: true },
      b: { line: 5, closesAt: 3, users: 1, split: false },
    });
  });
});
