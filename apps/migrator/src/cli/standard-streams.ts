import { MigratorError } from "../migrator-error.js";
import type { CliIo } from "./environment.js";

// stdout and stderr when they fail: a reader that went away (`sgkit-migrate plan | head`, which ends in EPIPE)
// or a file that cannot grow (`> out.ndjson` on a full disk). Unheard, either is an `error` event that ends the
// process with a stack trace, and a writer waiting for `drain` waits forever.

/** A stream of {@link CliIo} as the commands get it; see {@link guardStandardStreams}. */
interface GuardedStream {
  write(text: string): boolean;
  once(event: "drain", listener: () => void): void;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** What a command ended with: its exit status, or what it threw. */
export type Outcome = { readonly status: number } | { readonly error: unknown };

/** The streams of one run, guarded; see {@link guardStandardStreams}. */
export interface StandardStreams {
  /** The run's io, its stdout and stderr guarded. */
  readonly io: CliIo;
  /** The same, with a signal that also aborts when stdout fails: for a command whose result is its stdout. */
  readonly stoppingIo: CliIo;
  /**
   * What stdout's failure, if any, makes of a command's outcome. A reader that went away is no failure: the
   * status is 1 if the command failed on its own, else 0, and the stop it caused is quiet. Any other failure of
   * stdout is an error, since the results were lost.
   */
  settle(outcome: Outcome): Outcome;
  /** Ends the guard: the streams' later errors are heard, and ignored. */
  release(): void;
}

/** Codes of a stdout whose reader is gone. */
const READER_GONE = new Set(["EPIPE", "ERR_STREAM_DESTROYED"]);

type Listener = (error: NodeJS.ErrnoException) => void;

/**
 * The one `error` listener of each stream, added the first time a run guards it and never removed: a write's
 * failure may be emitted after the run has returned, and unheard it would still end the process. It hands the
 * error to the run guarding the stream, if any. One per stream, so that a program calling `main` again and again
 * on process.stdout does not pile listeners up.
 */
const listeners = new WeakMap<object, { current: Listener | undefined }>();
type Emitter = {
  on?(event: "error", listener: Listener): unknown;
  once?(event: "drain", listener: () => void): unknown;
  off?(event: "drain", listener: () => void): unknown;
};

/**
 * Guards a run's stdout and stderr: their `error` events are listened to (and a write that throws is caught), and
 * once a stream has failed, writes to it are dropped and anyone waiting for it to drain goes on. When stdout
 * fails, `stoppingIo.signal` aborts.
 */
export function guardStandardStreams(io: CliIo): StandardStreams {
  const stop = new AbortController();
  let failure: NodeJS.ErrnoException | undefined;
  const stdout = guardStream(io.stdout, (error) => {
    failure ??= error;
    stop.abort(stdoutError(error));
  });
  const stderr = guardStream(io.stderr, () => {});
  const guarded: CliIo = { ...io, stdout: stdout.stream, stderr: stderr.stream };
  const readerGone = (): boolean => failure !== undefined && READER_GONE.has(failure.code ?? "");
  const causedByStop = (error: unknown): boolean =>
    error === stop.signal.reason || (error instanceof Error && error.name === "AbortError");
  return {
    io: guarded,
    stoppingIo: { ...guarded, signal: io.signal ? AbortSignal.any([io.signal, stop.signal]) : stop.signal },
    settle(outcome) {
      if (failure === undefined) return outcome;
      if (readerGone()) {
        if ("status" in outcome) return { status: outcome.status === 1 ? 1 : 0 };
        return causedByStop(outcome.error) ? { status: 0 } : outcome;
      }
      if ("error" in outcome && !causedByStop(outcome.error)) return outcome;
      return { error: stop.signal.reason };
    },
    release() {
      stdout.release();
      stderr.release();
    },
  };
}

function stdoutError(error: NodeJS.ErrnoException): MigratorError {
  return new MigratorError(
    `Cannot write to stdout (${error.message}): the results are incomplete; check where stdout goes (a full disk?) and run again.`,
    { cause: error },
  );
}

function guardStream(
  target: CliIo["stdout"] & { readonly isTTY?: boolean; readonly columns?: number },
  onFailure: Listener,
): { stream: GuardedStream; release(): void } {
  const emitter = target as Emitter;
  let failed = false;
  const waiting = new Set<() => void>();
  const fail: Listener = (error) => {
    if (failed) return;
    failed = true;
    onFailure(error);
    for (const resume of [...waiting]) resume();
  };
  let slot = listeners.get(target);
  if (slot === undefined && emitter.on !== undefined) {
    const created: { current: Listener | undefined } = { current: undefined };
    emitter.on("error", (error) => created.current?.(error));
    listeners.set(target, created);
    slot = created;
  }
  if (slot) slot.current = fail;
  const stream: GuardedStream = {
    write(text) {
      if (failed) return true;
      try {
        return target.write(text) !== false;
      } catch (error) {
        fail(error as NodeJS.ErrnoException);
        return true;
      }
    },
    once(_event, listener) {
      if (failed || emitter.once === undefined) {
        queueMicrotask(listener);
        return;
      }
      const resume = (): void => {
        waiting.delete(resume);
        emitter.off?.("drain", resume);
        listener();
      };
      waiting.add(resume);
      emitter.once("drain", resume);
    },
    get isTTY() {
      return target.isTTY;
    },
    get columns() {
      return target.columns;
    },
  };
  return {
    stream,
    release() {
      if (slot?.current === fail) slot.current = undefined;
      for (const resume of waiting) emitter.off?.("drain", resume);
      waiting.clear();
    },
  };
}
