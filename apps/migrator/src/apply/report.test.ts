import { describe, expect, it } from "vitest";
import {
  type ApplyReport,
  applySucceeded,
  type FailedOperation,
  renderReport,
  type SkippedRepository,
} from "./report.js";

const CLEAN: ApplyReport = {
  planId: "ab".repeat(32),
  created: 129,
  deleted: 11,
  confirmedByRetry: 0,
  unchanged: 0,
  doneMeanwhile: 0,
  withheld: 0,
  notStarted: 0,
  skipped: [],
  failed: [],
  conflicts: [],
  resumed: 0,
  interrupted: false,
  finished: true,
  calls: { CreateExplicitRepoPermission: 129, DeleteExplicitRepoPermission: 11, graphql: 1 },
  durationMs: 612,
};

function skipped(count: number): SkippedRepository[] {
  return Array.from({ length: count }, (_, i) => ({
    repository: i + 1,
    name: `github.com/acme/r${i + 1}`,
    reason: "its ACL changed since the plan was made",
    operations: i + 2,
  }));
}

function failed(count: number): FailedOperation[] {
  return Array.from({ length: count }, (_, i) => ({
    repository: 1,
    name: "github.com/acme/api",
    op: i % 2 === 0 ? "create" : "delete",
    user: 100 + i,
    label: `user${i}`,
    reason: "unavailable: the server is overloaded",
  }));
}

