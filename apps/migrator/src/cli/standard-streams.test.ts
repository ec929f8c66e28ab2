import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { brokenPipe } from "../../test/support/broken-pipe.js";
import { MigratorError } from "../migrator-error.js";
import type { CliIo } from "./environment.js";
import { guardStandardStreams } from "./standard-streams.js";

const EPIPE = () => Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
const ENOSPC = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

/** An io whose stdout is `stdout` and whose stderr is collected. */
function ioWith(stdout: CliIo["stdout"]): CliIo & { readonly errors: string[] } {
  const errors: string[] = [];
  return { stdout, stderr: { write: (text: string) => errors.push(text) }, env: {}, errors };
}

/** A stdout that keeps what it is given until it emits `error`. */
function emitterStdout(): EventEmitter & { write(text: string): boolean; readonly text: string[] } {
  const text: string[] = [];
  return Object.assign(new EventEmitter(), { text, write: (chunk: string) => text.push(chunk) > 0 });
}

describe("guardStandardStreams", () => {
  it("passes writes through while stdout works, and changes no outcome", () => {
    const stdout = emitterStdout();
    const streams = guardStandardStreams(ioWith(stdout));
    streams.io.stdout.write("a\n");
    streams.stoppingIo.stdout.write("b\n");
    expect(stdout.text).toEqual(["a\n", "b\n"]);
    expect(streams.stoppingIo.signal?.aborted).toBe(false);
    expect(streams.settle({ status: 2 })).toEqual({ status: 2 });
    const error = new Error("boom");
    expect(streams.settle({ error })).toEqual({ error });
    streams.release();
  });

  it("after EPIPE: drops writes, stops the commands that print their result, and makes the run quiet", async () => {
    const stdout = brokenPipe(1);
    const streams = guardStandardStreams(ioWith(stdout));
    streams.io.stdout.write("first\n");
    streams.io.stdout.write("second\n");
    await new Promise((resolve) => streams.stoppingIo.signal?.addEventListener("abort", resolve));
    streams.io.stdout.write("third\n");
    expect(stdout.text).toBe("first\n");
    const reason = streams.stoppingIo.signal?.reason;
    // Not failures: the status is 0 whatever the command found, and the stop is quiet.
    expect(streams.settle({ status: 0 })).toEqual({ status: 0 });
    expect(streams.settle({ status: 2 })).toEqual({ status: 0 });
    expect(streams.settle({ error: reason })).toEqual({ status: 0 });
    expect(streams.settle({ error: new DOMException("stopped", "AbortError") })).toEqual({ status: 0 });
    // Something else that failed still fails.
    expect(streams.settle({ status: 1 })).toEqual({ status: 1 });
    const other = new MigratorError("the instance refused");
    expect(streams.settle({ error: other })).toEqual({ error: other });
    streams.release();
  });

  it("catches a write that throws EPIPE", () => {
    const streams = guardStandardStreams(
      ioWith({
        write() {
          throw EPIPE();
        },
      }),
    );
    expect(streams.io.stdout.write("lost\n")).toBe(true);
    expect(streams.stoppingIo.signal?.aborted).toBe(true);
    expect(streams.settle({ status: 2 })).toEqual({ status: 0 });
  });

  it("lets a writer waiting for drain go on when stdout fails", async () => {
    const stdout = emitterStdout();
    const streams = guardStandardStreams(ioWith(stdout));
    const out = streams.io.stdout as CliIo["stdout"] & { once(event: "drain", listener: () => void): void };
    const drained = new Promise<void>((resolve) => out.once("drain", resolve));
    stdout.emit("error", EPIPE());
    await drained;
    expect(stdout.listenerCount("drain")).toBe(0);
  });

  it("makes any other failure of stdout an error saying the results are incomplete", () => {
    const stdout = emitterStdout();
    const streams = guardStandardStreams(ioWith(stdout));
    stdout.emit("error", ENOSPC());
    const settled = streams.settle({ status: 0 });
    expect("error" in settled && settled.error).toBeInstanceOf(MigratorError);
    const message = ((settled as { error: Error }).error as Error).message;
    expect(message).toBe(
      "Cannot write to stdout (ENOSPC: no space left on device, write): the results are incomplete; check where stdout goes (a full disk?) and run again.",
    );
    expect(streams.settle({ error: streams.stoppingIo.signal?.reason })).toEqual(settled);
    const other = new Error("the instance refused");
    expect(streams.settle({ error: other })).toEqual({ error: other });
  });

  it("keeps hearing a stream's errors after the run, with one listener however many runs guard it", () => {
    const stdout = emitterStdout();
    for (let run = 0; run < 20; run++) guardStandardStreams(ioWith(stdout)).release();
    expect(stdout.listenerCount("error")).toBe(1);
    // Emitting with no listener would throw.
    expect(() => stdout.emit("error", EPIPE())).not.toThrow();
  });

  it("drops stderr's writes once it failed, without stopping anything", () => {
    const stderr = emitterStdout();
    const streams = guardStandardStreams({ stdout: { write: () => true }, stderr, env: {} });
    streams.io.stderr.write("one\n");
    stderr.emit("error", EPIPE());
    streams.io.stderr.write("two\n");
    expect(stderr.text).toEqual(["one\n"]);
    expect(streams.stoppingIo.signal?.aborted).toBe(false);
    expect(streams.settle({ status: 2 })).toEqual({ status: 2 });
  });

  it("shows stderr's terminal size to the progress bar", () => {
    const streams = guardStandardStreams({
      stdout: { write: () => true },
      stderr: { write: () => true, isTTY: true, columns: 120 },
      env: {},
    });
    expect(streams.io.stderr.isTTY).toBe(true);
    expect(streams.io.stderr.columns).toBe(120);
  });

  it("aborts the commands' signal with the caller's too", () => {
    const controller = new AbortController();
    const streams = guardStandardStreams({ ...ioWith({ write: () => true }), signal: controller.signal });
    expect(streams.io.signal).toBe(controller.signal);
    controller.abort(new Error("Ctrl-C"));
    expect(streams.stoppingIo.signal?.aborted).toBe(true);
  });
});
