// @sgkit/search's client against the emulator's /.api/search/stream over real loopback HTTP. No nock here.
import { AuthenticationError } from "@sgkit/core";
import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { type EmulatorOptions, type EmulatorSeed, startEmulator } from "@sgkit/emulator";
import {
  type ContentMatch,
  highlightLineMatch,
  IncompleteStreamError,
  type SearchEvent,
  type SearchMatch,
  type SearchOptions,
  search,
  searchAll,
} from "@sgkit/search";
import { describe, expect, it, onTestFinished } from "vitest";
import { clientFor, FAST_RETRY, rejectionOf } from "./support/emulator.js";

const API = 101;
const WEB = 102;
const SECRETS = 103;
const DOCS = 104;

function searchSeed(extraTokens: NonNullable<EmulatorSeed["tokens"]> = []): EmulatorSeed {
  return {
    license: true,
    users: [
      { id: 1, username: "admin", email: "admin@example.com", siteAdmin: true },
      { id: 2, username: "alice", email: "alice@example.com" },
      { id: 3, username: "bob", email: "bob@example.com" },
    ],
    repositories: [
      {
        id: API,
        name: "github.com/acme/api",
        files: {
          "main.go": "package main\n// needle in api\n",
          "internal/secret.go": "package internal\n// needle internal\n",
        },
      },
      { id: WEB, name: "github.com/acme/web", files: { "index.ts": "// needle in web\n" } },
      { id: SECRETS, name: "github.com/acme/secrets", files: { "keys.txt": "needle in secrets\n" } },
      {
        id: DOCS,
        name: "github.com/acme/docs",
        unrestricted: true,
        files: { "README.md": "needle in docs\nneedle again in docs\n", "emoji.md": "😀 needle\n" },
      },
    ],
    tokens: [
      { name: "admin", user: "admin", scopes: ["externalapi:read", "externalapi:write"] },
      { name: "alice", user: "alice", scopes: ["user:all"] },
      { name: "bob", user: "bob", scopes: ["user:all"] },
      ...extraTokens,
    ],
    permissions: [
      { repository: API, user: "alice" },
      { repository: WEB, user: "alice" },
    ],
    subRepoPermissions: [{ repository: API, user: "alice", paths: ["/**", "-/internal/**"] }],
    searchContexts: [
      {
        name: "frontend",
        namespace: "alice",
        public: false,
        repositories: [{ repository: "github.com/acme/web", revisions: ["main"] }],
      },
      {
        name: "private",
        namespace: "bob",
        public: false,
        repositories: [{ repository: "github.com/acme/api", revisions: ["main"] }],
      },
    ],
  };
}

async function start(options: EmulatorOptions = {}, extraTokens: NonNullable<EmulatorSeed["tokens"]> = []) {
  const emulator = await startEmulator({ seed: searchSeed(extraTokens), ...options });
  onTestFinished(() => emulator.stop());
  return emulator;
}

type Emu = Awaited<ReturnType<typeof start>>;

function options(emulator: Emu, tokenName?: string, extra: Partial<SearchOptions> = {}): SearchOptions {
  return {
    endpoint: emulator.url,
    ...(tokenName === undefined ? {} : { token: emulator.token(tokenName) }),
    retry: FAST_RETRY,
    ...extra,
  } as SearchOptions;
}

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
    const results = await searchAll("needle", options(emulator, "alice"));
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
    const results = await searchAll("needle", options(emulator, "admin"));
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
    expect(files((await searchAll("needle", options(emulator))).matches)).toEqual(expected);
    expect(files((await searchAll("needle", options(emulator, "bob"))).matches)).toEqual(expected);
  });

  it("a grant made through @sgkit/permissions shows up in the next search", async () => {
    const emulator = await start();
    const before = await searchAll("needle repo:secrets", options(emulator, "bob"));
    expect(before.matches).toEqual([]);
    expect(before.complete).toBe(true);
    await clientFor(emulator, "admin").grant(SECRETS, 3);
    const after = await searchAll("needle repo:secrets", options(emulator, "bob"));
    expect(files(after.matches)).toEqual(["github.com/acme/secrets:keys.txt"]);
  });

  it("making a repository unrestricted in the emulator's state shows up in the next search", async () => {
    const emulator = await start();
    const repository = emulator.state.repositories.byId(WEB);
    expect(repository).toBeDefined();
    if (repository) repository.unrestricted = true;
    const results = await searchAll("needle repo:acme/web", options(emulator));
    expect(files(results.matches)).toEqual(["github.com/acme/web:index.ts"]);
  });
});

