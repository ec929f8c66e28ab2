// grant, revoke and replaceRepositoryPermissions under injected faults over real HTTP: 30% of calls fail
// (503, 429, reset, and the lost answer: the write applied, then the connection dropped), and the client's
// retries must still leave the exact state asked for. Then the retry budget against a server that always fails.
// No nock in this file.
import { type DebugEvent, SourcegraphError } from "@sgkit/core";
import { mapConcurrent } from "@sgkit/core/internal";
import type { Emulator, FaultOptions } from "@sgkit/emulator";
import { describe, expect, it } from "vitest";
import type { GrantResult, PermissionsClient, RevokeResult } from "../src/index.js";
import {
  ALICE,
  BULK_USERS,
  clientFor,
  OTHER_REPO,
  REPO,
  replaceResult,
  startTestEmulator,
  statePairs,
} from "./support/emulator.js";

const REPOS = [REPO, OTHER_REPO, 125];
const KINDS = ["unavailable", "rateLimited", "reset", "lostAnswer"];

/**
 * 30% of all calls fail, the four kinds alike. `Retry-After: 0` on the injected 429s keeps the test fast; the
 * header itself is honoured (see "waits exactly the Retry-After"), only its length is 0.
 */
const faults = (seed: number): FaultOptions => ({ seed, rate: 0.3, retryAfterSeconds: 0 });

/** Enough attempts that 30% failures never exhaust them (0.3^12 ≈ 5e-7), no budget, millisecond backoff. */
const faultTolerant = (emulator: Emulator): PermissionsClient =>
  clientFor(emulator, "admin", { retry: { maxAttempts: 12, budget: false, baseDelayMs: 1, maxDelayMs: 10 } });

type Pair = [repository: number, user: number];
const key = ([repository, user]: Pair) => `repositories/${repository}/explicitRepoPermissions/${user}`;

/** Pairs of REPOS × BULK_USERS, numbered from `from`. */
const pairs = (from: number, count: number): Pair[] =>
  Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return [REPOS[n % REPOS.length] as number, BULK_USERS[Math.floor(n / REPOS.length)] as number];
  });

/** Seeded pairs, put in the state directly (not through the faulty API). */
function prepare(emulator: Emulator, initial: readonly Pair[]): Set<string> {
  for (const [repository, user] of initial) emulator.state.permissions.add(repository, user);
  return new Set(statePairs(emulator));
}

/** The faults injected on `method` calls numbered first..last. */
const faultsIn = (emulator: Emulator, method: string, first: number, last: number) =>
  (emulator.faults?.log ?? []).filter((d) => d.method === method && d.call >= first && d.call <= last);

