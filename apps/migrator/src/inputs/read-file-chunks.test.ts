import { describe, expect, it } from "vitest";
import { InputError } from "./input-error.js";
import { readFileChunks } from "./read-file-chunks.js";
import { useTempDir } from "./test-support/use-temp-dir.js";

const tmp = useTempDir();

async function sizes(chunks: AsyncIterable<Uint8Array>): Promise<number[]> {
  const seen: number[] = [];
  for await (const chunk of chunks) seen.push(chunk.length);
  return seen;
}

describe("readFileChunks", () => {
  it("reads full chunks, the last one short, and nothing from an empty file", async () => {
    const path = await tmp.write("ten.bin", new Uint8Array(10).fill(7));
    expect(await sizes(readFileChunks(path, undefined, 4))).toEqual([4, 4, 2]);
    expect(await sizes(readFileChunks(path, undefined, 5))).toEqual([5, 5]);
    expect(await sizes(readFileChunks(await tmp.write("empty.bin", ""), undefined, 4))).toEqual([]);
  });

  it("gives fresh chunks that later reads do not overwrite", async () => {
    const path = await tmp.write("abc.txt", "aaaabbbbcc");
    const chunks: Uint8Array[] = [];
    for await (const chunk of readFileChunks(path, undefined, 4)) chunks.push(chunk);
    expect(chunks.map((chunk) => Buffer.from(chunk).toString())).toEqual(["aaaa", "bbbb", "cc"]);
  });

  it("names the path of a file it cannot open", async () => {
    const path = tmp.path("nope.csv");
    await expect(sizes(readFileChunks(path))).rejects.toThrow(
      new InputError("cannot read the file: no such file (ENOENT)", { file: path }),
    );
  });

  it("stops at an aborted signal with its reason", async () => {
    const path = await tmp.write("abort.bin", new Uint8Array(100));
    const controller = new AbortController();
    const reason = new Error("stop");
    let read = 0;
    const reading = (async () => {
      for await (const _ of readFileChunks(path, controller.signal, 10)) {
        read += 1;
        controller.abort(reason);
      }
    })();
    await expect(reading).rejects.toBe(reason);
    expect(read).toBe(1);
  });
});