describe("renderReport", () => {
  it("totals a clean run: counts, calls per method in the order made, and the duration in seconds", () => {
    expect(renderReport(CLEAN)).toEqual([
      "Apply: 129 created, 11 deleted, 0 already done, 0 failed, 0 repositories skipped.",
      "Calls: CreateExplicitRepoPermission 129, DeleteExplicitRepoPermission 11, graphql 1; 0.6 s.",
    ]);
  });

  it("counts retries, what failed, the outages waited out and their time, and the concurrency limit", () => {
    const resilience = {
      retries: 14,
      waits: 1,
      waitedMs: 20_340,
      budgetWaits: 0,
      failures: { "connection reset": 4, "HTTP 503": 9 },
      concurrencyLimit: 9,
    };
    expect(renderReport({ ...CLEAN, resilience }).at(-1)).toBe(
      "Retries: 14 (failed attempts: HTTP 503 ×9, connection reset ×4); waited out 1 outage (20.3 s without a successful call); concurrency limit 9.",
    );
    expect(
      renderReport({
        ...CLEAN,
        resilience: { ...resilience, retries: 0, waits: 0, waitedMs: 0, failures: {}, budgetWaits: 3 },
      }).at(-1),
    ).toBe("Retries: 0; no outage; 3 retries waited for retry budget; concurrency limit 9.");
  });

  it("says none when no call was made, and rounds the duration to a tenth", () => {
    expect(
      renderReport({ ...CLEAN, created: 0, deleted: 0, unchanged: 4, calls: {}, durationMs: 1949 }),
    ).toEqual([
      "Apply: 0 created, 0 deleted, 4 already done, 0 failed, 0 repositories skipped.",
      "Calls: none; 1.9 s.",
    ]);
  });

  it("says how many repositories the earlier run finished", () => {
    expect(renderReport({ ...CLEAN, resumed: 37 })[1]).toBe(
      "Calls: CreateExplicitRepoPermission 129, DeleteExplicitRepoPermission 11, graphql 1; 0.6 s; 37 repositories done by the earlier run.",
    );
  });

  it("lists skipped repositories and failed operations with their reasons, + for a create and - for a delete", () => {
    expect(renderReport({ ...CLEAN, skipped: skipped(2), failed: failed(2) })).toEqual([
      "Apply: 129 created, 11 deleted, 0 already done, 2 failed, 2 repositories skipped.",
      "Calls: CreateExplicitRepoPermission 129, DeleteExplicitRepoPermission 11, graphql 1; 0.6 s.",
      "  skipped github.com/acme/r1 (2 operations): its ACL changed since the plan was made",
      "  skipped github.com/acme/r2 (3 operations): its ACL changed since the plan was made",
      "  failed + user0 on github.com/acme/api: unavailable: the server is overloaded",
      "  failed - user1 on github.com/acme/api: unavailable: the server is overloaded",
    ]);
  });

  it("says 1 delete withheld in the singular", () => {
    expect(renderReport({ ...CLEAN, failed: failed(1), withheld: 1 })[0]).toContain(
      ", 1 delete withheld after errors.",
    );
  });

  it("explains withheld deletes after the failures", () => {
    const lines = renderReport({ ...CLEAN, failed: failed(1), withheld: 4 });
    expect(lines[0]).toBe(
      "Apply: 129 created, 11 deleted, 0 already done, 1 failed, 0 repositories skipped, 4 deletes withheld after errors.",
    );
    expect(lines.slice(2)).toEqual([
      "  failed + user0 on github.com/acme/api: unavailable: the server is overloaded",
      "  No delete runs after a failed call, so nobody loses access on the strength of a grant that did not happen; fix the cause and run apply again with --resume.",
    ]);
  });

  it("lists at most 20 of each and counts the rest", () => {
    const lines = renderReport({ ...CLEAN, skipped: skipped(45), failed: failed(21) });
    expect(lines[0]).toBe(
      "Apply: 129 created, 11 deleted, 0 already done, 21 failed, 45 repositories skipped.",
    );
    expect(lines.filter((line) => line.startsWith("  skipped "))).toHaveLength(20);
    expect(lines.filter((line) => line.startsWith("  failed "))).toHaveLength(20);
    expect(lines[21]).toBe(
      "  skipped github.com/acme/r20 (21 operations): its ACL changed since the plan was made",
    );
    expect(lines[22]).toBe("  … and 25 more skipped");
    expect(lines[42]).toBe("  failed - user19 on github.com/acme/api: unavailable: the server is overloaded");
    expect(lines[43]).toBe("  … and 1 more failed (--json lists them all)");
    expect(lines).toHaveLength(44);
  });

  it("adds no count line at exactly 20", () => {
    const lines = renderReport({ ...CLEAN, skipped: skipped(20), failed: failed(20) });
    expect(lines).toHaveLength(42);
    expect(lines.some((line) => line.includes("more"))).toBe(false);
  });

  it("counts writes whose lost answer a retry confirmed apart from both created and already done", () => {
    const lines = renderReport({ ...CLEAN, created: 126, deleted: 11, confirmedByRetry: 3 });
    expect(lines.slice(0, 2)).toEqual([
      "Apply: 126 created, 11 deleted, 3 done (confirmed by retry), 0 already done, 0 failed, 0 repositories skipped.",
      "  Done (confirmed by retry): the answer to writes of this run was lost, and the retry found them done; most likely the first attempt made them.",
    ]);
  });

  it("says how many were done by someone else between the read and the call, and how many were not started", () => {
    const lines = renderReport({ ...CLEAN, unchanged: 2, doneMeanwhile: 1, notStarted: 5, finished: false });
    expect(lines.slice(0, 2)).toEqual([
      "Apply: 129 created, 11 deleted, 2 already done, 0 failed, 0 repositories skipped, 5 operations not started (stopped).",
      "  1 operation was done by someone else between this run's read and its call (counted as already done).",
    ]);
  });

  it("lists the repositories someone else changed meanwhile, with their changes, and what to do", () => {
    const lines = renderReport({
      ...CLEAN,
      conflicts: [{ repository: 1, name: "github.com/acme/api", added: ["users/13"], removed: ["alice"] }],
    });
    expect(lines[0]).toBe(
      "Apply: 129 created, 11 deleted, 0 already done, 0 failed, 0 repositories skipped, 1 repository changed by someone else meanwhile.",
    );
    expect(lines.slice(2)).toEqual([
      "  changed meanwhile github.com/acme/api: + users/13, - alice by someone else",
      "  Someone else wrote these ACLs while this run did: read back after its writes, they hold neither this plan's state nor, likely, theirs. Run verify to see the difference, then plan and apply again (one apply at a time).",
    ]);
  });
});

describe("applySucceeded", () => {
  it.each([
    ["a clean run", {}, true],
    ["a run with a write confirmed by retry", { confirmedByRetry: 2 }, true],
    ["a failure", { failed: failed(1) }, false],
    ["a skipped repository", { skipped: skipped(1) }, false],
    [
      "a repository changed meanwhile",
      { conflicts: [{ repository: 1, name: "r", added: [], removed: ["x"] }] },
      false,
    ],
    ["a withheld delete", { withheld: 1 }, false],
    ["an operation not started", { notStarted: 1 }, false],
    ["an interruption", { interrupted: true }, false],
  ] as [string, Partial<ApplyReport>, boolean][])("is %s a success: %s", (_name, change, success) => {
    expect(applySucceeded({ ...CLEAN, ...change })).toBe(success);
  });
});
