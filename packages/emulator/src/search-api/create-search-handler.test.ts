import { describe, expect, it } from "vitest";
import { useEmulator } from "../../test/support/use-emulator.js";
import type { Emulator } from "../server/start-emulator.js";
import { readSearchParams } from "./create-search-handler.js";
import { fakeCommit } from "./run-search.js";

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
  it("SEARCH-1: streams the documented wire format exactly, done last", async () => {
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
            language: "Markdown",
            hunks: null,
            lineMatches: [{ line: "Welcome.", lineNumber: 2, offsetAndLengths: [[0, 7]] }],
            commit: fakeCommit("github.com/acme/docs"),
            branches: [""],
          },
        ])}\n\n`,
        // Equal counts: by value, as Sourcegraph orders them.
        `event: filters\ndata: ${JSON.stringify([
          { value: "lang:markdown", label: "Markdown", count: 1, exhaustive: true, kind: "lang" },
          {
            value: "repo:^github\\.com/acme/docs$",
            label: "github.com/acme/docs",
            count: 1,
            exhaustive: true,
            kind: "repo",
          },
        ])}\n\n`,
        `event: progress\ndata: ${JSON.stringify({ done: true, repositoriesCount: 1, matchCount: 1, durationMs, skipped: [] })}\n\n`,
        "event: done\ndata: {}\n\n",
      ].join(""),
    );
    expect(emulator.counters.get("search")).toBe(1);
  });

  it("SEARCH-16: shows anonymous visitors only unrestricted repositories, users their grants, site admins everything", async () => {
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
    // A token with only the /api/ HTTP API's externalapi:* scopes is refused (it needs user:all).
    const readOnly = await search(emulator, q, { token: "readOnly" });
    expect([readOnly.status, readOnly.body]).toEqual([401, "Invalid access token.\n"]);
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

  it("SEARCH-16: hides the files a sub-repository rule denies", async () => {
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
  it("AUTH-9: answers bad credentials with the GraphQL route's plain-text 401s", async () => {
    const emulator = await start();
    const bad = await search(emulator, { q: "x" }, { authorization: "token nope" });
    expect([bad.status, bad.body]).toEqual([401, "Invalid access token.\n"]);
    const malformed = await search(emulator, { q: "x" }, { authorization: "token-sudo nope" });
    expect([malformed.status, malformed.body]).toEqual([401, "Invalid Authorization header.\n"]);
    const bearer = await search(
      emulator,
      { q: "Welcome" },
      { authorization: `Bearer ${emulator.token("admin")}` },
    );
    expect(where(bearer.events)).toEqual(["github.com/acme/docs:index.md"]);
    const noQuery = await search(emulator, {});
    expect([noQuery.status, noQuery.events.map((e) => e.event)]).toEqual([200, ["error", "done"]]);
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
    const denied = await search(emulator, { q: "context:@alice/frontend return" }, { token: null });
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
        private: true,
      },
      {
        type: "repo",
        repositoryID: 102,
        repository: "github.com/acme/web",
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

  it("reads a /.../ pattern as a regexp in keyword and standard queries, and literally otherwise", async () => {
    const emulator = await start();
    for (const t of ["keyword", "standard"]) {
      expect(where((await search(emulator, { q: "/Acme\\s(web|HTTP)/", t })).events)).toEqual([
        "github.com/acme/api:README.md",
        "github.com/acme/web:README.md",
      ]);
    }
    expect(where((await search(emulator, { q: "/Acme\\s(web|HTTP)/", t: "literal" })).events)).toEqual([]);
    const mixed = await search(emulator, { q: "acme /web/", t: "standard" });
    expect(mixed.events.map((e) => e.event)).toEqual(["alert", "progress", "done"]);
  });

  describe("regular expressions a request supplies run in linear time (RE2), as Sourcegraph's do", () => {
    const hostileSeed = {
      users: [{ id: 1, username: "admin", siteAdmin: true }],
      repositories: [
        {
          id: 1,
          name: `github.com/acme/${"a".repeat(60)}`,
          files: { [`${"x".repeat(60)}.txt`]: `${"x".repeat(5_000)}\n` },
        },
      ],
      tokens: [{ name: "admin", user: "admin", scopes: ["user:all"] }],
    };

    it.each([
      ["repo:", { q: "repo:(.*?){14}! x" }],
      ["-repo:", { q: "-repo:(a*)*b x" }],
      ["file:", { q: "file:(x+x+)+y x" }],
      ["a regexp pattern", { q: "(x+x+)+y", t: "regexp" }],
      ["a /.../ pattern", { q: "/(.*?){20}y/", t: "standard" }],
      ["a path pattern", { q: "type:path (x|xx)+y", t: "regexp" }],
    ])("LIMIT-9: completes a search with a hostile %s", async (_, params) => {
      const emulator = await start({ seed: hostileSeed });
      const { status, events } = await search(emulator, params);
      expect(status).toBe(200);
      expect(events.map((e) => e.event).filter((name) => name !== "matches")).toEqual(
        expect.arrayContaining(["progress", "done"]),
      );
      expect(events.at(-1)?.event).toBe("done");
      expect(events.some((e) => e.event === "error" || e.event === "alert")).toBe(false);
      expect(lastProgress(events)).toMatchObject({ done: true });
    });

    it.each([
      ["a backreference", { q: "(a)\\1", t: "regexp" }],
      ["a lookahead", { q: "repo:acme(?!/docs) x" }],
      ["a lookbehind", { q: "file:(?<=src/)index x" }],
      ["a repeat count RE2 refuses", { q: "/(a{1000}){1000}/", t: "standard" }],
    ])(
      "LIMIT-9: answers %s, which RE2 has no syntax for, with an alert as a query syntax problem",
      async (_, params) => {
        const emulator = await start();
        const { status, events } = await search(emulator, params);
        expect(status).toBe(200);
        expect(events.map((e) => e.event)).toEqual(["alert", "progress", "done"]);
        expect(events[0]?.data).toMatchObject({
          title: "Invalid regular expression",
          description: expect.stringContaining("is not a valid regexp: error parsing regexp"),
          proposedQueries: null,
        });
      },
    );
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

  // As Sourcegraph: offsets are UTF-8 bytes from the file's start, columns and offsetAndLengths code points.
  it("SEARCH-10: counts offsets in UTF-8 bytes and columns in code points, lines from 0, in a custom seed's files", async () => {
    const emulator = await start({
      seed: {
        repositories: [
          {
            id: 1,
            name: "git.example/u/r",
            unrestricted: true,
            files: { "a.py": "# 😀 é\nx = '😀wörld' # wörld\n", "😀/wörld.md": "x\n" },
          },
        ],
      },
    });
    const { events } = await search(emulator, { q: "wörld file:a.py", cm: "t" }, { token: null });
    expect(matchesOf(events)).toEqual([
      {
        type: "content",
        repositoryID: 1,
        repository: "git.example/u/r",
        path: "a.py",
        commit: fakeCommit("git.example/u/r"),
        branches: [""],
        hunks: null,
        language: "Python",
        chunkMatches: [
          {
            content: "x = '😀wörld' # wörld",
            // "# 😀 é\n" is 1 + 1 + 4 + 1 + 2 + 1 = 10 bytes.
            contentStart: { offset: 10, line: 1, column: 0 },
            ranges: [
              { start: { offset: 19, line: 1, column: 6 }, end: { offset: 25, line: 1, column: 11 } },
              { start: { offset: 29, line: 1, column: 15 }, end: { offset: 35, line: 1, column: 20 } },
            ],
          },
        ],
      },
    ]);
    expect(lastProgress(events)).toMatchObject({ matchCount: 2, repositoriesCount: 1 });
    const lines = await search(emulator, { q: "wörld file:a.py" }, { token: null });
    expect(matchesOf(lines.events)[0]?.lineMatches).toEqual([
      {
        line: "x = '😀wörld' # wörld",
        lineNumber: 1,
        offsetAndLengths: [
          [6, 5],
          [15, 5],
        ],
      },
    ]);
    const paths = await search(emulator, { q: "type:path wörld" }, { token: null });
    expect(matchesOf(paths.events)[0]?.pathMatches).toEqual([
      { start: { offset: 5, line: 0, column: 2 }, end: { offset: 11, line: 0, column: 7 } },
    ]);
  });

  it("SEARCH-11: finds symbols with type:symbol, each symbol one match, with a 1-based line and a link to its range (no @ for the default branch)", async () => {
    const emulator = await start();
    const { events } = await search(emulator, { q: "type:symbol gree" });
    expect(matchesOf(events)).toEqual([
      {
        type: "symbol",
        repositoryID: 102,
        repository: "github.com/acme/web",
        path: "src/index.ts",
        commit: fakeCommit("github.com/acme/web"),
        branches: [""],
        language: "TypeScript",
        symbols: [
          {
            url: "/github.com/acme/web/-/blob/src/index.ts?L1:17-1:22",
            name: "greet",
            containerName: "",
            kind: "FUNCTION",
            line: 1,
          },
        ],
      },
    ]);
    const all = await search(emulator, { q: "type:symbol" });
    expect(
      matchesOf(all.events).flatMap((m) => (m.symbols as Array<{ name: string }>).map((x) => x.name)),
    ).toEqual(["main", "greet"]);
    expect(lastProgress(all.events)).toMatchObject({ matchCount: 2 });
    expect(where((await search(emulator, { q: "type:symbol main" }, { token: null })).events)).toEqual([]);
  });

  it("adds cl context lines around chunk matches, in one chunk when they would overlap", async () => {
    const emulator = await start({
      seed: {
        repositories: [
          {
            id: 1,
            name: "git.example/u/r",
            unrestricted: true,
            files: { "a.txt": "a\nneedle 1\nb\nc\nd\ne\nneedle 2\nf\nneedle 3\ng\n" },
          },
        ],
      },
    });
    const chunks = async (params: Record<string, string>) =>
      (matchesOf((await search(emulator, { q: "needle", cm: "t", ...params }, { token: null })).events)[0]
        ?.chunkMatches ?? []) as Array<{
        content: string;
        contentStart: { line: number };
        ranges: unknown[];
      }>;
    const withContext = await chunks({ cl: "1" });
    expect(withContext.map((chunk) => [chunk.contentStart, chunk.content, chunk.ranges.length])).toEqual([
      [{ offset: 0, line: 0, column: 0 }, "a\nneedle 1\nb", 1],
      [{ offset: 17, line: 5, column: 0 }, "e\nneedle 2\nf\nneedle 3\ng", 2],
    ]);
    expect((await chunks({ cl: "0" })).map((chunk) => chunk.content)).toEqual([
      "needle 1",
      "needle 2",
      "needle 3",
    ]);
    expect((await chunks({ cl: "9" })).map((chunk) => chunk.contentStart.line)).toEqual([0]);
    const bad = await search(emulator, { q: "needle", cm: "t", cl: "-1" }, { token: null });
    expect([bad.status, bad.events.map((e) => e.event)]).toEqual([200, ["error", "done"]]);
    expect(bad.events[0]?.data).toEqual({
      message:
        'context lines must be parseable as a boolean, got "-1": strconv.ParseUint: parsing "-1": invalid syntax',
    });
  });

  it("cuts chunk content lines to max-line-len bytes, never inside a character, and says contentTruncated", async () => {
    const line = "ééééé needle";
    const emulator = await start({
      seed: {
        repositories: [
          { id: 1, name: "git.example/u/r", unrestricted: true, files: { "a.txt": `${line}\nneedle\n` } },
        ],
      },
    });
    const { events } = await search(emulator, { q: "needle", cm: "t", "max-line-len": "7" }, { token: null });
    expect(matchesOf(events)[0]?.chunkMatches).toEqual([
      {
        // é is 2 bytes: a fourth would make 8.
        content: "ééé",
        contentStart: { offset: 0, line: 0, column: 0 },
        // The ranges still point where the match is in the file.
        ranges: [{ start: { offset: 11, line: 0, column: 6 }, end: { offset: 17, line: 0, column: 12 } }],
        contentTruncated: true,
      },
      {
        content: "needle",
        contentStart: { offset: 18, line: 1, column: 0 },
        ranges: [{ start: { offset: 18, line: 1, column: 0 }, end: { offset: 24, line: 1, column: 6 } }],
      },
    ]);
    const lines = await search(emulator, { q: "needle", "max-line-len": "5" }, { token: null });
    expect(matchesOf(lines.events)[0]?.lineMatches).toEqual([
      { line, lineNumber: 0, offsetAndLengths: [[6, 6]] },
      { line: "needle", lineNumber: 1, offsetAndLengths: [[0, 6]] },
    ]);
    const bad = await search(emulator, { q: "needle", "max-line-len": "5kb" }, { token: null });
    expect([bad.status, bad.events.map((e) => e.event)]).toEqual([200, ["error", "done"]]);
  });

  it("SEARCH-14: answers X-Sourcegraph-Should-Trace: true with an X-Trace header and the trace's URL in progress", async () => {
    const emulator = await start();
    const response = await fetch(`${emulator.url}/.api/search/stream?q=Welcome`, {
      headers: { "X-Sourcegraph-Should-Trace": "true" },
    });
    const id = response.headers.get("x-trace");
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const body = await response.text();
    const progresses = body.split("\n").filter((line) => line.startsWith('data: {"done"'));
    expect(progresses.length).toBeGreaterThan(0);
    for (const line of progresses) expect(JSON.parse(line.slice(6)).trace).toContain(`/${id}`);
    const untraced = await search(emulator, { q: "Welcome" }, { token: null });
    expect(untraced.headers.get("x-trace")).toBeNull();
    expect(lastProgress(untraced.events)).not.toHaveProperty("trace");
  });

  // Timing assertions are lower bounds only; exact queueing is tested in capacity.test.ts.
  it("under the capacity model, a search waits for a worker, then fails with a plain-text 503", async () => {
    const queued = await start({ capacity: { workers: 1, serviceMs: 60, queueTimeoutMs: 5000 } });
    const began = performance.now();
    const answers = await Promise.all([1, 2, 3].map(() => search(queued, { q: "#" })));
    expect(answers.map((answer) => [answer.status, answer.events.at(-1)?.event])).toEqual([
      [200, "done"],
      [200, "done"],
      [200, "done"],
    ]);
    expect(performance.now() - began).toBeGreaterThanOrEqual(175);
    expect(queued.capacityStats()).toMatchObject({ served: 3, rejected: 0, maxQueued: 2 });

    const saturated = await start({ capacity: { workers: 1, serviceMs: 400, queueTimeoutMs: 20 } });
    const [first, second] = await Promise.all([search(saturated, { q: "#" }), search(saturated, { q: "#" })]);
    expect([first?.status, second?.status].sort()).toEqual([200, 503]);
    expect([first, second].find((answer) => answer?.status === 503)?.body).toBe(
      "server over capacity: no worker became free within 20 ms\n",
    );
    expect(saturated.capacityStats()).toMatchObject({ served: 1, rejected: 1 });
  });

  it("under the capacity model, a search holds its worker perRowMs longer for each match found", async () => {
    const emulator = await start({ capacity: { workers: 1, perRowMs: 50 } });
    const began = performance.now();
    const { events } = await search(emulator, { q: "#" });
    expect(lastProgress(events)).toMatchObject({ matchCount: 4 });
    expect(performance.now() - began).toBeGreaterThanOrEqual(195);
  });

  it("SEARCH-6, SEARCH-7: stops at count: and at the display limit, and says so in progress.skipped", async () => {
    const emulator = await start();
    const counted = await search(emulator, { q: "# count:2" });
    expect(matchesOf(counted.events)).toHaveLength(2);
    expect(lastProgress(counted.events)).toMatchObject({
      done: true,
      matchCount: 2,
      skipped: [
        {
          reason: "shard-match-limit",
          title: "result limit hit",
          severity: "info",
          suggested: { title: "increase limit", queryExpression: "count:1000" },
        },
      ],
    });
    const filters = counted.events.find((e) => e.event === "filters")?.data as Array<{ exhaustive: boolean }>;
    expect(filters.map((filter) => filter.exhaustive)).not.toContain(true);
    const displayed = await search(emulator, { q: "#", display: "1" });
    expect(matchesOf(displayed.events)).toHaveLength(1);
    expect(lastProgress(displayed.events)).toMatchObject({ matchCount: 4, skipped: [{ reason: "display" }] });
    const all = await search(emulator, { q: "#", display: "-1" });
    expect(lastProgress(all.events)).toMatchObject({ matchCount: 4, skipped: [] });
  });

  it("SEARCH-17: flushes matches in batches, each followed by progress", async () => {
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

  it("SEARCH-12: sends repo and lang filters with counts", async () => {
    const emulator = await start();
    const { events } = await search(emulator, { q: "acme" });
    expect(events.find((e) => e.event === "filters")?.data).toEqual([
      { value: "lang:markdown", label: "Markdown", count: 3, exhaustive: true, kind: "lang" },
      {
        value: "repo:^github\\.com/acme/api$",
        label: "github.com/acme/api",
        count: 2,
        exhaustive: true,
        kind: "repo",
      },
      {
        value: "repo:^github\\.com/acme/docs$",
        label: "github.com/acme/docs",
        count: 1,
        exhaustive: true,
        kind: "repo",
      },
      {
        value: "repo:^github\\.com/acme/web$",
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
    ["type:commit foo", "Unsupported type"],
    ["patterntype:structural foo", "Unsupported pattern type"],
    ["(foo bar)", "Unsupported syntax"],
  ])("SEARCH-15: alerts, with no results, for %s", async (q, title) => {
    const emulator = await start();
    const { events } = await search(emulator, { q });
    expect(events.map((e) => e.event)).toEqual(["alert", "progress", "done"]);
    expect(events[0]?.data).toMatchObject({ title, proposedQueries: null });
  });

  it("SEARCH-15: sends an error event then done on an internal failure", async () => {
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

  it("SEARCH-17: sends a keep-alive progress whenever nothing was written for progressIntervalMs", async () => {
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

describe("GET /.api/search/stream, as Sourcegraph's server", () => {
  // Anonymous searches over unrestricted repositories: these behaviours do not depend on who searches.
  const anonymous = { token: null } as const;
  const seed = {
    repositories: [
      {
        id: 1,
        name: "git.example/u/r",
        unrestricted: true,
        files: { "src/a.ts": "export function greet() {}\n", "README.md": "Welcome.\n" },
      },
      {
        id: 2,
        name: "git.example/u/s",
        unrestricted: true,
        files: { "README.md": "Hi.\n" } as Record<string, string>,
      },
    ],
  };

  it.each([
    [{}, "no query found"],
    [{ q: "" }, "no query found"],
    [{ q: "x", display: "ten" }, 'display must be an integer, got "ten"'],
    [{ q: "x", cm: "yes" }, 'chunk matches must be parseable as a boolean, got "yes"'],
  ])("SEARCH-2: answers %j with HTTP 200, an error event, then done", async (params, message) => {
    const emulator = await start();
    const { status, headers, events } = await search(emulator, params, anonymous);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/event-stream");
    expect(events.map((e) => e.event)).toEqual(["error", "done"]);
    expect(events[0]?.data).toEqual({ message: expect.stringContaining(message) });
    expect(events[1]?.data).toEqual({});
  });

  it("SEARCH-4: sends a stable 40-hex commit per repository and the requested revisions as branches", async () => {
    const emulator = await start({ seed });
    const plain = matchesOf((await search(emulator, { q: "Welcome" }, anonymous)).events);
    expect(plain.map((m) => [m.repository, m.commit, m.branches])).toEqual([
      ["git.example/u/r", fakeCommit("git.example/u/r"), [""]],
    ]);
    expect(plain[0]?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fakeCommit("git.example/u/r")).toBe(fakeCommit("git.example/u/r", "HEAD"));
    expect(fakeCommit("git.example/u/r")).not.toBe(fakeCommit("git.example/u/s"));

    const revved = matchesOf((await search(emulator, { q: "repo:u/r$@main:v1 Welcome" }, anonymous)).events);
    expect(revved.map((m) => [m.branches, m.commit])).toEqual([
      [["main"], fakeCommit("git.example/u/r", "main")],
      [["v1"], fakeCommit("git.example/u/r", "v1")],
    ]);
    expect(revved[0]?.commit).toMatch(/^[0-9a-f]{40}$/);
    const paths = await search(emulator, { q: "repo:u/r$@HEAD type:path README" }, anonymous);
    expect(matchesOf(paths.events).map((m) => [m.type, m.branches, m.commit])).toEqual([
      ["path", ["HEAD"], fakeCommit("git.example/u/r")],
    ]);
    const symbols = await search(emulator, { q: "repo:u/r$@dev type:symbol greet" }, anonymous);
    expect(matchesOf(symbols.events)).toMatchObject([
      { type: "symbol", branches: ["dev"], commit: fakeCommit("git.example/u/r", "dev") },
    ]);
    const repos = await search(emulator, { q: "repo:u/r$@main type:repo" }, anonymous);
    expect(matchesOf(repos.events)).toMatchObject([{ type: "repo", branches: ["main"] }]);
    const defaultRepo = await search(emulator, { q: "repo:u/r$ type:repo" }, anonymous);
    expect(matchesOf(defaultRepo.events)[0]).not.toHaveProperty("branches");
  });

  it("SEARCH-5: always sends hunks on content matches, null", async () => {
    const emulator = await start({ seed });
    for (const params of [{ q: "Welcome" }, { q: "Welcome", cm: "t" }] as Record<string, string>[]) {
      const [match] = matchesOf((await search(emulator, params, anonymous)).events);
      expect(match).toHaveProperty("hunks", null);
    }
  });

  it("SEARCH-3: sends no filters event when there are none", async () => {
    const emulator = await start({ seed });
    const { events } = await search(emulator, { q: "no-such-text-anywhere" }, anonymous);
    expect(events.map((e) => e.event)).toEqual(["progress", "done"]);
  });

  it("SEARCH-6: reports a count: limit as shard-match-limit in progress.skipped", async () => {
    const emulator = await start({ seed });
    const { events } = await search(emulator, { q: "type:path README count:1" }, anonymous);
    expect(matchesOf(events)).toHaveLength(1);
    expect(lastProgress(events)).toMatchObject({ done: true, matchCount: 1 });
    expect(lastProgress(events).skipped).toEqual([
      {
        reason: "shard-match-limit",
        title: "result limit hit",
        message:
          "Not all results have been returned due to hitting a match limit. Sourcegraph has limits for the number of results returned from a line, document and repository.",
        severity: "info",
        suggested: { title: "increase limit", queryExpression: "count:1000" },
      },
    ]);
  });

  it.each(["keyword", "standard"])("SEARCH-8: reads /.../ as a regular expression with t=%s", async (t) => {
    const emulator = await start({ seed });
    const { events } = await search(emulator, { q: "/W[e]lc.me\\./", t }, anonymous);
    expect(where(events)).toEqual(["git.example/u/r:README.md"]);
    const literal = await search(emulator, { q: "/W[e]lc.me\\./", t: "literal" }, anonymous);
    expect(where(literal.events)).toEqual([]);
  });
});

const read = (query: Record<string, string>) => readSearchParams(new URLSearchParams(query));

describe("readSearchParams", () => {
  it("reads every parameter", () => {
    expect(read({ q: "x", t: "regexp", display: "10", cm: "t", cl: "2", "max-line-len": "5000" })).toEqual({
      query: "x",
      patternType: "regexp",
      display: 10,
      chunkMatches: true,
      contextLines: 2,
      maxLineLength: 5000,
    });
  });

  it("defaults: no display limit, line matches, no context, no line length limit (0 is none too)", () => {
    expect(read({ q: "x", "max-line-len": "0" })).toEqual({
      query: "x",
      patternType: undefined,
      display: Number.POSITIVE_INFINITY,
      chunkMatches: false,
      contextLines: 0,
      maxLineLength: undefined,
    });
    expect(read({ q: "x", display: "-1", cm: "false" })).toMatchObject({
      display: Number.POSITIVE_INFINITY,
      chunkMatches: false,
    });
  });

  it("SEARCH-2: reads Go's integers and booleans as Sourcegraph's parseURLQuery: empty is absent, negative is no limit", () => {
    expect(read({ q: "x", display: "", cm: "", cl: "", "max-line-len": "", sm: "" })).toMatchObject({
      display: Number.POSITIVE_INFINITY,
      chunkMatches: false,
      contextLines: 0,
      maxLineLength: undefined,
    });
    expect(read({ q: "x", display: "-5", "max-line-len": "-3", cm: "1" })).toMatchObject({
      display: Number.POSITIVE_INFINITY,
      maxLineLength: undefined,
      chunkMatches: true,
    });
    expect(read({ q: "x", display: "+07", cm: "True" })).toMatchObject({ display: 7, chunkMatches: true });
    expect(read({ q: "  " })).toMatchObject({ query: "  " });
  });

  it.each([
    [{}, "no query found"],
    [{ q: "" }, "no query found"],
    [
      { q: "x", display: "ten" },
      'display must be an integer, got "ten": strconv.Atoi: parsing "ten": invalid syntax',
    ],
    [
      { q: "x", display: "99999999999999999999" },
      'display must be an integer, got "99999999999999999999": strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    [
      { q: "x", cm: "yes" },
      'chunk matches must be parseable as a boolean, got "yes": strconv.ParseBool: parsing "yes": invalid syntax',
    ],
    [
      { q: "x", cl: "two" },
      'context lines must be parseable as a boolean, got "two": strconv.ParseUint: parsing "two": invalid syntax',
    ],
    [
      { q: "x", cl: "-1" },
      'context lines must be parseable as a boolean, got "-1": strconv.ParseUint: parsing "-1": invalid syntax',
    ],
    [
      { q: "x", "max-line-len": "1.5" },
      'max-line-len must be an integer, got "1.5": strconv.Atoi: parsing "1.5": invalid syntax',
    ],
    [
      { q: "x", sm: "fast" },
      'search mode must be integer, got "fast": strconv.Atoi: parsing "fast": invalid syntax',
    ],
  ])("refuses %j", (query, error) => {
    expect(read(query)).toEqual({ error });
  });
});
