// @sgkit/search's client against the emulator's /.api/search/stream over real loopback HTTP: permission-filtered
// results, search contexts, the collector end to end, chunk options, symbols, traces, capacity, errors, abort and
// the canary. (A grant made through @sgkit/permissions showing up in the next search is in @sgkit/sourcegraph's
// test/cross-api.test.ts.) No nock here.
import { AuthenticationError, SourcegraphError } from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { describe, expect, it } from "vitest";
import {
  type ContentMatch,
  createSearchClient,
  highlightChunkMatch,
  highlightLineMatch,
  IncompleteStreamError,
  type SearchEvent,
  type SearchMatch,
  type SymbolMatch,
} from "../src/index.js";
import { clientFor, rejectionOf, start, WEB } from "./support/emulator.js";

/** "repository:path" of every content match, sorted. */
function files(matches: SearchMatch[]): string[] {
  return matches
    .filter((match): match is ContentMatch => match.type === "content")
    .map((match) => `${match.repository}:${match.path}`)
    .sort();
}

describe("search: permission-filtered results", () => {
  it("a user sees granted and unrestricted repositories, minus sub-repository-hidden files", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "alice").searchAll("needle");
    expect(results.complete).toBe(true);
    expect(files(results.matches)).toEqual([
      "github.com/acme/api:main.go",
      "github.com/acme/docs:README.md",
      "github.com/acme/docs:emoji.md",
      "github.com/acme/web:index.ts",
    ]);
  });

  it("a site admin sees every repository, hidden files included", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("needle");
    expect(files(results.matches)).toEqual([
      "github.com/acme/api:internal/secret.go",
      "github.com/acme/api:main.go",
      "github.com/acme/docs:README.md",
      "github.com/acme/docs:emoji.md",
      "github.com/acme/secrets:keys.txt",
      "github.com/acme/web:index.ts",
    ]);
  });

  it("anonymous and an ungranted user see only unrestricted repositories", async () => {
    const emulator = await start();
    const expected = ["github.com/acme/docs:README.md", "github.com/acme/docs:emoji.md"];
    expect(files((await clientFor(emulator).searchAll("needle")).matches)).toEqual(expected);
    expect(files((await clientFor(emulator, "bob").searchAll("needle")).matches)).toEqual(expected);
  });

  it("making a repository unrestricted in the emulator's state shows up in the next search", async () => {
    const emulator = await start();
    const repository = emulator.state.repositories.byId(WEB);
    expect(repository).toBeDefined();
    if (repository) repository.unrestricted = true;
    const results = await clientFor(emulator).searchAll("needle repo:acme/web");
    expect(files(results.matches)).toEqual(["github.com/acme/web:index.ts"]);
  });
});

describe("search: search contexts", () => {
  it("context:global searches everything visible; context:@alice/frontend narrows to its repositories", async () => {
    const emulator = await start();
    const global = await clientFor(emulator, "alice").searchAll("context:global needle");
    expect(files(global.matches)).toHaveLength(4);
    const frontend = await clientFor(emulator, "alice").searchAll("context:@alice/frontend needle");
    expect(files(frontend.matches)).toEqual(["github.com/acme/web:index.ts"]);
    expect(frontend.alerts).toEqual([]);
  });

  it("an unreadable context answers an alert and no matches", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "alice").searchAll("context:@bob/private needle");
    expect(results.matches).toEqual([]);
    expect(results.alerts).toHaveLength(1);
    expect(results.alerts[0]?.title).toEqual(expect.any(String));
  });
});

