// How the migrator's calls ride through trouble: each HTTP attempt in a call slot, transient failures retried after
// a backoff (never failing the call while the server lives), a pause with one probe at a time while nothing
// succeeds, and a plain "gave up" after --max-outage without one successful call.
//
// Why here and not in @sgkit/core's retries: core's retry budget is right for an interactive SDK (a failing server
// must not see retry storms), but a batch job that fails calls when the budget is spent turns a bad minute into
// hundreds of failed writes. Here a call waits for budget instead of failing. Why at the fetch under the clients
// and not around each client call: GraphQL's batched lookups and paged listings are many requests per call, and
// only a retry per request lets a lookup of 1000 chunks finish under a 20% fault rate; it also lets the adaptive
// call slots see every attempt. The migrator's connection therefore has core's retries and timeout off (see
// `cli/environment.ts`): every attempt is made, timed and judged here.
//
// What counts as transient, and where it was read: the HTTP API's Connect codes map to statuses one to one
// (unavailable 503, resource_exhausted 429, deadline_exceeded 504; internal 500, which no retry fixes), and
// Sourcegraph rate-limits with 429 and `Retry-After` in seconds (/work/shared/docs/sourcegraph-api-facts.md, from
// the documentation and the public source); 502 and 408 are what proxies and load balancers in front of an instance
// answer while it restarts. Full jitter, as in AWS's "Exponential Backoff and Jitter" (2015), so that the calls a
// restart failed together do not come back together. Every request the migrator sends may be repeated: queries,
// Lists, and Creates and Deletes, whose repeat after a lost answer answers already_exists / not_found, which apply
// counts as done by its own first attempt (see `CallContext.attempts`).

import { AsyncLocalStorage } from "node:async_hooks";
import { createRetryBudget, type RetryBudget, SourcegraphError } from "@sgkit/core";
import { abortableSleep, parseRetryAfter } from "@sgkit/core/internal";
import type { CallSlots } from "./concurrency.js";
import { MigratorError } from "./migrator-error.js";

/** --max-outage by default: longer than a rolling restart or deploy of an instance, short enough to notice. */
export const DEFAULT_MAX_OUTAGE_MS = 10 * 60_000;

/** How long one attempt may wait for the answer's headers before it counts as timed out (and is retried). */
const ATTEMPT_TIMEOUT_MS = 30_000;

/** How {@link createResilience} retries and when it gives up. */
export interface ResilienceOptions {
  /** Where each attempt runs: one slot per attempt; the waits between attempts are outside any slot. */
  readonly slots: CallSlots;
  /** Give up after this long without one successful call (`--max-outage`). Default {@link DEFAULT_MAX_OUTAGE_MS}. */
  readonly maxOutageMs?: number;
  /** Test seams, outside semver. */
  readonly internal?: ResilienceInternals;
}

