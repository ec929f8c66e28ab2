// @sgkit/search's client against what Sourcegraph's server does (the emulator reproduces it; the public source each
// behaviour was read from is listed in the emulator's README, "Streaming search"): a bad request is HTTP 200 with an
// `error` event then `done`; a `count:` limit is reported as `shard-match-limit`; file matches carry the commit's
// 40-hex SHA, the requested revisions as `branches` and `hunks: null`; no `filters` event when there are none.
import { describe, expect, it } from "vitest";
import { type ContentMatch, type SearchMatch, StreamingSearchError, type SymbolMatch } from "../src/index.js";
import { clientFor, rejectionOf, start } from "./support/emulator.js";

function contentMatches(matches: SearchMatch[]): ContentMatch[] {
  return matches.filter((match): match is ContentMatch => match.type === "content");
}

describe("search: the server's error-then-done answer", () => {
  it("a missing query is HTTP 200, an error event then done: searchAll rejects with StreamingSearchError", async () => {
    const emulator = await start();
    const error = await rejectionOf(clientFor(emulator, "alice").searchAll(""));
    expect(error).toBeInstanceOf(StreamingSearchError);
    const results = (error as StreamingSearchError).results;
    expect(results.error).toBe("no query found");
    expect(results.complete).toBe(false);
    expect(results.matches).toEqual([]);
    expect(error.message).toBe("The search failed: no query found");
  });

  it("with throwOnError: false the error is results.error, and the stream's events are error then done", async () => {
    const emulator = await start();
    const client = clientFor(emulator, "alice");
    const results = await client.searchAll("", { throwOnError: false });
    expect([results.error, results.complete]).toEqual(["no query found", false]);
    const events: string[] = [];
    for await (const event of client.search("")) events.push(event.type);
    expect(events).toEqual(["error", "done"]);
  });
});

describe("search: limits and filters as the server reports them", () => {
  it("a count: limit reached gives complete: false with a shard-match-limit skipped reason", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "alice").searchAll("needle count:1");
    expect(results.matches).toHaveLength(1);
    expect(results.complete).toBe(false);
    expect(results.progress?.skipped).toMatchObject([
      { reason: "shard-match-limit", suggested: { queryExpression: "count:1000" } },
    ]);
  });

  it("no filters event when there are none: filters stay empty, the search is complete", async () => {
    const emulator = await start();
    const events: string[] = [];
    const client = clientFor(emulator, "alice");
    for await (const event of client.search("no-such-needle-anywhere")) events.push(event.type);
    expect(events).toEqual(["progress", "done"]);
    const results = await client.searchAll("no-such-needle-anywhere");
    expect([results.filters, results.matches, results.complete]).toEqual([[], [], true]);
  });
});

describe("search: commit, branches and hunks on file matches", () => {
  it("passes the commit's 40-hex SHA, the revisions searched as branches, and hunks: null through, typed", async () => {
    const emulator = await start();
    const client = clientFor(emulator, "alice");
    const [plain] = contentMatches((await client.searchAll("needle file:README")).matches);
    const commit: string | undefined = plain?.commit;
    const branches: string[] | undefined = plain?.branches;
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    // The default branch: Sourcegraph reports the input revision, which is empty.
    expect(branches).toEqual([""]);
    expect(plain?.hunks).toBeNull();

    const revved = contentMatches((await client.searchAll("repo:acme/docs@main needle file:README")).matches);
    expect(revved.map((match) => match.branches)).toEqual([["main"]]);
    expect(revved[0]?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(revved[0]?.commit).not.toBe(commit);

    // A search context's revisions (@alice/frontend searches github.com/acme/web at main).
    const context = contentMatches((await client.searchAll("context:@alice/frontend needle")).matches);
    expect(context.map((match) => [match.repository, match.branches])).toEqual([
      ["github.com/acme/web", ["main"]],
    ]);

    const symbols = (await client.searchAll("repo:acme/web@v2 type:symbol greet")).matches.filter(
      (match): match is SymbolMatch => match.type === "symbol",
    );
    expect(symbols.map((match) => match.branches)).toEqual([["v2"]]);
    expect(symbols[0]?.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});
