import { Writable } from "node:stream";

/** A stdout whose reader goes away, as `sgkit-migrate plan | head` has it; see {@link brokenPipe}. */
export interface BrokenPipe extends Writable {
  /** What was written before the pipe broke. */
  readonly text: string;
}

/**
 * A stream that takes `writes` writes and fails every later one with `EPIPE`, as process.stdout does once the
 * reader of a pipe (`| head`) has exited: the failing write's callback gets the error, and the stream then emits
 * it as an `error` event.
 */
export function brokenPipe(writes: number): BrokenPipe {
  let taken = 0;
  let text = "";
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      if (taken >= writes) {
        callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE", errno: -32, syscall: "write" }));
        return;
      }
      taken += 1;
      text += chunk.toString();
      callback();
    },
  });
  return Object.defineProperty(stream, "text", { get: () => text }) as BrokenPipe;
}
