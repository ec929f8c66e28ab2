// How many calls are in flight: call slots whose limit adapts to the server (or stays fixed), how a call's outcome
// counts for that limit, and an ordered window over work as it arrives.
//
// Why this algorithm. The limit follows TCP Vegas as Netflix's concurrency-limits applies it to calls (VegasLimit:
// queue = limit × (1 − RTTnoLoad / RTT); grow while the queue is under alpha, shrink past beta, with alpha, beta,
// the growth step and the fast-growth threshold as functions of log10(limit)), read in
// github.com/Netflix/concurrency-limits (limit/VegasLimit.java, Gradient2Limit.java, AIMDLimit.java) and in Brakmo
// and Peterson's TCP Vegas (IEEE JSAC 13(8), 1995) as Linux implements it (torvalds/linux net/ipv4/tcp_vegas.c:
// per-RTT evaluation, an all-time-minimum baseRTT). Of the three:
// - AIMD grows until the server refuses: its only signal is a 429/503/timeout, so it would find a server's size by
//   overloading it, and every probe upward costs refused calls: the opposite of what a migration should do to a
//   production instance.
// - Gradient2 compares short-term with long-term *average* latency and tolerates 1.5×; its baseline drifts up
//   with a standing queue (its own documentation's "transition" states), so on a database-like server it settles
//   on a queue rather than on the server's capacity.
// - Vegas targets a small standing queue at the server (alpha to beta calls): enough that every worker is busy
//   (full throughput) and no more (latency close to the service time, far from any queue deadline), whatever the
//   server's size. That is what a batch job wants. Its known weakness is the baseline (RTTnoLoad): a minimum that
//   never moves cannot follow a server that became slower, a minimum over a busy client's noisy latencies keeps
//   the luckiest and reads the noise as a queue (the limit then stalls with the server's workers idle part of
//   the time), and a baseline re-measured while a queue stands ratchets the queue up. So the baseline here is the
//   first round's mean (at the lowest load), then re-measured, like BBR's ProbeRTT, every PROBE_EVERY_ROUNDS
//   rounds from a settled state, as the mean of a round run at half of what the server held without a queue (so
//   this client's share of the queue drains): a moving baseline that only ever measures a drained server.
// Around it: a TCP-like start (the limit doubles each round from INITIAL_LIMIT while no queue shows, leaving for
// Vegas at the first sign, back to what the server held plus alpha); one evaluation per round, a round being as
// many calls as the limit, all sent after the previous change (so each change is judged by calls that felt it);
// the round's *mean* latency and mean calls in flight (Little's law: what is queued is the in-flight share the
// server's own latency does not explain) rather than the per-round minimum Linux's Vegas takes, because calls go
// out in waves and the first of each wave finds idle workers, so a minimum would not see a queue of half the
// calls; a multiplicative cut on overload signs, once per round (a sign from a call sent before the last cut
// saw the old limit and was already answered for); growth only when the limit was used (Netflix's guard against
// drift when the caller is the bottleneck), by beta only after two rounds without any queue; and a big queue
// (past twice beta, such as a server that lost workers) cut straight to what the server holds plus beta rather
// than one step a round. The limit stays in [1, ceiling].

import { SourcegraphError } from "@sgkit/core";

/** Runs calls with at most `limit` in flight, the rest waiting in order. */
export interface CallSlots {
  run<T>(call: () => Promise<T>): Promise<T>;
  /** How many calls may be in flight now: the adaptive limit, or the fixed number. */
  readonly limit: number;
}

/** How {@link createCallSlots} bounds the calls in flight. */
export interface CallSlotsOptions {
  /** The most calls ever in flight: --concurrency. */
  readonly ceiling: number;
  /** false: exactly `ceiling` in flight, never adapted (--fixed-concurrency). Default true. */
  readonly adaptive?: boolean;
  /** Runs inside the slot before the call (apply's rate-limiter wait). */
  readonly before?: () => Promise<void>;
  /** Test seams (outside semver). */
  readonly internal?: { readonly now?: () => number };
}

/** Where an adaptive limit starts: low, so that a small server is not hit with the ceiling at once. */
export const INITIAL_LIMIT = 4;
/** What an overload sign leaves of the limit (CUBIC's 0.7: between Reno's halving and Netflix AIMD's 0.9). */
const CUT_FACTOR = 0.7;
/** Rounds between two baseline probes. */
const PROBE_EVERY_ROUNDS = 40;

/** How a call's outcome counts for the limit. */
type CallOutcome = "success" | "overload" | "neutral";