/** Timings and clocks a test shortens or replaces. */
export interface ResilienceInternals {
  /** The backoff ceiling of a call's first retry, doubled for each one after. Default 250 ms. */
  readonly baseDelayMs?: number;
  /** The cap on a backoff, and on the pause between two probes. Default 30 000 ms. */
  readonly maxDelayMs?: number;
  /** Per attempt. Default {@link ATTEMPT_TIMEOUT_MS}. */
  readonly attemptTimeoutMs?: number;
  /** Consecutive failures, with no success between them, that make the run pause and probe. Default 8. */
  readonly outageAfterFailures?: number;
  /**
   * Failed attempts after which a server that never gave any HTTP answer (not even a 503) is called unreachable,
   * rather than waited for: a wrong endpoint should say so at once. Default 5.
   */
  readonly firstContactAttempts?: number;
  /** A call's failures while other calls succeed, after which the call itself fails. Default 10. */
  readonly maxCallFailures?: number;
  /** The retry budget: by default 50% retries on top of the calls, and 2 a second whatever the traffic. */
  readonly budget?: RetryBudget;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** What a call's context tells the retries beneath it, and what they tell back; see {@link Resilience.within}. */
export interface CallContext {
  /** Once aborted, no further attempt starts and a wait between attempts ends: the call then fails. */
  readonly stop?: AbortSignal;
  /** Attempts made for the call's requests so far (set by the retries). */
  attempts: number;
  /** Set when the call failed because `stop` cut a wait or an attempt was not started. */
  stopped: boolean;
}

/** What the run has been through, for the report. */
export interface ResilienceStats {
  /** HTTP attempts made. */
  readonly attempts: number;
  /** Attempts that repeated a failed one. */
  readonly retries: number;
  /** Times the run paused because nothing succeeded (an outage, a restart), each ended by a successful probe. */
  readonly waits: number;
  /** Time spent paused, in ms (wall time, not summed over calls); includes a pause still going on. */
  readonly waitedMs: number;
  /** Times a retry waited because the retry budget was spent. */
  readonly budgetWaits: number;
  /** Attempts that failed transiently, by what failed (`503`, `connection reset`, …). */
  readonly failures: Readonly<Record<string, number>>;
}

/** What the run is going through now, for the progress display. */
export interface ResilienceStatus {
  /** Set while the run is paused: what is failing and since when (ms, on the resilience's clock). */
  readonly waiting?: { readonly failing: string; readonly since: number };
}

/** The retries and pauses of one run; see {@link createResilience}. */
export interface Resilience {
  /** The slots every attempt runs in. */
  readonly slots: CallSlots;
  /** A fetch over `inner` that makes each request ride through trouble. Give it to the clients. */
  wrap(inner: typeof fetch): typeof fetch;
  /** Runs `call` (client calls) with `context`: its stop signal, and the count of attempts it made. */
  within<T>(context: CallContext, call: () => Promise<T>): Promise<T>;
  /** The error the run gave up with (the server is gone), once it has. */
  failure(): OutageError | undefined;
  /** Whether any call has ever been answered. */
  reached(): boolean;
  /** One sentence on what has been failing, how often and for how long; undefined when nothing has. */
  trouble(): string | undefined;
  stats(): ResilienceStats;
  status(): ResilienceStatus;
  /** Called when the run pauses (`waiting` set) and when it resumes or gives up (`waiting` unset). */
  onStatus: ((status: ResilienceStatus) => void) | undefined;
}

/**
 * The run gave up: no call succeeded for `--max-outage` (or, never having reached the server, for a few attempts).
 * The message says what was failing, how often and since when.
 */
export class OutageError extends MigratorError {
  override readonly name = "OutageError";
  /** Whether the server ever answered: false means it was never reached (a wrong endpoint, say). */
  readonly reached: boolean;

