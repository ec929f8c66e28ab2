// Which GraphQL requests @sgkit/graphql retries, against the emulator's injected faults (keyed
// `graphql:<operation name>`) over loopback HTTP: queries always; the idempotent mutations
// (setRepositoryPermissionsForUsers, setRepositoryPermissionsUnrestricted) after any failure, converging to the
// state asked for; the other mutations never, so the emulator counts exactly one call. Fault fates are a pure
// function of (seed, method, call number): the seeds below were picked for the sequence each test names, and each
// test checks `faults.log` for it. No nock in this file.
import { type DebugEvent, NetworkError, RateLimitedError, SourcegraphError } from "@sgkit/core";
import type { Emulator, FaultKind } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import { CreateSearchContextDocument, GraphQLResponseError } from "../src/index.js";
import {
  ALICE,
  BOB,
  BULK_USERS,
  collect,
  failureOf,
  graphqlCalls,
  graphqlFor,
  ids,
  REPO,
  startGraphQLEmulator,
  statePairs,
} from "./support/emulator.js";

const ALL_KINDS = { unavailable: 1, rateLimited: 1, reset: 1, lostAnswer: 1 };

/** Retries enough for the sequences below, no budget, millisecond backoff. */
const RETRY = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 2000, budget: false } as const;

/** The kinds of the faults injected on one operation, in order. */
const injected = (emulator: Emulator, operation: string): FaultKind[] =>
  (emulator.faults?.log ?? [])
    .filter((d) => d.method === `graphql:${operation}`)
    .map((d) => d.kind as FaultKind);

/** An emulator that fails `operation` at rate 0.5 with `kinds`, under `seed` (others never fail). */
function faulty(
  operation: string,
  seed: number,
  kinds: Partial<Record<FaultKind, number>>,
  retryAfterSeconds = 0,
) {
  return startGraphQLEmulator({
    faults: { seed, perMethod: { [`graphql:${operation}`]: { rate: 0.5, kinds, retryAfterSeconds } } },
  });
}

/** An emulator where every call of `operation` fails with `kind`. */
function alwaysFailing(operation: string, kind: FaultKind, retryAfterSeconds = 0) {
  return startGraphQLEmulator({
    faults: { perMethod: { [`graphql:${operation}`]: { rate: 1, kinds: { [kind]: 1 }, retryAfterSeconds } } },
  });
}

describe("queries are retried", () => {
  it("after a 503 and a 429 with Retry-After: 0, the query succeeds on the third attempt", async () => {
    const emulator = await faulty("CurrentUser", 54, { unavailable: 1, rateLimited: 1 });
    const events: DebugEvent[] = [];
    const client = graphqlFor(emulator, "admin", { retry: RETRY, onDebug: (event) => events.push(event) });
    expect(await client.currentUser()).toMatchObject({ username: "admin" });
    expect(injected(emulator, "CurrentUser")).toEqual(["unavailable", "rateLimited"]);
    expect(graphqlCalls(emulator)).toEqual({ CurrentUser: 3 });
    const retries = events.filter((event) => event.type === "retry");
    expect(retries.map((event) => event.type === "retry" && [event.attempt, event.reason])).toEqual([
      [2, "status 503"],
      [3, "status 429"],
    ]);
  });

  it("waits the Retry-After the 429 asks for (1 s) before the next attempt", async () => {
    const emulator = await faulty("CurrentUser", 54, { unavailable: 1, rateLimited: 1 }, 1);
    const events: DebugEvent[] = [];
    // The client's waits, recorded instead of slept, so that the test reads them rather than a clock.
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const client = graphqlFor(emulator, "admin", {
      retry: RETRY,
      onDebug: (event) => events.push(event),
      internal: { sleep },
    });
    expect(await client.currentUser()).toMatchObject({ username: "admin" });
    const after429 = events.find((event) => event.type === "retry" && event.attempt === 3);
    expect(after429).toMatchObject({ delayMs: 1000 });
    expect(waits.at(-1)).toBe(1000);
  });

  it("a Retry-After longer than maxDelayMs is a RateLimitedError at once, with retryAfterMs", async () => {
    const emulator = await alwaysFailing("CurrentUser", "rateLimited", 120);
    const client = graphqlFor(emulator, "admin", { retry: { ...RETRY, maxDelayMs: 50 } });
    const error = await failureOf(client.currentUser());
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(graphqlCalls(emulator)).toEqual({ CurrentUser: 1 });
  });

  it("a 429 that never ends is a RateLimitedError after maxAttempts", async () => {
    const emulator = await alwaysFailing("RepositoryAuthorizedUsers", "rateLimited");
    const client = graphqlFor(emulator, "admin", { retry: { ...RETRY, maxAttempts: 3 } });
    const error = await failureOf(collect(client.repositoryAuthorizedUsers(ids.repo)));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(graphqlCalls(emulator)).toEqual({ RepositoryAuthorizedUsers: 3 });
  });
});

