import { type FileHandle, open } from "node:fs/promises";
import { inputFileError } from "./input-file-error.js";

/** Bytes read at a time: large enough to keep the reads cheap, small enough to bound what one step holds. */
export const CHUNK_BYTES = 128 * 1024;

/**
 * Reads a file as a stream of fresh chunks, each full except the last, so a caller never holds more than one
 * chunk of it. Checks `signal` before every read, and closes the file when the caller stops early.
 *
 * @throws InputError naming the path when it cannot be opened or read (`ENOENT`, `EISDIR`, `EACCES`).
 */
export async function* readFileChunks(
  path: string,
  signal?: AbortSignal,
  chunkBytes: number = CHUNK_BYTES,
): AsyncGenerator<Uint8Array, void, undefined> {
  signal?.throwIfAborted();
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw inputFileError(path, error);
  }
  try {
    for (;;) {
      const chunk = new Uint8Array(chunkBytes);
      let filled = 0;
      // A pipe may answer a read with fewer bytes than asked: only a read of nothing means the end.
      while (filled < chunkBytes) {
        signal?.throwIfAborted();
        let bytesRead: number;
        try {
          ({ bytesRead } = await handle.read(chunk, filled, chunkBytes - filled, null));
        } catch (error) {
          throw inputFileError(path, error);
        }
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled > 0) yield chunk.subarray(0, filled);
      if (filled < chunkBytes) return;
    }
  } finally {
    await handle.close();
  }
}