  constructor(message: string, reached: boolean) {
    super(message);
    this.reached = reached;
  }
}

/** What an attempt's failure was, as the retries judge it. */
interface Failure {
  /** What failed, for messages and counts: `503`, `connection reset`, `timed out after 30 s`. */
  readonly what: string;
  readonly retryAfterMs?: number;
  /** A 429: the server lives and asks for less, which says nothing about this one call. */
  readonly throttled: boolean;
}

/** Rejects an attempt inside its slot, so the slots see the status (an overload sign) as a rejection. */
class TransientAnswer extends Error {
  override readonly name = "TransientAnswer";
  constructor(
    readonly response: Response,
    readonly status: number,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Thrown in a slot instead of sending, for a call that the run's pause holds back. */
const HELD: unique symbol = Symbol("held back by a pause");

/** An attempt that got no answer in time. */
class AttemptTimeout extends Error {
  override readonly name = "TimeoutError";
}

/** Statuses that say "not now" on every API; 500 only on GraphQL, where Connect's 500 (`internal`) is final. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

const context = new AsyncLocalStorage<CallContext>();

/**
 * Creates the retries of one run. Each request sent through {@link Resilience.wrap}'s fetch:
 *
 * - runs each attempt in a call slot and times it (`attemptTimeoutMs`, until the headers arrive);
 * - retries a transient failure (no answer, a reset or lost answer, a timeout, 408, 429, 502, 503, 504, and 500 on
 *   GraphQL) after a full-jitter backoff, or exactly the `Retry-After` the server gave, waiting outside the slot;
 * - when the retry budget is spent, waits for budget rather than failing;
 * - when `outageAfterFailures` attempts in a row fail with no success between them, pauses the run: one probe at a
 *   time, with backoff (at least `Retry-After`), the other calls waiting; the first success resumes everything;
 * - gives up after `maxOutageMs` without a success (or, if the server never answered, after
 *   `firstContactAttempts` failed attempts): every waiting and later call fails with the {@link OutageError};
 * - fails a call on its own only after `maxCallFailures` failures while other calls succeed (the server lives but
 *   refuses this one), with the server's own answer or error.
 *
 * Any other answer (200, 4xx, a Connect error) is the caller's to judge, and counts as the server being alive.
 * A request whose body cannot be sent twice is sent once. The caller's abort ends it at once.
 */
export function createResilience(options: ResilienceOptions): Resilience {
  const internal = options.internal ?? {};
  const slots = options.slots;
  const maxOutageMs = options.maxOutageMs ?? DEFAULT_MAX_OUTAGE_MS;
  const baseDelayMs = internal.baseDelayMs ?? 250;
  const maxDelayMs = internal.maxDelayMs ?? 30_000;
  const attemptTimeoutMs = internal.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
  const outageAfterFailures = internal.outageAfterFailures ?? 8;
  const firstContactAttempts = internal.firstContactAttempts ?? 5;
  const maxCallFailures = internal.maxCallFailures ?? 10;
  const now = internal.now ?? Date.now;
  const random = internal.random ?? Math.random;
  const budget = internal.budget ?? createRetryBudget({ ratio: 0.5, minRetriesPerSecond: 2, now });

  let attempts = 0;
  let retries = 0;
  let waits = 0;
  let waitedMs = 0;
  let budgetWaits = 0;
  let successes = 0;
  /** Whether any HTTP answer came, even a 503: the server is there, if unwell. */
  let heard = false;
  const failures = new Map<string, number>();
  /** Since the last success: when the first failure came, how many in a row, and what they were. */
  let failingSince: number | undefined;
  let failingInARow = 0;
  let recent = new Map<string, number>();
  let firstAttemptAt: number | undefined;
  let lastSuccessAt: number | undefined;
  let gaveUp: OutageError | undefined;

  /** Set while paused. */
  let pause:
    | {
        since: number;
        probing: boolean;
        probeFailures: number;
        nextProbeAt: number;
        timer: ReturnType<typeof setTimeout> | undefined;
      }
    | undefined;
  /** Calls waiting for the pause to end or for their turn to probe. */
  const gate: { resolve: (turn: "go" | "probe") => void; reject: (error: unknown) => void }[] = [];

  const resilience: Resilience = {
    slots,
    onStatus: undefined,
    wrap: (inner) => keepMarks(inner, (input, init) => send(inner, input, init)),
    within: (callContext, call) => context.run(callContext, call),
    failure: () => gaveUp,
    reached: () => successes > 0,
    trouble,
    stats: () => ({
      attempts,
      retries,
      waits,
      waitedMs: waitedMs + (pause ? now() - pause.since : 0),
      budgetWaits,
      failures: Object.fromEntries(failures),
    }),
    status: () => (pause ? { waiting: { failing: formatCounts(recent), since: pause.since } } : {}),
  };

  function trouble(): string | undefined {
    if (failingSince === undefined || failingInARow === 0) return undefined;
    return `${formatCounts(recent)} for ${formatDuration(now() - failingSince)} (since ${formatClock(failingSince)}), ${failingInARow === 1 ? "1 attempt" : `${failingInARow} attempts`} in a row${lastSuccessAt === undefined ? ", and no call has succeeded yet" : ""}`;
  }

  function succeeded(): void {
    successes += 1;
    lastSuccessAt = now();
    failingSince = undefined;
    failingInARow = 0;
    recent = new Map();
    if (pause) {
      const paused = pause;
      pause = undefined;
      if (paused.timer) clearTimeout(paused.timer);
      waitedMs += now() - paused.since;
      for (const waiter of gate.splice(0)) waiter.resolve("go");
      resilience.onStatus?.({});
    }
  }

  function failed(failure: Failure, probe: boolean): void {
    const at = now();
    failures.set(failure.what, (failures.get(failure.what) ?? 0) + 1);
    recent.set(failure.what, (recent.get(failure.what) ?? 0) + 1);
    failingSince ??= at;
    failingInARow += 1;
    if (!heard && failingInARow >= firstContactAttempts) {
      giveUp();
      return;
    }
    if (pause) {
      if (!probe) return;
      pause.probing = false;
      pause.probeFailures += 1;
      const since = lastSuccessAt ?? firstAttemptAt ?? at;
      if (at - since >= maxOutageMs) {
        giveUp();
        return;
      }
      const delay = Math.max(failure.retryAfterMs ?? 0, backoff(pause.probeFailures));
      // The last probe comes at the deadline, not after it.
      pause.nextProbeAt = at + Math.min(delay, since + maxOutageMs - at);
      scheduleProbe();
      return;
    }
    if (failingInARow >= outageAfterFailures) {
      pause = {
        since: at,
        probing: false,
        probeFailures: 0,
        nextProbeAt: at + Math.max(failure.retryAfterMs ?? 0, backoff(1)),
        timer: undefined,
      };
      waits += 1;
      resilience.onStatus?.(resilience.status());
      scheduleProbe();
    }
  }

  function giveUp(): void {
    const at = now();
    const since = lastSuccessAt ?? firstAttemptAt ?? at;
    const reached = lastSuccessAt !== undefined;
    const what = `${formatCounts(recent)}: ${failingInARow === 1 ? "1 attempt" : `${failingInARow} attempts`} in a row`;
    gaveUp = reached
      ? new OutageError(
          `no call has succeeded for ${formatDuration(at - since)} (since ${formatClock(since)}; --max-outage is ${formatDuration(maxOutageMs)}): ${what}, probing with backoff`,
          true,
        )
      : heard
        ? new OutageError(
            `no call has succeeded in ${formatDuration(at - since)} (since ${formatClock(since)}; --max-outage is ${formatDuration(maxOutageMs)}): ${what}, probing with backoff`,
            false,
          )
        : new OutageError(`no answer to any call in ${formatDuration(at - since)}: ${what}`, false);
    if (pause) {
      if (pause.timer) clearTimeout(pause.timer);
      waitedMs += at - pause.since;
      pause = undefined;
    }
    for (const waiter of gate.splice(0)) waiter.reject(gaveUp);
    resilience.onStatus?.({});
  }

  /** A probe that was not sent after all (its call stopped): the next waiting call probes instead. */
  function releaseProbe(): void {
    if (!pause) return;
    pause.probing = false;
    scheduleProbe();
  }

  /** Hands the next probe to the first waiting call once it is due. */
  function scheduleProbe(): void {
    const current = pause;
    if (!current || current.probing) return;
    if (current.timer) clearTimeout(current.timer);
    const due = current.nextProbeAt - now();
    if (due > 0) {
      current.timer = setTimeout(scheduleProbe, due);
      return;
    }
    current.timer = undefined;
    const next = gate.shift();
    if (!next) return;
    current.probing = true;
    next.resolve("probe");
  }

  /** Resolves when this call may send: at once, or (paused) at the pause's end or its turn to probe. */
  function passGate(stop: AbortSignal | undefined): Promise<"go" | "probe"> {
    if (gaveUp) return Promise.reject(gaveUp);
    if (!pause) return Promise.resolve("go");
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (turn: "go" | "probe") => {
          stop?.removeEventListener("abort", onStop);
          resolve(turn);
        },
        reject: (error: unknown) => {
          stop?.removeEventListener("abort", onStop);
          reject(error);
        },
      };
      const onStop = () => {
        const index = gate.indexOf(waiter);
        if (index !== -1) gate.splice(index, 1);
        reject(stop?.reason);
      };
      if (stop?.aborted) {
        reject(stop.reason);
        return;
      }
      stop?.addEventListener("abort", onStop, { once: true });
      gate.push(waiter);
      scheduleProbe();
    });
  }