describe("grant and revoke under 30% injected faults", () => {
  it("converge to the exact state, one at a time, each `changed` explained by the faults it met", async () => {
    const emulator = await startTestEmulator({ faults: faults(42) });
    const initial = pairs(0, 120);
    const expected = prepare(emulator, initial);
    const client = faultTolerant(emulator);

    // 200 grants: 170 new pairs and 30 existing ones; 100 revokes: 60 existing pairs (50 seeded, 10 granted
    // earlier in the run) and 40 that never existed. Interleaved, so each op's expected effect depends on the ones before it.
    const grants = [...pairs(120, 170), ...initial.slice(0, 30)];
    const revokes = [...initial.slice(30, 80), ...pairs(120, 10), ...pairs(400, 40)];
    const ops: Array<{ kind: "grant" | "revoke"; pair: Pair }> = [];
    for (let i = 0; i < 200; i++) {
      ops.push({ kind: "grant", pair: grants[i] as Pair });
      if (i % 2 === 1) ops.push({ kind: "revoke", pair: revokes[(i - 1) / 2] as Pair });
    }
    expect(ops).toHaveLength(300);

    let lostAnswersMet = 0;
    for (const { kind, pair } of ops) {
      const method = kind === "grant" ? "CreateExplicitRepoPermission" : "DeleteExplicitRepoPermission";
      const before = emulator.counters.get(method);
      const result = kind === "grant" ? await client.grant(...pair) : await client.revoke(...pair);
      const after = emulator.counters.get(method);

      // What the op should have done to the state, simulated.
      const wouldChange = kind === "grant" ? !expected.has(key(pair)) : expected.has(key(pair));
      if (kind === "grant") expected.add(key(pair));
      else expected.delete(key(pair));

      // Its attempts were calls before+1..after; each one but the last met a retryable fault.
      const met = faultsIn(emulator, method, before + 1, after);
      expect(met).toHaveLength(after - before - 1);
      // A lost answer applied the change, so the retry found it done: `changed: false` (not certain), the outcome
      // says "after a retry", and the state is right. Any retry makes an already_exists or not_found "after a
      // retry": the client cannot tell whether an attempt of its own was applied.
      const lost = met.some((decision) => decision.kind === "lostAnswer");
      if (lost && wouldChange) lostAnswersMet++;
      expect(result.changed).toBe(wouldChange && !lost);
      const [done, already, afterRetry] =
        kind === "grant"
          ? ["created", "already-present", "present-after-retry"]
          : ["deleted", "already-absent", "absent-after-retry"];
      expect(result.outcome).toBe(wouldChange && !lost ? done : met.length > 0 ? afterRetry : already);
    }

    expect(statePairs(emulator)).toEqual([...expected].sort());
    // The run did exercise every kind of fault on both writes, and lost answers of real changes.
    for (const method of ["CreateExplicitRepoPermission", "DeleteExplicitRepoPermission"]) {
      const kinds = new Set(emulator.faults?.log.filter((d) => d.method === method).map((d) => d.kind));
      expect([...kinds].sort()).toEqual([...KINDS].sort());
    }
    expect(lostAnswersMet).toBeGreaterThan(5);
    const writes =
      emulator.counters.get("CreateExplicitRepoPermission") +
      emulator.counters.get("DeleteExplicitRepoPermission");
    expect(writes).toBeGreaterThan(360);

    // An un-faulted view and a listing through the (faulty, retried) API agree with the state.
    const listed: string[] = [];
    for (const repository of REPOS) {
      for await (const permission of client.list({ parent: `repositories/${repository}`, pageSize: 7 })) {
        listed.push(permission.name);
      }
    }
    expect(listed.sort()).toEqual([...expected].sort());
  });

  it("converge to the exact state with 16 calls in flight", async () => {
    const emulator = await startTestEmulator({ faults: faults(7) });
    const initial = pairs(0, 150);
    const expected = prepare(emulator, initial);
    const client = faultTolerant(emulator);

    // Disjoint pairs, so the outcome does not depend on the order the calls land in.
    const grants = pairs(150, 200);
    const revokes = initial.slice(0, 100);
    // Two grants, then a revoke, and so on.
    let g = 0;
    let r = 0;
    const ops = Array.from({ length: 300 }, (_, i): (() => Promise<GrantResult | RevokeResult>) => {
      const pair = i % 3 === 2 ? (revokes[r++] as Pair) : (grants[g++] as Pair);
      return i % 3 === 2 ? () => client.revoke(...pair) : () => client.grant(...pair);
    });
    const results = await mapConcurrent(ops, 16, (op) => op());

    for (const pair of grants) expected.add(key(pair));
    for (const pair of revokes) expected.delete(key(pair));
    expect(statePairs(emulator)).toEqual([...expected].sort());
    expect(results.filter((r) => r.changed).length).toBeGreaterThan(250);
    // Every op changed the state, nobody else wrote: each was this call's change, certain or after a lost answer,
    // never "already there".
    const outcomes = new Set(results.map((result) => result.outcome));
    expect(outcomes.has("already-present") || outcomes.has("already-absent")).toBe(false);
    expect(outcomes).toEqual(new Set(["created", "deleted", "present-after-retry", "absent-after-retry"]));
    expect(new Set(emulator.faults?.log.map((d) => d.kind))).toEqual(new Set(KINDS));
  });
});

describe("replaceRepositoryPermissions under 30% injected faults", () => {
  it("converges to exactly the given set, with the exact diff, and a second run writes nothing", async () => {
    const emulator = await startTestEmulator({ faults: faults(1234) });
    const current = BULK_USERS.slice(0, 60);
    for (const user of current) emulator.state.permissions.add(REPO, user);
    // Keep 40 (named in every form), drop 20, add 50 (in every form) and alice by email.
    const kept = current.slice(0, 40);
    const added = BULK_USERS.slice(100, 150);
    const form = (user: number, i: number) =>
      [user, `users/${user}`, `@user${user}`, `user${user}@example.com`, `users/@user${user}`][i % 5] as
        | number
        | string;
    const desired = [...kept.map(form), ...added.map(form), "alice@example.com"];
    const client = faultTolerant(emulator);

    const result = await client.replaceRepositoryPermissions(REPO, desired, { concurrency: 8, pageSize: 9 });
    const wanted = [...kept, ...added, ALICE];
    expect(emulator.state.permissions.usersOf(REPO).ids).toEqual([...wanted].sort((a, b) => a - b));
    // Created for certain or after a lost answer, in the order given; never "already there" nor "unchanged".
    const sorted = (names: string[]) => [...names].sort();
    expect(sorted([...result.created, ...result.presentAfterRetry])).toEqual(
      sorted([...added, ALICE].map((id) => `users/${id}`)),
    );
    expect(result.created).toEqual(
      [...added, ALICE].map((id) => `users/${id}`).filter((name) => result.created.includes(name)),
    );
    expect(sorted([...result.deleted, ...result.absentAfterRetry])).toEqual(
      sorted(current.slice(40).map((id) => `users/${id}`)),
    );
    expect(result.presentAfterRetry.length + result.absentAfterRetry.length).toBeGreaterThan(0);
    expect(result.alreadyPresent).toEqual([]);
    expect(result.alreadyAbsent).toEqual([]);
    expect(sorted(result.unchanged)).toEqual(sorted(kept.map((id) => `users/${id}`)));
    expect(result.interference).toBeUndefined();
    // Other repositories are untouched.
    expect(statePairs(emulator).filter((name) => !name.startsWith(`repositories/${REPO}/`))).toEqual([
      `repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`,
    ]);
    expect(new Set(emulator.faults?.log.map((d) => d.kind))).toEqual(new Set(KINDS));

    // The ACL matches now: a second run, under the same faults, reads but writes nothing.
    emulator.counters.reset();
    const again = await client.replaceRepositoryPermissions(REPO, desired, { concurrency: 8, pageSize: 9 });
    expect(again.created).toEqual([]);
    expect(again.deleted).toEqual([]);
    expect(again.unchanged).toHaveLength(wanted.length);
    expect(emulator.counters.get("CreateExplicitRepoPermission")).toBe(0);
    expect(emulator.counters.get("DeleteExplicitRepoPermission")).toBe(0);
  });
});

