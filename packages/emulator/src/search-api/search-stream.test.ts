import { describe, expect, it } from "vitest";
import type { Emulator } from "../server/start-emulator.js";
import { useEmulator } from "../test-support/use-emulator.js";

const start = useEmulator();

interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

async function search(
  emulator: Emulator,
  params: Record<string, string>,
  options: { token?: string | null; authorization?: string } = {},
): Promise<{ status: number; headers: Headers; body: string; events: StreamEvent[] }> {
  const headers: Record<string, string> = { Accept: "text/event-stream" };
  if (options.authorization !== undefined) headers.Authorization = options.authorization;
  else if (options.token !== null)
    headers.Authorization = `token ${emulator.token(options.token ?? "admin")}`;
  const response = await fetch(`${emulator.url}/.api/search/stream?${new URLSearchParams(params)}`, {
    headers,
  });
  const body = await response.text();
  const events =
    response.status === 200
      ? body
          .split("\n\n")
          .filter((chunk) => chunk !== "")
          .map((chunk) => {
            const [eventLine, dataLine, ...rest] = chunk.split("\n");
            expect(rest).toEqual([]);
            expect(eventLine).toMatch(/^event: [a-z]+$/);
            expect(dataLine).toMatch(/^data: /);
            return { event: (eventLine ?? "").slice(7), data: JSON.parse((dataLine ?? "").slice(6)) };
          })
      : [];
  return { status: response.status, headers: response.headers, body, events };
}

function matchesOf(events: readonly StreamEvent[]): Array<Record<string, unknown>> {
  return events.filter((e) => e.event === "matches").flatMap((e) => e.data as Array<Record<string, unknown>>);
}

function where(events: readonly StreamEvent[]): string[] {
  return matchesOf(events).map(
    (m) => `${String(m.repository)}${m.path === undefined ? "" : `:${String(m.path)}`}`,
  );
}

function lastProgress(events: readonly StreamEvent[]): Record<string, unknown> {
  return events.filter((e) => e.event === "progress").at(-1)?.data as Record<string, unknown>;
}