  function backoff(failure: number): number {
    return Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failure - 1, 30)));
  }

  /** One attempt in a slot: the answer, or a failure to judge; the caller's abort and final errors are thrown. */
  async function attempt(
    inner: typeof fetch,
    input: Parameters<typeof fetch>[0],
    init: RequestInit | undefined,
    transient: (status: number) => boolean,
    sending: () => boolean,
  ): Promise<{ response: Response } | { failure: Failure; error: unknown } | { held: true }> {
    const signal = init?.signal ?? undefined;
    try {
      const response = await slots.run(async () => {
        if (!sending()) throw HELD;
        const timeout = new AbortController();
        const timer = setTimeout(
          () => timeout.abort(new AttemptTimeout(`no answer in ${formatDuration(attemptTimeoutMs)}`)),
          attemptTimeoutMs,
        );
        try {
          const answer = await inner(input, {
            ...init,
            signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
          });
          if (transient(answer.status)) throw new TransientAnswer(answer, answer.status);
          return answer;
        } catch (error) {
          if (timeout.signal.aborted && !signal?.aborted) throw timeout.signal.reason;
          throw error;
        } finally {
          clearTimeout(timer);
        }
      });
      return { response };
    } catch (error) {
      if (error === HELD) return { held: true };
      if (signal?.aborted) {
        discard(error);
        throw signal.reason;
      }
      if (error instanceof TransientAnswer) {
        heard = true;
        const { status, response } = error;
        const retryAfterMs = RETRY_AFTER_STATUSES.has(status)
          ? parseRetryAfter(response.headers.get("retry-after"), now())
          : undefined;
        return {
          failure: {
            what: `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ""}`,
            throttled: status === 429,
            ...(retryAfterMs === undefined ? {} : { retryAfterMs: Math.min(retryAfterMs, maxOutageMs) }),
          },
          error,
        };
      }
      if (error instanceof AttemptTimeout) {
        return {
          failure: { what: `no answer within ${formatDuration(attemptTimeoutMs)}`, throttled: false },
          error,
        };
      }
      // A fetch that refused to send anything (a proxy refusing plain HTTP) is a configuration error, and anything
      // else that is not the network's word (a bug) is not trouble to wait out either.
      if (SourcegraphError.isInstance(error) || !isNetworkFailure(error)) throw error;
      return { failure: { what: networkFailure(error), throttled: false }, error };
    }
  }

  async function send(
    inner: typeof fetch,
    input: Parameters<typeof fetch>[0],
    init: RequestInit | undefined,
  ): Promise<Response> {
    const call = context.getStore();
    const signal = init?.signal ?? undefined;
    const stop = call?.stop;
    const waitSignal = stop ? (signal ? AbortSignal.any([signal, stop]) : stop) : signal;
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const graphql = url.includes("/.api/graphql");
    const transient = (status: number) => TRANSIENT_STATUSES.has(status) || (graphql && status === 500);
    const body = init?.body;
    const replayable =
      body === undefined ||
      body === null ||
      typeof body === "string" ||
      body instanceof Uint8Array ||
      body instanceof ArrayBuffer;
    budget.recordRequest();
    let callFailures = 0;
    /** Successes of any call seen by this call's previous failure. */
    let seen = successes;
    // The number of the next attempt to send.
    for (let number = 1; ; ) {
      let turn: "go" | "probe";
      try {
        turn = await passGate(waitSignal);
      } catch (error) {
        if (stop?.aborted && !signal?.aborted && call) call.stopped = true;
        throw error;
      }
      if (stop?.aborted) {
        if (turn === "probe") releaseProbe();
        if (call) call.stopped = true;
        throw stop.reason;
      }
      let outcome: Awaited<ReturnType<typeof attempt>>;
      try {
        outcome = await attempt(inner, input, init, transient, () => {
          // In the slot, just before sending: a pause that began (or a stop that came) while this call waited for
          // its slot holds it back, so that a pause really is one probe at a time.
          if ((turn === "go" && pause) || stop?.aborted) return false;
          attempts += 1;
          firstAttemptAt ??= now();
          if (number > 1) retries += 1;
          if (call) call.attempts += 1;
          return true;
        });
      } catch (error) {
        if (turn === "probe") releaseProbe();
        throw error;
      }
      if ("held" in outcome) {
        if (turn === "probe") releaseProbe();
        continue;
      }
      number += 1;
      if ("response" in outcome) {
        heard = true;
        succeeded();
        return outcome.response;
      }
      failed(outcome.failure, turn === "probe");
      // Other calls succeeded since this one's last failure: the server lives, and this may be about this call.
      if (successes > seen && !outcome.failure.throttled) callFailures += 1;
      seen = successes;
      const last = !replayable || callFailures >= maxCallFailures;
      if (last) return settle(outcome.error);
      discard(outcome.error);
      if (gaveUp) throw gaveUp;
      try {
        if (!pause) {
          await abortableSleep(outcome.failure.retryAfterMs ?? backoff(number - 1), waitSignal);
          while (!pause && !budget.tryAcquireRetry()) {
            budgetWaits += 1;
            await abortableSleep(Math.max(baseDelayMs, 100 + backoff(number - 1)), waitSignal);
          }
        }
      } catch (error) {
        if (stop?.aborted && !signal?.aborted && call) call.stopped = true;
        throw error;
      }
    }
  }

  return resilience;
}