describe("search: search contexts", () => {
  it("context:global searches everything visible; context:@alice/frontend narrows to its repositories", async () => {
    const emulator = await start();
    const global = await searchAll("context:global needle", options(emulator, "alice"));
    expect(files(global.matches)).toHaveLength(4);
    const frontend = await searchAll("context:@alice/frontend needle", options(emulator, "alice"));
    expect(files(frontend.matches)).toEqual(["github.com/acme/web:index.ts"]);
    expect(frontend.alerts).toEqual([]);
  });

  it("an unreadable context answers an alert and no matches", async () => {
    const emulator = await start();
    const results = await searchAll("context:@bob/private needle", options(emulator, "alice"));
    expect(results.matches).toEqual([]);
    expect(results.alerts).toHaveLength(1);
    expect(results.alerts[0]?.title).toEqual(expect.any(String));
  });
});

describe("search: collector semantics end to end", () => {
  it("a display limit gives complete: false with a display skipped reason", async () => {
    const emulator = await start();
    const results = await searchAll("needle", options(emulator, "admin", { displayLimit: 1 }));
    expect(results.matches).toHaveLength(1);
    expect(results.complete).toBe(false);
    expect(results.progress?.skipped.map((skipped) => skipped.reason)).toContain("display");
  });

  it("a normal search is complete, with progress and filters", async () => {
    const emulator = await start();
    const results = await searchAll("needle repo:docs", options(emulator, "admin"));
    expect(results.complete).toBe(true);
    expect(results.progress?.done).toBe(true);
    expect(results.progress?.matchCount).toBe(3);
    expect(results.filters.length).toBeGreaterThan(0);
    expect(results.error).toBeUndefined();
  });

  it("chunkMatches: true gives chunk matches", async () => {
    const emulator = await start();
    const results = await searchAll("needle file:README", options(emulator, "admin", { chunkMatches: true }));
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
    const results = await searchAll("needle file:README", options(emulator, "admin"));
    const line = (results.matches[0] as ContentMatch).lineMatches?.[0];
    expect(line).toBeDefined();
    if (!line) return;
    const spans = highlightLineMatch(line);
    expect(spans.filter((span) => span.highlighted).map((span) => span.text)).toEqual(["needle"]);
  });

  // Disagreement: the emulator reports offsets in UTF-16 code units (packages/emulator/README.md, "Streaming
  // search"), the client's highlight helpers count code points "as the server counts them"
  // (packages/search/README.md, highlightLineMatch; packages/search/src/highlight/highlight.ts). After an astral
  // character (😀) the highlighted span is off by one. This test asserts the documented client behaviour.
  it.fails("line matches after an astral character highlight the pattern", async () => {
    const emulator = await start();
    const results = await searchAll("needle file:emoji", options(emulator, "admin"));
    const line = (results.matches[0] as ContentMatch).lineMatches?.[0];
    expect(line).toBeDefined();
    if (!line) return;
    const spans = highlightLineMatch(line);
    expect(spans.filter((span) => span.highlighted).map((span) => span.text)).toEqual(["needle"]);
  });
});

describe("search: errors", () => {
  it("a bad token is an AuthenticationError quoting the plain-text body", async () => {
    const emulator = await start();
    const error = await rejectionOf(
      searchAll("needle", { endpoint: emulator.url, token: "sgp_local_not_a_token", retry: false }),
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
    const error = await rejectionOf(searchAll("needle", options(emulator, "admin", { retry: false })));
    expect(error).toBeInstanceOf(IncompleteStreamError);
    const partial = (error as IncompleteStreamError).partial;
    expect(partial?.complete).toBe(false);
    expect(partial?.matches).toHaveLength(1);
    expect(emulator.faults?.log.map((entry) => entry.kind)).toEqual(["lostAnswer"]);
  });
});

describe("search: abort", () => {
  it("aborting mid-stream ends the iteration promptly with the signal's reason", async () => {
    const emulator = await start({
      search: { batchSize: 1, progressIntervalMs: 5000, cutAfterEvents: 2 },
      faults: { perMethod: { search: { latencyMs: 2000 } } },
    });
    const controller = new AbortController();
    const reason = new Error("stop now");
    const seen: SearchEvent[] = [];
    const started = Date.now();
    setTimeout(() => controller.abort(reason), 300);
    const error = await (async () => {
      try {
        for await (const event of search(
          "needle",
          options(emulator, "admin", { signal: controller.signal }),
        )) {
          seen.push(event);
        }
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBe(reason);
    expect(Date.now() - started).toBeLessThan(1500);
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
    errors.push(await rejectionOf(searchAll("needle", options(emulator, "canary", { retry: false }))));
    const wrong = `${canary}x`;
    errors.push(
      await rejectionOf(searchAll("needle", { endpoint: emulator.url, token: wrong, retry: false })),
    );
    // A cut connection and a refused token.
    expect(errors[0]).toBeInstanceOf(IncompleteStreamError);
    expect(errors[1]).toBeInstanceOf(AuthenticationError);
    expect(findSecret(canary, ...errors)).toBeUndefined();
    expect(findSecret(wrong, ...errors)).toBeUndefined();
  });
});
