import { describe, expect, it } from "vitest";
import { collect, isIncompleteReason } from "./collect.js";
import { StreamingSearchError } from "./errors.js";
import type { SearchEvent } from "./events.js";

async function* from(events: SearchEvent[]): AsyncGenerator<SearchEvent> {
  yield* events;
}

const match = (path: string) => ({ type: "path", path, repositoryID: 1, repository: "r" }) as const;
const progress = (skipped: string[]) => ({
  done: true,
  matchCount: 1,
  durationMs: 1,
  skipped: skipped.map((reason) => ({ reason, title: reason, message: "", severity: "info" })),
});

describe("collect", () => {
  it("adds matches and alerts, replaces progress and filters, skips unknown events", async () => {
    const results = await collect(
      from([
        { type: "matches", data: [match("a")] },
        { type: "filters", data: [{ value: "a", label: "a", count: 1, kind: "lang" }] },
        { type: "progress", data: progress(["shard-timeout"]) },
        { type: "unknown", event: "x", data: 1 },
        { type: "alert", data: { title: "t", proposedQueries: null } },
        { type: "matches", data: [match("b")] },
        { type: "filters", data: [] },
        { type: "progress", data: progress(["repository-fork"]) },
        { type: "done", data: {} },
      ]),
    );
    expect(results).toEqual({
      matches: [match("a"), match("b")],
      progress: progress(["repository-fork"]),
      filters: [],
      alerts: [{ title: "t", proposedQueries: null }],
      complete: true,
    });
  });

  it("gives the trace of a stream that has one (as search's does)", async () => {
    const stream = Object.assign(from([{ type: "done", data: {} }]), { trace: "abc123" });
    expect((await collect(stream)).trace).toBe("abc123");
    expect(await collect(from([{ type: "done", data: {} }]))).not.toHaveProperty("trace");
  });

  it("is not complete when the last progress says a limit or timeout stopped it", async () => {
    for (const reason of ["display", "shard-timeout", "document-match-limit", "some-new-limit"]) {
      const results = await collect(
        from([
          { type: "progress", data: progress([reason]) },
          { type: "done", data: {} },
        ]),
      );
      expect(results.complete, reason).toBe(false);
    }
  });

  it("throws StreamingSearchError after done for an error event, or returns it when asked", async () => {
    const events: SearchEvent[] = [
      { type: "matches", data: [match("a")] },
      { type: "error", data: { message: "backend down" } },
      { type: "done", data: {} },
    ];
    const error = await collect(from(events)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamingSearchError);
    expect((error as StreamingSearchError).message).toContain("backend down");
    expect((error as StreamingSearchError).results.matches).toHaveLength(1);
    const results = await collect(from(events), { throwOnError: false });
    expect(results).toMatchObject({ error: "backend down", complete: false });
  });
});

describe("isIncompleteReason", () => {
  it("counts limits and timeouts, not what was left out by design", () => {
    const yes = ["display", "document-match-limit", "shard-match-limit", "repository-limit", "shard-timeout"];
    const no = [
      "repository-cloning",
      "repository-missing",
      "backend-missing",
      "repository-fork",
      "excluded-archive",
      "limited",
    ];
    expect(yes.filter(isIncompleteReason)).toEqual(yes);
    expect(no.filter(isIncompleteReason)).toEqual([]);
  });
});