describe("idempotent mutations are retried and converge", () => {
  it("setRepositoryPermissionsForUsers after a lost answer, a reset and a 503: the exact ACL, four calls", async () => {
    const emulator = await faulty("SetRepositoryPermissionsForUsers", 627, ALL_KINDS);
    emulator.state.permissions.replaceUsersOf(REPO, [ALICE, ...BULK_USERS.slice(0, 5)]);
    const client = graphqlFor(emulator, "admin", { retry: RETRY });
    expect(await client.setRepositoryPermissionsForUsers(ids.repo, ["bob", "user1010", "later"])).toEqual([
      "bob",
      "user1010",
      "later",
    ]);
    expect(injected(emulator, "SetRepositoryPermissionsForUsers")).toEqual([
      "lostAnswer",
      "reset",
      "unavailable",
    ]);
    expect(graphqlCalls(emulator)).toEqual({ SetRepositoryPermissionsForUsers: 4 });
    expect(statePairs(emulator)).toEqual(
      [
        `repositories/${REPO}/explicitRepoPermissions/${BOB}`,
        `repositories/${REPO}/explicitRepoPermissions/1010`,
        `repositories/124/explicitRepoPermissions/${ALICE}`,
      ].sort(),
    );
    expect(emulator.state.pendingPermissions.bindIDs()).toEqual(["later"]);
  });

  it("setRepositoryPermissionsUnrestricted after a lost answer and a 429: the flag set, three calls", async () => {
    const emulator = await faulty("SetRepositoryPermissionsUnrestricted", 467, ALL_KINDS);
    const client = graphqlFor(emulator, "admin", { retry: RETRY });
    await client.setRepositoryPermissionsUnrestricted([ids.repo, ids.docsRepo], true);
    expect(injected(emulator, "SetRepositoryPermissionsUnrestricted")).toEqual(["lostAnswer", "rateLimited"]);
    expect(graphqlCalls(emulator)).toEqual({ SetRepositoryPermissionsUnrestricted: 3 });
    expect(emulator.state.repositories.byId(REPO)?.unrestricted).toBe(true);
    expect(emulator.state.repositories.byId(125)?.unrestricted).toBe(true);
  });
});

describe("non-idempotent mutations are sent once", () => {
  it("createSearchContext after a 503: the error, one call, nothing created", async () => {
    const emulator = await alwaysFailing("CreateSearchContext", "unavailable");
    const client = graphqlFor(emulator, "admin", { retry: RETRY });
    const error = await failureOf(client.createSearchContext({ name: "once", public: true }));
    expect(error).toBeInstanceOf(SourcegraphError);
    expect(error).toMatchObject({ status: 503, code: "unavailable" });
    expect(graphqlCalls(emulator)).toEqual({ CreateSearchContext: 1 });
    expect(emulator.state.searchContexts.size).toBe(0);
  });

  it("createSearchContext after a lost answer: a NetworkError, one call, and the context was created", async () => {
    const emulator = await alwaysFailing("CreateSearchContext", "lostAnswer");
    const client = graphqlFor(emulator, "admin", { retry: RETRY });
    const error = await failureOf(client.createSearchContext({ name: "once", public: true }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(graphqlCalls(emulator)).toEqual({ CreateSearchContext: 1 });
    // Why it is not retried: the first attempt did create it, so a repeat would fail "already exists".
    expect(emulator.state.searchContextBySpec("once")).toBeDefined();
  });

  it("createSearchContext with `idempotent: true` on the request is retried: the caller's override", async () => {
    const emulator = await alwaysFailing("CreateSearchContext", "unavailable");
    const client = graphqlFor(emulator, "admin", { retry: { ...RETRY, maxAttempts: 3 } });
    const variables = {
      searchContext: { name: "override", description: "", public: true, namespace: null, query: "" },
      repositories: [],
    };
    await failureOf(client.request(CreateSearchContextDocument, variables, { idempotent: true }));
    expect(graphqlCalls(emulator)).toEqual({ CreateSearchContext: 3 });
  });

  it("updateSearchContext, deleteSearchContext and setSubRepositoryPermissionsForUsers: one call each", async () => {
    const emulator = await startGraphQLEmulator({
      faults: {
        perMethod: Object.fromEntries(
          ["UpdateSearchContext", "DeleteSearchContext", "SetSubRepositoryPermissionsForUsers"].map(
            (operation) => [`graphql:${operation}`, { rate: 1, kinds: { unavailable: 1, reset: 1 } }],
          ),
        ),
      },
    });
    const client = graphqlFor(emulator, "admin", { retry: RETRY });
    const context = await client.createSearchContext({ name: "target", public: true });
    const errors = [
      await failureOf(
        client.updateSearchContext(context.id, {
          name: "renamed",
          description: "",
          public: true,
          repositories: [],
        }),
      ),
      await failureOf(client.deleteSearchContext(context.id)),
      await failureOf(
        client.setSubRepositoryPermissionsForUsers(ids.repo, [{ bindID: "alice", paths: ["/**"] }]),
      ),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(SourcegraphError);
      expect(error).not.toBeInstanceOf(GraphQLResponseError);
    }
    expect(graphqlCalls(emulator)).toEqual({
      CreateSearchContext: 1,
      UpdateSearchContext: 1,
      DeleteSearchContext: 1,
      SetSubRepositoryPermissionsForUsers: 1,
    });
    expect(emulator.state.searchContextBySpec("target")).toBeDefined();
  });
});
