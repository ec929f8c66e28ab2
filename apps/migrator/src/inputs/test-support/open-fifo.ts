import { execFileSync } from "node:child_process";
import { open } from "node:fs/promises";

/** The writing end of a named pipe. */
export interface FifoWriter {
  /** Resolves once the reader has taken all but a pipe buffer's worth of what was written. */
  write(data: string): Promise<void>;
  close(): Promise<void>;
  /** Bytes written so far. */
  readonly written: number;
}

/**
 * Makes a named pipe at `path` (POSIX `mkfifo`) and opens its writing end, which resolves once a reader opens
 * it. Tests feed generated inputs through it: nothing lands on disk, and a reader's memory can be measured
 * while it is halfway through.
 */
export function openFifo(path: string): { readonly opened: Promise<FifoWriter> } {
  execFileSync("mkfifo", [path]);
  const opened = open(path, "w").then((handle) => {
    const writer = {
      written: 0,
      async write(data: string) {
        const bytes = Buffer.from(data);
        await handle.write(bytes);
        writer.written += bytes.length;
      },
      close: () => handle.close(),
    };
    return writer;
  });
  return { opened };
}