/**
 * `wrapper` with the marks `inner` carries under symbols, such as the route of a proxy's fetch, which core's
 * plain-HTTP guard reads to know whether a token would cross the network in clear.
 */
export function keepMarks<F extends object>(inner: object, wrapper: F): F {
  for (const key of Object.getOwnPropertySymbols(inner)) {
    Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(inner, key) as PropertyDescriptor);
  }
  return wrapper;
}

/** A failed attempt's last word, given to the client as its own: the server's answer, or the network's error. */
function settle(error: unknown): Response {
  if (error instanceof TransientAnswer) return error.response;
  throw error;
}

function discard(error: unknown): void {
  if (error instanceof TransientAnswer) error.response.body?.cancel().catch(() => {});
}

/** How fetch (undici, Node's or a proxy's) says that no answer came: `fetch failed`, or a socket error's code. */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError && error.message === "fetch failed") return true;
  return typeof (error as { code?: unknown } | null)?.code === "string";
}

/** Node's and undici's words for a failed connection, as a user reads them. */
function networkFailure(error: unknown): string {
  let deepest = error instanceof Error ? error.message : String(error);
  for (let cause = error, depth = 0; typeof cause === "object" && cause !== null && depth < 6; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (code === "ECONNREFUSED") return "connection refused";
    if (code === "ECONNRESET" || code === "EPIPE") return "connection reset";
    if (code === "UND_ERR_SOCKET" || code === "UND_ERR_CLOSED") return "connection closed without an answer";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
    if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return "connect timed out";
    if (typeof code === "string") return code;
    if (cause instanceof Error) deepest = cause.message;
    cause = (cause as { cause?: unknown }).cause;
  }
  return deepest;
}

/** `HTTP 503 ×12, connection refused ×3`, most frequent first: what failed, for messages and the report. */
export function formatCounts(counts: Iterable<readonly [string, number]>): string {
  return [...counts]
    .sort(([, a], [, b]) => b - a)
    .map(([what, count]) => `${what} ×${count}`)
    .join(", ");
}

/** `19:20:01 UTC`. */
export function formatClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** `850 ms`, `12 s`, `5 min 07 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const two = (value: number) => String(value).padStart(2, "0");
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${two(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${two(minutes % 60)} min`;
}