describe("GET /.api/search/stream", () => {
  it("streams the documented wire format exactly, done last", async () => {
    const emulator = await start();
    const { status, headers, body } = await search(emulator, { q: "Welcome", v: "V3" }, { token: null });
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/event-stream");
    const progress = /event: progress\ndata: (\{.*\})\n\n/.exec(body)?.[1] ?? "";
    const durationMs = (JSON.parse(progress) as { durationMs: number }).durationMs;
    expect(body).toBe(
      [
        `event: matches\ndata: ${JSON.stringify([
          {
            type: "content",
            repositoryID: 104,
            repository: "github.com/acme/docs",
            path: "index.md",
            commit: "HEAD",
            branches: ["HEAD"],
            language: "Markdown",
            lineMatches: [{ line: "Welcome.", lineNumber: 2, offsetAndLengths: [[0, 7]] }],
          },
        ])}\n\n`,
        `event: filters\ndata: ${JSON.stringify([
          {
            value: "repo:^github\\.com\\/acme\\/docs$",
            label: "github.com/acme/docs",
            count: 1,
            exhaustive: true,
            kind: "repo",
          },
          { value: "lang:markdown", label: "Markdown", count: 1, exhaustive: true, kind: "lang" },
        ])}\n\n`,
        `event: progress\ndata: ${JSON.stringify({ done: true, repositoriesCount: 1, matchCount: 1, durationMs, skipped: [] })}\n\n`,
        "event: done\ndata: {}\n\n",
      ].join(""),
    );
    expect(emulator.counters.get("search")).toBe(1);
  });

  it("shows anonymous visitors only unrestricted repositories, users their grants, site admins everything", async () => {
    const emulator = await start();
    const q = { q: "# " };
    expect(where((await search(emulator, q, { token: null })).events)).toEqual([
      "github.com/acme/docs:index.md",
    ]);
    expect(where((await search(emulator, q, { token: "userAll" })).events)).toEqual([
      "github.com/acme/api:README.md",
      "github.com/acme/web:README.md",
      "github.com/acme/docs:index.md",
    ]);
    expect(where((await search(emulator, q, { token: "readOnly" })).events)).toEqual([
      "github.com/acme/docs:index.md",
    ]);
    expect(where((await search(emulator, q)).events)).toEqual([
      "github.com/acme/api:README.md",
      "github.com/acme/web:README.md",
      "github.com/acme/secrets:README.md",
      "github.com/acme/docs:index.md",
    ]);
    const secrets = emulator.state.repositories.byName("github.com/acme/secrets");
    if (!secrets) throw new Error("the sample instance has no secrets repository");
    secrets.unrestricted = true;
    expect(where((await search(emulator, q, { token: null })).events)).toContain(
      "github.com/acme/secrets:README.md",
    );
  });

  it("hides the files a sub-repository rule denies", async () => {
    const emulator = await start();
    const asBob = `token-sudo user="bob",token="${emulator.token("sudo")}"`;
    const bob = await search(emulator, { q: "repo:acme/api$ type:path" }, { authorization: asBob });
    expect(where(bob.events)).toEqual(["github.com/acme/api:README.md", "github.com/acme/api:go.mod"]);
    const alice = await search(emulator, { q: "repo:acme/api$ type:path" }, { token: "userAll" });
    expect(where(alice.events)).toContain("github.com/acme/api:cmd/server/main.go");
    expect(where((await search(emulator, { q: "Println" }, { authorization: asBob })).events)).toEqual([]);
    expect(emulator.state.audit.entries.map(({ time: _, ...entry }) => entry)).toContainEqual({
      userId: 1,
      username: "admin",
      token: "sudo",
      api: "search",
      method: "search",
      note: 'token-sudo as user "bob"',
    });
  });

  // Plain-text bodies end in a newline, as Go's http.Error writes them (on both Go routes of Sourcegraph).
  it("answers bad credentials with the GraphQL route's plain-text 401s", async () => {
    const emulator = await start();
    const bad = await search(emulator, { q: "x" }, { authorization: "token nope" });
    expect([bad.status, bad.body]).toEqual([401, "Invalid access token.\n"]);
    const malformed = await search(emulator, { q: "x" }, { authorization: "Basic abc" });
    expect([malformed.status, malformed.body]).toEqual([401, "Invalid Authorization header.\n"]);
    const bearer = await search(
      emulator,
      { q: "Welcome" },
      { authorization: `Bearer ${emulator.token("admin")}` },
    );
    expect(where(bearer.events)).toEqual(["github.com/acme/docs:index.md"]);
    expect((await search(emulator, {})).status).toBe(400);
  });

  it("narrows to a readable search context, and alerts for one it may not read", async () => {
    const emulator = await start();
    expect(where((await search(emulator, { q: "context:acme #" }, { token: null })).events)).toEqual([
      "github.com/acme/docs:index.md",
    ]);
    expect(where((await search(emulator, { q: "context:acme #" }, { token: "userAll" })).events)).toEqual([
      "github.com/acme/api:README.md",
      "github.com/acme/docs:index.md",
    ]);
    const frontend = await search(emulator, { q: "context:@alice/frontend return" }, { token: "userAll" });
    expect(where(frontend.events)).toEqual(["github.com/acme/web:src/index.ts"]);
    const global = await search(emulator, { q: "context:global Welcome" }, { token: null });
    expect(where(global.events)).toEqual(["github.com/acme/docs:index.md"]);
    const denied = await search(emulator, { q: "context:@alice/frontend return" }, { token: "readOnly" });
    expect(denied.events.map((e) => e.event)).toEqual(["alert", "progress", "done"]);
    expect(denied.events[0]?.data).toMatchObject({
      title: "Search context not found",
      proposedQueries: null,
    });
  });

  it("filters by repo:, -repo:, file:, lang: and type:", async () => {
    const emulator = await start();
    expect(where((await search(emulator, { q: "repo:web Acme" })).events)).toEqual([
      "github.com/acme/web:README.md",
    ]);
    expect(where((await search(emulator, { q: "-repo:api -repo:web Acme" })).events)).toEqual([
      "github.com/acme/docs:index.md",
    ]);
    expect(where((await search(emulator, { q: "file:\\.go$ main" })).events)).toEqual([
      "github.com/acme/api:cmd/server/main.go",
    ]);
    expect(where((await search(emulator, { q: "lang:typescript" })).events)).toEqual([
      "github.com/acme/web:src/index.ts",
    ]);
    expect(where((await search(emulator, { q: "lang:go fmt" })).events)).toEqual([
      "github.com/acme/api:cmd/server/main.go",
    ]);
    const repos = await search(emulator, { q: "type:repo acme/(api|web)", t: "regexp" });
    expect(matchesOf(repos.events)).toEqual([
      {
        type: "repo",
        repositoryID: 101,
        repository: "github.com/acme/api",
        branches: ["HEAD"],
        private: true,
      },
      {
        type: "repo",
        repositoryID: 102,
        repository: "github.com/acme/web",
        branches: ["HEAD"],
        private: true,
      },
    ]);
    const paths = await search(emulator, { q: "type:path index" });
    expect(matchesOf(paths.events).map((m) => [m.path, m.pathMatches])).toEqual([
      [
        "src/index.ts",
        [{ start: { offset: 4, line: 0, column: 4 }, end: { offset: 9, line: 0, column: 9 } }],
      ],
      ["index.md", [{ start: { offset: 0, line: 0, column: 0 }, end: { offset: 5, line: 0, column: 5 } }]],
    ]);
    expect(where((await search(emulator, { q: "repo:docs" })).events)).toEqual(["github.com/acme/docs"]);
  });

  it("reads literal and regexp patterns, from patterntype: or the t parameter, and honours case:yes", async () => {
    const emulator = await start();
    expect(where((await search(emulator, { q: "acme.", t: "literal" })).events)).toEqual([]);
    expect(where((await search(emulator, { q: "patterntype:regexp Acme\\s(web|HTTP)" })).events)).toEqual([
      "github.com/acme/api:README.md",
      "github.com/acme/web:README.md",
    ]);
    expect(where((await search(emulator, { q: "acme web", t: "regexp" })).events)).toEqual([
      "github.com/acme/web:README.md",
    ]);
    expect(where((await search(emulator, { q: "ACME docs", t: "keyword" })).events)).toEqual([
      "github.com/acme/docs:index.md",
    ]);
    expect(where((await search(emulator, { q: "ACME docs case:yes" })).events)).toEqual([]);
    expect(where((await search(emulator, { q: '"Acme docs" case:yes' })).events)).toEqual([
      "github.com/acme/docs:index.md",
    ]);
  });

  it("sends chunk matches with exact offsets with cm=t", async () => {
    const emulator = await start();
    const lines = await search(emulator, { q: "name", "repo:": "", t: "literal" });
    const line = matchesOf(lines.events).find((m) => m.path === "src/index.ts");
    expect(line?.lineMatches).toEqual([
      { line: "export function greet(name: string): string {", lineNumber: 0, offsetAndLengths: [[22, 4]] },
      { line: '  return "hello, " + name;', lineNumber: 1, offsetAndLengths: [[21, 4]] },
    ]);
    const chunks = await search(emulator, { q: "file:index.ts name", cm: "t" });
    expect(matchesOf(chunks.events)[0]?.chunkMatches).toEqual([
      {
        content: "export function greet(name: string): string {",
        contentStart: { offset: 0, line: 0, column: 0 },
        ranges: [{ start: { offset: 22, line: 0, column: 22 }, end: { offset: 26, line: 0, column: 26 } }],
      },
      {
        content: '  return "hello, " + name;',
        contentStart: { offset: 46, line: 1, column: 0 },
        ranges: [{ start: { offset: 67, line: 1, column: 21 }, end: { offset: 71, line: 1, column: 25 } }],
      },
    ]);
    expect(matchesOf(chunks.events)[0]).not.toHaveProperty("lineMatches");
  });

  it("counts offsets in UTF-16 code units, lines from 0, in a custom seed's files", async () => {
    const emulator = await start({
      seed: {
        repositories: [
          {
            id: 1,
            name: "git.example/u/r",
            unrestricted: true,
            files: { "a.py": "# 😀 é\nx = 'wörld' # wörld\n" },
          },
        ],
      },
    });
    const { events } = await search(emulator, { q: "wörld", cm: "t" }, { token: null });
    expect(matchesOf(events)).toEqual([
      {
        type: "content",
        repositoryID: 1,
        repository: "git.example/u/r",
        path: "a.py",
        commit: "HEAD",
        branches: ["HEAD"],
        language: "Python",
        chunkMatches: [
          {
            content: "x = 'wörld' # wörld",
            contentStart: { offset: 7, line: 1, column: 0 },
            ranges: [
              { start: { offset: 12, line: 1, column: 5 }, end: { offset: 17, line: 1, column: 10 } },
              { start: { offset: 21, line: 1, column: 14 }, end: { offset: 26, line: 1, column: 19 } },
            ],
          },
        ],
      },
    ]);
    expect(lastProgress(events)).toMatchObject({ matchCount: 2, repositoriesCount: 1 });
  });

  it("stops at count: and at the display limit, and says so in progress.skipped", async () => {
    const emulator = await start();
    const counted = await search(emulator, { q: "# count:2" });
    expect(matchesOf(counted.events)).toHaveLength(2);
    expect(lastProgress(counted.events)).toMatchObject({
      done: true,
      matchCount: 2,
      skipped: [{ reason: "document-match-limit", severity: "info" }],
    });
    const filters = counted.events.find((e) => e.event === "filters")?.data as Array<{ exhaustive: boolean }>;
    expect(filters.map((filter) => filter.exhaustive)).not.toContain(true);
    const displayed = await search(emulator, { q: "#", display: "1" });
    expect(matchesOf(displayed.events)).toHaveLength(1);
    expect(lastProgress(displayed.events)).toMatchObject({ matchCount: 4, skipped: [{ reason: "display" }] });
    const all = await search(emulator, { q: "#", display: "-1" });
    expect(lastProgress(all.events)).toMatchObject({ matchCount: 4, skipped: [] });
  });

  it("flushes matches in batches, each followed by progress", async () => {
    const emulator = await start({ search: { batchSize: 2 } });
    const { events } = await search(emulator, { q: "#" });
    expect(events.map((e) => e.event)).toEqual([
      "matches",
      "progress",
      "matches",
      "progress",
      "filters",
      "progress",
      "done",
    ]);
    expect(events[1]?.data).toMatchObject({ done: false, matchCount: 2 });
  });

  it("sends repo and lang filters with counts", async () => {
    const emulator = await start();
    const { events } = await search(emulator, { q: "acme" });
    expect(events.find((e) => e.event === "filters")?.data).toEqual([
      { value: "lang:markdown", label: "Markdown", count: 3, exhaustive: true, kind: "lang" },
      {
        value: "repo:^github\\.com\\/acme\\/api$",
        label: "github.com/acme/api",
        count: 2,
        exhaustive: true,
        kind: "repo",
      },
      {
        value: "repo:^github\\.com\\/acme\\/docs$",
        label: "github.com/acme/docs",
        count: 1,
        exhaustive: true,
        kind: "repo",
      },
      {
        value: "repo:^github\\.com\\/acme\\/web$",
        label: "github.com/acme/web",
        count: 1,
        exhaustive: true,
        kind: "repo",
      },
    ]);
  });

  it.each([
    ["select:repo foo", "Unsupported filter"],
    ["foo and bar", "Unsupported operator"],
    ["foo OR bar", "Unsupported operator"],
    ["(foo)", "Unsupported syntax"],
    ["type:symbol foo", "Unsupported type"],
    ["patterntype:structural foo", "Unsupported pattern type"],
    ["(foo bar)", "Unsupported syntax"],
  ])("alerts, with no results, for %s", async (q, title) => {
    const emulator = await start();
    const { events } = await search(emulator, { q });
    expect(events.map((e) => e.event)).toEqual(["alert", "progress", "done"]);
    expect(events[0]?.data).toMatchObject({ title, proposedQueries: null });
  });

  it("sends an error event then done on an internal failure", async () => {
    const emulator = await start();
    emulator.state.repositories.all = () => {
      throw new Error("disk on fire");
    };
    const { status, events } = await search(emulator, { q: "x" });
    expect(status).toBe(200);
    expect(events).toEqual([
      { event: "error", data: { message: "disk on fire" } },
      { event: "done", data: {} },
    ]);
  });

  it("cuts the connection mid-stream with an injected lostAnswer, after cutAfterEvents events", async () => {
    const emulator = await start({
      faults: { perMethod: { search: { rate: 1, kinds: { lostAnswer: 1 } } } },
      search: { batchSize: 1, cutAfterEvents: 3 },
    });
    const response = await fetch(`${emulator.url}/.api/search/stream?q=%23`, {
      headers: { Authorization: `token ${emulator.token("admin")}` },
    });
    expect(response.status).toBe(200);
    let received = "";
    if (!response.body) throw new Error("no body");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received += value;
        }
      })(),
    ).rejects.toThrow();
    expect(
      received
        .split("\n\n")
        .filter(Boolean)
        .map((chunk) => chunk.split("\n")[0]),
    ).toEqual(["event: matches", "event: progress", "event: matches"]);
    expect(emulator.faults?.log.map((d) => d.method)).toEqual(["search"]);
  });

  it("adds injected latency before every event", async () => {
    const emulator = await start({ faults: { perMethod: { search: { latencyMs: 30 } } } });
    const began = performance.now();
    const { events } = await search(emulator, { q: "Welcome" }, { token: null });
    expect(events).toHaveLength(4);
    expect(performance.now() - began).toBeGreaterThanOrEqual(4 * 30 - 5);
  });

  it("answers an injected 503 and destroys the connection for an injected reset, before streaming", async () => {
    const unavailable = await start({
      faults: { perMethod: { search: { rate: 1, kinds: { unavailable: 1 } } } },
    });
    const answer = await search(unavailable, { q: "x" });
    expect([answer.status, answer.body]).toEqual([503, "injected fault: the service is unavailable\n"]);
    const reset = await start({ faults: { perMethod: { search: { rate: 1, kinds: { reset: 1 } } } } });
    await expect(fetch(`${reset.url}/.api/search/stream?q=x`)).rejects.toThrow();
    expect(reset.counters.get("search")).toBe(1);
  });

  it("answers other methods with 405, and a sudo to a missing user with 403", async () => {
    const emulator = await start();
    const post = await fetch(`${emulator.url}/.api/search/stream?q=x`, { method: "POST" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET"]);
    const sudo = await search(
      emulator,
      { q: "x" },
      { authorization: `token-sudo user="nobody",token="${emulator.token("sudo")}"` },
    );
    expect([sudo.status, sudo.body]).toEqual([403, "Unable to sudo to nonexistent user.\n"]);
  });

  it("sends a keep-alive progress whenever nothing was written for progressIntervalMs", async () => {
    const emulator = await start({
      faults: { perMethod: { search: { latencyMs: 60 } } },
      search: { progressIntervalMs: 15 },
    });
    const { events } = await search(emulator, { q: "Welcome" }, { token: null });
    const names = events.map((e) => e.event);
    expect(names.indexOf("matches")).toBeGreaterThan(0);
    expect(events.slice(0, names.indexOf("matches")).every((e) => e.event === "progress")).toBe(true);
    expect(events[0]?.data).toMatchObject({ done: false, matchCount: 0 });
    expect(names.slice(-3)).toEqual(["filters", "progress", "done"]);
    expect(events.filter((e) => (e.data as { done?: boolean }).done === true)).toHaveLength(1);
  });

  it.each([
    [{ batchSize: 0 }, "search.batchSize: must be an integer >= 1, got 0"],
    [{ progressIntervalMs: 1.5 }, "search.progressIntervalMs: must be an integer >= 1, got 1.5"],
    [{ cutAfterEvents: -1 }, "search.cutAfterEvents: must be an integer >= 0, got -1"],
  ])("refuses the search options %j", async (options, message) => {
    await expect(start({ search: options })).rejects.toThrow(new RangeError(message));
  });

  it("answers injected 503s and 429s before streaming", async () => {
    const emulator = await start({
      faults: { perMethod: { search: { rate: 1, kinds: { rateLimited: 1 } } } },
    });
    const { status, headers } = await search(emulator, { q: "x" });
    expect([status, headers.get("retry-after")]).toEqual([429, "1"]);
  });
});