const OVERLOAD_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);
const OVERLOAD_CODES: ReadonlySet<string> = new Set([
  "resource_exhausted",
  "unavailable",
  "deadline_exceeded",
]);
/** Node's and undici's codes for a connection that failed, was reset or timed out. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/**
 * Whether a call's rejection is a sign that the server is overloaded: HTTP 429, 503 or 504; sgkit's (or
 * Connect's) `resource_exhausted`, `unavailable` and `deadline_exceeded` (which `RateLimitedError`, `NetworkError`
 * and `TimeoutError` carry); a connection reset, refused or timed out; a timeout signal's `TimeoutError`. Anything
 * else (not found, already exists, a bad request, denied, an abort, the caller's own symbols) says nothing about
 * load.
 */
export function isOverloadSign(error: unknown): boolean {
  if (SourcegraphError.isInstance(error)) {
    if (error.code === "canceled") return false;
    return (
      OVERLOAD_CODES.has(error.code) || (error.status !== undefined && OVERLOAD_STATUSES.has(error.status))
    );
  }
  for (let cause = error, depth = 0; typeof cause === "object" && cause !== null && depth < 8; depth++) {
    const { name, code, status } = cause as { name?: unknown; code?: unknown; status?: unknown };
    if (name === "AbortError") return false;
    if (name === "TimeoutError") return true;
    if (typeof status === "number" && OVERLOAD_STATUSES.has(status)) return true;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || OVERLOAD_CODES.has(code))) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * One pool of call slots shared by every call of a run (plan's reads, apply's writes), so that the limit bounds the
 * calls in flight however the work is spread. Adaptive by default (see the file's header): it starts at
 * {@link INITIAL_LIMIT}, grows while latency holds, and cuts on overload signs and on a queue building at the
 * server, within [1, ceiling]. `before` (the rate limiter's wait) runs inside the slot, so the rate limiter's queue
 * never holds more than the limit; the latency the limit judges starts after it.
 */
export function createCallSlots(options: CallSlotsOptions): CallSlots {
  const ceiling = options.ceiling;
  if (!(Number.isSafeInteger(ceiling) && ceiling >= 1)) {
    throw new RangeError(`createCallSlots: ceiling must be a whole number from 1, got ${String(ceiling)}`);
  }
  const before = options.before;
  const control = options.adaptive === false ? undefined : createVegasControl(ceiling, options.internal?.now);
  const limitNow = (): number => control?.limit() ?? ceiling;

  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    active -= 1;
    startWaiting();
  };
  /** Starts waiters, oldest first, while the limit (which may have grown or shrunk) has room. */
  const startWaiting = (): void => {
    while (waiting.length > 0 && active < limitNow()) {
      active += 1;
      (waiting.shift() as () => void)();
    }
  };

  return {
    get limit() {
      return limitNow();
    },
    async run(call) {
      // A newcomer queues behind the waiters even when a slot has just been freed: FIFO.
      if (active < limitNow() && waiting.length === 0) active += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      control?.started(active);
      try {
        if (before) await before();
        if (!control) return await call();
        const sample = control.send();
        try {
          const value = await call();
          sample.settled("success");
          return value;
        } catch (error) {
          sample.settled(isOverloadSign(error) ? "overload" : "neutral");
          throw error;
        }
      } finally {
        release();
      }
    },
  };
}

/** One call sent: settle it once with its outcome. */
interface Sample {
  settled(outcome: CallOutcome): void;
}

/** The adaptive limit: fed each call's start and outcome. */
interface LimitControl {
  limit(): number;
  /** A call took a slot; `active` counts it. */
  started(active: number): void;
  /** A call is sent now (after `before`). */
  send(): Sample;
}

/** The Vegas thresholds of concurrency-limits: log10 of the limit, at least 1 (its Log10RootIntFunction). */
function log10Step(limit: number): number {
  return Math.max(1, Math.floor(Math.log10(Math.max(1, Math.floor(limit)))));
}

function createVegasControl(ceiling: number, now: () => number = () => performance.now()): LimitControl {
  let limit = Math.min(ceiling, INITIAL_LIMIT);
  let slowStart = true;
  /** The server's latency without a queue (RTTnoLoad), as last measured; undefined until the first round. */
  let baseline: number | undefined;
  let sending = 0;
  let lastCutAt = Number.NEGATIVE_INFINITY;
  let roundsSinceProbe = 0;
  let probing = false;
  /** The limit while probing: half of what the server held without a queue in the last round. */
  let probeLimit = 1;
  /** The last round showed no queue. */
  let quiet = false;
  /** The last round showed more than beta queued. */
  let crowded = false;

  // The current round: calls sent from `roundStart` on.
  let roundStart = now();
  let roundLatency = 0;
  let roundSamples = 0;
  let roundInFlight = 0;
  let roundLimited = false;

  const clamp = (value: number): number => Math.max(1, Math.min(ceiling, value));
  const newRound = (at: number): void => {
    roundStart = at;
    roundLatency = 0;
    roundSamples = 0;
    roundInFlight = 0;
    roundLimited = false;
  };
  /** The limit the slots enforce: lower while probing, so that this client's share of the queue drains. */
  const effective = (): number => (probing ? probeLimit : Math.max(1, Math.floor(limit)));

  const endRound = (at: number): void => {
    const rtt = roundLatency / roundSamples;
    const inFlight = roundInFlight / roundSamples;
    if (probing) {
      // A drained round: its latency is the server's without a queue, now.
      probing = false;
      baseline = rtt;
      newRound(at);
      return;
    }
    // The first round, at the lowest load, is the first baseline; after it only probes move it. A running minimum
    // would keep the luckiest round of a noisy client (a busy machine delays some answers), and read the noise
    // as a queue for ever after.
    baseline ??= rtt;
    const queue = Math.max(0, inFlight * (1 - baseline / rtt));
    const step = log10Step(limit);
    const alpha = 3 * step;
    const beta = 6 * step;
    if (slowStart) {
      if (queue <= step) {
        if (roundLimited) limit = clamp(limit * 2);
      } else {
        // The first queue: back to what the server held in this round plus a small queue, then Vegas.
        slowStart = false;
        limit = clamp(Math.min(limit, inFlight - queue + alpha));
      }
    } else if (queue > 2 * beta && crowded) {
      // Two rounds in a row: a queue that stays (lost workers, another client), not one stall of a busy client.
      limit = clamp(Math.min(limit - step, inFlight - queue + beta));
    } else if (queue > beta) {
      limit = clamp(limit - step);
    } else if (roundLimited && queue < alpha) {
      // No queue for two rounds in a row (a recovery, a server that grew): grow by beta, as Netflix's Vegas does
      // without a queue; otherwise one step.
      limit = clamp(limit + (queue <= step && quiet ? beta : step));
    }
    quiet = queue <= step;
    crowded = queue > beta;
    roundsSinceProbe += 1;
    // Probed only from a settled round (no more than beta queued), so that the probe's limit is below what the
    // server holds and the queue drains: measured through a queue, the baseline would ratchet up.
    if (!slowStart && roundsSinceProbe >= PROBE_EVERY_ROUNDS && queue <= beta) {
      roundsSinceProbe = 0;
      probeLimit = Math.max(1, Math.floor(Math.min(limit, inFlight - queue) / 2));
      probing = true;
    }
    newRound(at);
  };

  return {
    limit: effective,
    started(active) {
      if (active >= effective()) roundLimited = true;
    },
    send() {
      const sentAt = now();
      sending += 1;
      let done = false;
      return {
        settled(outcome) {
          if (done) return;
          done = true;
          const at = now();
          const inFlight = sending;
          sending -= 1;
          if (outcome === "overload") {
            // One cut per round of calls: those sent before the last cut saw the old limit and were answered.
            if (sentAt >= lastCutAt) {
              lastCutAt = at;
              slowStart = false;
              probing = false;
              limit = clamp(Math.floor(limit * CUT_FACTOR));
              newRound(at);
            }
            return;
          }
          if (outcome === "neutral" || sentAt < roundStart) return;
          roundLatency += Math.max(at - sentAt, Number.MIN_VALUE);
          roundInFlight += inFlight;
          roundSamples += 1;
          if (roundSamples >= effective()) endRound(at);
        },
      };
    },
  };
}

/**
 * Results a run keeps in flight per call slot: enough that a slot never idles while the consumer handles the
 * oldest result, few enough that memory stays a few ACLs per slot.
 */
export const LOOKAHEAD_PER_SLOT = 4;

/**
 * Starts `task` on each item of `source` as it arrives, keeping up to `lookahead` tasks ahead of the consumer,
 * and yields their results in the source's order as the oldest finishes: work never waits for a whole batch,
 * and memory holds at most `lookahead` results. Bound how many tasks actually run at once inside `task` (call
 * slots). A task's failure is thrown when its turn comes; the tasks behind it are left to settle unheard, so the
 * caller should abort them (their signal) when it stops early.
 */
export async function* mapInOrder<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  lookahead: number,
  task: (item: T) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const window: Promise<R>[] = [];
  for await (const item of source) {
    const running = task(item);
    // Handled now, so that a task failing behind the window's head is not an unhandled rejection.
    running.catch(() => {});
    window.push(running);
    if (window.length >= lookahead) yield await (window.shift() as Promise<R>);
  }
  while (window.length > 0) yield await (window.shift() as Promise<R>);
}