describe("search: collector semantics end to end", () => {
  it("a display limit gives complete: false with a display skipped reason", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("needle", { displayLimit: 1 });
    expect(results.matches).toHaveLength(1);
    expect(results.complete).toBe(false);
    expect(results.progress?.skipped.map((skipped) => skipped.reason)).toContain("display");
  });

  it("a normal search is complete, with progress and filters", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("needle repo:docs");
    expect(results.complete).toBe(true);
    expect(results.progress?.done).toBe(true);
    expect(results.progress?.matchCount).toBe(3);
    expect(results.filters.length).toBeGreaterThan(0);
    expect(results.error).toBeUndefined();
  });

  it("chunkMatches: true gives chunk matches", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("needle file:README", {
      chunkMatches: true,
    });
    const [match] = results.matches;
    expect(match?.type).toBe("content");
    const content = match as ContentMatch;
    expect(content.lineMatches).toBeUndefined();
    expect(content.chunkMatches?.map((chunk) => chunk.content)).toEqual([
      "needle in docs",
      "needle again in docs",
    ]);
  });

  it("line matches highlight the pattern (ASCII)", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("needle file:README");
    const line = (results.matches[0] as ContentMatch).lineMatches?.[0];
    expect(line).toBeDefined();
    if (!line) return;
    const spans = highlightLineMatch(line);
    expect(spans.filter((span) => span.highlighted).map((span) => span.text)).toEqual(["needle"]);
  });

  // Sourcegraph counts offsetAndLengths and columns in code points (Go runes) and offsets in UTF-8 bytes; the
  // emulator sends those units and the client's highlight helpers read them (😀 is one code point).
  it("line matches after an astral character highlight the pattern", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("needle file:emoji");
    const line = (results.matches[0] as ContentMatch).lineMatches?.[0];
    expect(line?.offsetAndLengths).toEqual([[2, 6]]);
    if (!line) return;
    const spans = highlightLineMatch(line);
    expect(spans.filter((span) => span.highlighted).map((span) => span.text)).toEqual(["needle"]);
  });

  it("chunk matches after an astral character highlight the pattern; offsets are UTF-8 bytes", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("needle file:emoji", { chunkMatches: true });
    const [chunk] = (results.matches[0] as ContentMatch).chunkMatches ?? [];
    expect(chunk?.ranges).toEqual([
      { start: { offset: 5, line: 0, column: 2 }, end: { offset: 11, line: 0, column: 8 } },
    ]);
    if (!chunk) return;
    expect(highlightChunkMatch(chunk).filter((span) => span.highlighted)).toEqual([
      { text: "needle", highlighted: true },
    ]);
  });
});

describe("search: chunk context, line length, symbols, trace", () => {
  it("contextLines adds lines around chunk matches, merging chunks that would overlap", async () => {
    const emulator = await start();
    const near = await clientFor(emulator, "admin").searchAll("needle file:README", { chunkMatches: true });
    expect((near.matches[0] as ContentMatch).chunkMatches).toHaveLength(2);
    const merged = await clientFor(emulator, "admin").searchAll("needle file:README", {
      chunkMatches: true,
      contextLines: 1,
    });
    const chunks = (merged.matches[0] as ContentMatch).chunkMatches ?? [];
    expect(chunks.map((chunk) => [chunk.content, chunk.ranges.length])).toEqual([
      ["needle in docs\nneedle again in docs", 2],
    ]);
    const spans = chunks[0] ? highlightChunkMatch(chunks[0]) : [];
    expect(spans.filter((span) => span.highlighted).map((span) => span.text)).toEqual(["needle", "needle"]);
  });

  it("maxLineLength cuts chunk content on the server; contentTruncated is set and highlights are clipped", async () => {
    const emulator = await start();
    const results = await clientFor(emulator, "admin").searchAll("again file:README", {
      chunkMatches: true,
      maxLineLength: 9,
    });
    const [chunk] = (results.matches[0] as ContentMatch).chunkMatches ?? [];
    expect(chunk).toMatchObject({ content: "needle ag", contentTruncated: true });
    if (!chunk) return;
    expect(highlightChunkMatch(chunk)).toEqual([
      { text: "needle ", highlighted: false },
      { text: "ag", highlighted: true },
    ]);
  });

  it("type:symbol finds definitions the viewer may see", async () => {
    const emulator = await start();
    const admin = await clientFor(emulator, "admin").searchAll("type:symbol");
    const symbols = admin.matches
      .filter((match): match is SymbolMatch => match.type === "symbol")
      .flatMap((match) =>
        match.symbols.map((symbol) => `${match.path}:${symbol.line}:${symbol.kind}:${symbol.name}`),
      );
    expect(symbols).toEqual([
      "internal/secret.go:1:FUNCTION:leak",
      "main.go:3:FUNCTION:main",
      "index.ts:2:FUNCTION:greet",
    ]);
    expect(admin.progress?.matchCount).toBe(3);
    // alice does not see internal/ (a sub-repository rule).
    const alice = await clientFor(emulator, "alice").searchAll("type:symbol");
    expect(alice.matches.map((match) => (match as SymbolMatch).path).sort()).toEqual(["index.ts", "main.go"]);
  });

  it("trace: true asks the server to trace; the X-Trace header is the stream's and searchAll's trace", async () => {
    const emulator = await start();
    const stream = clientFor(emulator, "admin").search("needle", { trace: true });
    let progressTrace: unknown;
    for await (const event of stream) if (event.type === "progress") progressTrace = event.data.trace;
    expect(stream.trace).toMatch(/^[0-9a-f]{32}$/);
    expect(progressTrace).toContain(stream.trace);
    const traced = await clientFor(emulator, "admin").searchAll("needle", { trace: true });
    expect(traced.trace).toMatch(/^[0-9a-f]{32}$/);
    expect(traced.trace).not.toBe(stream.trace);
    expect(await clientFor(emulator, "admin").searchAll("needle")).not.toHaveProperty("trace");
  });
});

