import { describe, expect, it } from "vitest";
import type { PlanRepository } from "../plan/plan-types.js";
import { createDiffPrinter } from "./planning.js";

/** A repository `r<id>` with `creates` grants and `deletes` revocations: a diff of 1 + creates + deletes lines. */
function repository(id: number, creates: number, deletes = 0): PlanRepository {
  return {
    repository: id,
    name: `github.com/acme/r${id}`,
    source: `acl.ndjson:${id}`,
    observed: { count: deletes, fingerprint: "0".repeat(32) },
    desired: creates,
    create: Array.from({ length: creates }, (_, i) => ({ user: 100 + i, label: `new${i}` })),
    delete: Array.from({ length: deletes }, (_, i) => ({ user: 200 + i, label: `old${i}` })),
  };
}

function printer(
  json: boolean,
  maxDiffLines: number,
): { show(r: PlanRepository): void; finish(): void; out: string[] } {
  const out: string[] = [];
  const created = createDiffPrinter({ json, maxDiffLines, stdout: { write: (text) => out.push(text) } });
  return { show: (r) => created.show(r), finish: () => created.finish(), out };
}

describe("createDiffPrinter", () => {
  it("prints each repository's diff as one write, and nothing at the end when all fit", () => {
    const p = printer(false, 0);
    p.show(repository(1, 1, 1));
    p.show(repository(2, 0, 2));
    p.finish();
    expect(p.out).toEqual([
      "~ github.com/acme/r1 (acl.ndjson:1)\n    + new0\n    - old0\n",
      "~ github.com/acme/r2 (acl.ndjson:2)\n    - old0\n    - old1\n",
    ]);
  });

  it("with 0 lines as the limit, prints everything however long", () => {
    const p = printer(false, 0);
    for (let id = 1; id <= 50; id++) p.show(repository(id, 100));
    p.finish();
    expect(p.out.join("").split("\n")).toHaveLength(50 * 101 + 1);
  });

  it("prints repositories while they fit in the limit, exactly up to it, and counts the rest", () => {
    const p = printer(false, 6);
    p.show(repository(1, 2)); // 3 lines
    p.show(repository(2, 2)); // 3 more: exactly 6
    p.show(repository(3, 0, 1)); // would be 8
    p.show(repository(4, 5));
    p.finish();
    expect(p.out.join("")).toBe(
      [
        "~ github.com/acme/r1 (acl.ndjson:1)",
        "    + new0",
        "    + new1",
        "~ github.com/acme/r2 (acl.ndjson:2)",
        "    + new0",
        "    + new1",
        "… and 2 more repositories with changes (raise --max-diff-lines, or read the plan file)",
        "",
      ].join("\n"),
    );
  });

  it("never cuts a repository's diff in half: one too long is left out, a later one that fits is shown", () => {
    const p = printer(false, 4);
    p.show(repository(1, 10));
    p.show(repository(2, 1));
    p.finish();
    expect(p.out).toEqual([
      "~ github.com/acme/r2 (acl.ndjson:2)\n    + new0\n",
      "… and 1 more repository with changes (raise --max-diff-lines, or read the plan file)\n",
    ]);
  });

  it("with --json, writes nothing at all: stdout is one JSON document", () => {
    const p = printer(true, 1);
    p.show(repository(1, 3));
    p.show(repository(2, 3));
    p.finish();
    expect(p.out).toEqual([]);
  });

  it("writes nothing at the end when nothing was shown", () => {
    const p = printer(false, 10);
    p.finish();
    expect(p.out).toEqual([]);
  });
});