describe("minimal calls", () => {
  it("replaceRepositoryPermissions on an ACL that already matches, given by id, makes one List and no write", async () => {
    const emulator = await startTestEmulator();
    for (const user of BULK_USERS.slice(0, 30)) emulator.state.permissions.add(REPO, user);
    const client = clientFor(emulator);
    const result = await client.replaceRepositoryPermissions(REPO, BULK_USERS.slice(0, 30));
    expect(result).toEqual(replaceResult({ unchanged: BULK_USERS.slice(0, 30).map((id) => `users/${id}`) }));
    expect(emulator.counters.snapshot()).toEqual({ ListExplicitRepoPermissions: 1 });
  });

  it("given by username and email, one Get per named user and still no write", async () => {
    const emulator = await startTestEmulator();
    for (const user of BULK_USERS.slice(0, 10)) emulator.state.permissions.add(REPO, user);
    const client = clientFor(emulator);
    const named = BULK_USERS.slice(0, 10).map((id, i) => (i % 2 ? `@user${id}` : `user${id}@example.com`));
    const result = await client.replaceRepositoryPermissions(REPO, named, { pageSize: 3 });
    expect(result.created).toEqual([]);
    expect(result.deleted).toEqual([]);
    expect(emulator.counters.snapshot()).toEqual({
      GetExplicitRepoPermission: 10,
      ListExplicitRepoPermissions: 4,
    });
  });
});

describe("Retry-After over real HTTP", () => {
  it("waits exactly the Retry-After of an injected 429 before retrying", async () => {
    const emulator = await startTestEmulator({
      faults: { seed: 3, rate: 0.5, kinds: { rateLimited: 1 }, retryAfterSeconds: 2 },
    });
    const delays: number[] = [];
    const client = clientFor(emulator, "admin", {
      retry: { maxAttempts: 12, budget: false },
      internal: {
        sleep: async (ms) => {
          delays.push(ms);
        },
      },
    });
    for (const user of BULK_USERS.slice(0, 20)) expect((await client.grant(REPO, user)).changed).toBe(true);
    expect(delays.length).toBe(emulator.faults?.log.length);
    expect(delays.length).toBeGreaterThan(5);
    expect(new Set(delays)).toEqual(new Set([2000]));
  });
});

describe("the retry budget against an emulator that always fails", () => {
  const alwaysFailing: FaultOptions = { rate: 1, kinds: { unavailable: 1, reset: 1 } };

  it("bounds the attempts: 100 calls make at most 100 + 10% + 10 attempts, not 400", async () => {
    const emulator = await startTestEmulator({ faults: alwaysFailing });
    const events: DebugEvent[] = [];
    // The default budget (10% of requests over 10 s, plus 1 retry a second) and the default 4 attempts. A
    // stopped clock keeps every call in one budget window, however slow the machine.
    const client = clientFor(emulator, "admin", {
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      internal: { now: () => 1_000_000 },
      onDebug: (event) => events.push(event),
    });
    for (const user of BULK_USERS.slice(0, 100)) {
      const error = await client.grant(REPO, user).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourcegraphError);
      expect(error).toMatchObject({ isRetryable: true });
    }
    const attempts = emulator.counters.get("CreateExplicitRepoPermission");
    expect(attempts).toBeGreaterThanOrEqual(100);
    expect(attempts).toBeLessThanOrEqual(100 + 10 + 10);
    expect(events.filter((e) => e.type === "retry-skipped").length).toBeGreaterThanOrEqual(100 - 20);
    expect(statePairs(emulator)).toEqual([`repositories/${OTHER_REPO}/explicitRepoPermissions/${ALICE}`]);
  });

  it("without a budget, maxAttempts alone bounds them", async () => {
    const emulator = await startTestEmulator({ faults: alwaysFailing });
    const client = clientFor(emulator, "admin", {
      retry: { maxAttempts: 4, budget: false, baseDelayMs: 1, maxDelayMs: 5 },
    });
    for (const user of BULK_USERS.slice(0, 25)) await expect(client.grant(REPO, user)).rejects.toThrow();
    expect(emulator.counters.get("CreateExplicitRepoPermission")).toBe(100);
  });
});