describe("search: a saturated instance (the emulator's capacity model)", () => {
  it("delays searches past capacity: they queue, then all complete", async () => {
    const emulator = await start({ capacity: { workers: 1, serviceMs: 100, queueTimeoutMs: 5000 } });
    const results = await Promise.all([1, 2, 3].map(() => clientFor(emulator, "admin").searchAll("needle")));
    expect(results.map((result) => result.complete)).toEqual([true, true, true]);
    // One worker: two of the three searches waited in the queue, and none was refused.
    expect(emulator.capacityStats()).toMatchObject({ served: 3, rejected: 0, maxQueued: 2 });
  });

  it("then refuses them with a 503 before the stream, which the client retries, then reports", async () => {
    const emulator = await start({ capacity: { workers: 1, serviceMs: 1500, queueTimeoutMs: 20 } });
    const first = clientFor(emulator, "admin").searchAll("needle");
    const second = await rejectionOf(clientFor(emulator, "admin").searchAll("needle"));
    expect(second).toBeInstanceOf(SourcegraphError);
    expect(second).toMatchObject({ status: 503, code: "unavailable" });
    expect(second.message).toContain("server over capacity");
    expect((await first).complete).toBe(true);
    // The refused search was retried (clientFor's millisecond backoff) before the error came back.
    expect(emulator.capacityStats()?.rejected).toBeGreaterThan(1);
  });
});

describe("search: errors", () => {
  it("a bad token is an AuthenticationError quoting the plain-text body", async () => {
    const emulator = await start();
    const error = await rejectionOf(
      createSearchClient({ endpoint: emulator.url, token: "sgp_local_not_a_token", retry: false }).searchAll(
        "needle",
      ),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("Invalid access token.");
  });

  // The emulator destroys the socket mid-stream (fault lostAnswer under key `search`).
  it("a cut connection is an IncompleteStreamError carrying the partial results", async () => {
    const emulator = await start({
      search: { batchSize: 1, progressIntervalMs: 5000, cutAfterEvents: 2 },
      faults: { perMethod: { search: { rate: 1, kinds: { lostAnswer: 1 } } } },
    });
    const error = await rejectionOf(clientFor(emulator, "admin", { retry: false }).searchAll("needle"));
    expect(error).toBeInstanceOf(IncompleteStreamError);
    const partial = (error as IncompleteStreamError).partial;
    expect(partial?.complete).toBe(false);
    expect(partial?.matches).toHaveLength(1);
    expect(emulator.faults?.log.map((entry) => entry.kind)).toEqual(["lostAnswer"]);
  });
});

describe("search: abort", () => {
  it("aborting mid-stream ends the iteration with the signal's reason, not after the server's next event", async () => {
    // The next event would take ten minutes: only the abort can end this before the test's timeout.
    const emulator = await start({
      search: { batchSize: 1, progressIntervalMs: 5000, cutAfterEvents: 2 },
      faults: { perMethod: { search: { latencyMs: 600_000 } } },
    });
    const controller = new AbortController();
    const reason = new Error("stop now");
    const seen: SearchEvent[] = [];
    setTimeout(() => controller.abort(reason), 300);
    const error = await (async () => {
      try {
        for await (const event of clientFor(emulator, "admin").search("needle", {
          signal: controller.signal,
        })) {
          seen.push(event);
        }
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBe(reason);
  });
});

describe("search: canary", () => {
  it("the token never appears in thrown errors", async () => {
    const canary = createCanaryToken();
    const emulator = await start(
      {
        search: { batchSize: 1, progressIntervalMs: 5000, cutAfterEvents: 2 },
        faults: { perMethod: { search: { rate: 1, kinds: { lostAnswer: 1 } } } },
      },
      [{ name: "canary", user: "alice", scopes: ["user:all"], value: canary }],
    );
    const errors: unknown[] = [];
    errors.push(await rejectionOf(clientFor(emulator, "canary", { retry: false }).searchAll("needle")));
    const wrong = `${canary}x`;
    errors.push(
      await rejectionOf(
        createSearchClient({ endpoint: emulator.url, token: wrong, retry: false }).searchAll("needle"),
      ),
    );
    // A cut connection and a refused token.
    expect(errors[0]).toBeInstanceOf(IncompleteStreamError);
    expect(errors[1]).toBeInstanceOf(AuthenticationError);
    expect(findSecret(canary, ...errors)).toBeUndefined();
    expect(findSecret(wrong, ...errors)).toBeUndefined();
  });
});
