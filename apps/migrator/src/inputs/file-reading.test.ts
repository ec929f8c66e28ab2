import { describe, expect, it } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import { decodeLine, LineSplitter, readFileChunks, skipByteOrderMark } from "./file-reading.js";
import { InputError } from "./input-error.js";

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

describe("skipByteOrderMark", () => {
  it("drops a UTF-8 byte order mark", () => {
    expect([...skipByteOrderMark(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61), "a.csv")]).toEqual([0x61]);
  });

  it("leaves other text alone", () => {
    const chunk = new TextEncoder().encode("repository,user");
    expect(skipByteOrderMark(chunk, "a.csv")).toBe(chunk);
    expect([...skipByteOrderMark(Uint8Array.of(0xef, 0xbb), "a.csv")]).toEqual([0xef, 0xbb]);
  });

  it.each([
    [0xff, 0xfe],
    [0xfe, 0xff],
  ])("refuses UTF-16 (%i, %i)", (a, b) => {
    expect(() => skipByteOrderMark(Uint8Array.of(a, b, 0x61, 0), "a.csv")).toThrow(
      "a.csv:1: the file is UTF-16 text: save it as UTF-8",
    );
  });
});

function split(text: string, chunkBytes: number, maxLineBytes = 1 << 20): [string, number][] {
  const lines: [string, number][] = [];
  const splitter = new LineSplitter({
    file: "a.ndjson",
    maxLineBytes,
    onLine: (bytes, line) => lines.push([new TextDecoder().decode(bytes), line]),
  });
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    splitter.push(bytes.subarray(offset, offset + chunkBytes));
  }
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it.each([1, 2, 5, 100])("reports the same lines in chunks of %i bytes", (size) => {
    expect(split("one\r\ntwo\n\nfour é\nfive", size)).toEqual([
      ["one\r", 1],
      ["two", 2],
      ["", 3],
      ["four é", 4],
      ["five", 5],
    ]);
  });

  it("reports no last line after a final line feed", () => {
    expect(split("a\n", 1)).toEqual([["a", 1]]);
    expect(split("", 1)).toEqual([]);
  });

  it("accepts a line of exactly the limit, and refuses a longer one as soon as it grows past it", () => {
    expect(split("12345\n", 2, 5)).toEqual([["12345", 1]]);
    const splitter = new LineSplitter({ file: "a.ndjson", maxLineBytes: 5, onLine: () => {} });
    splitter.push(new TextEncoder().encode("ok\n1234"));
    expect(() => splitter.push(new TextEncoder().encode("56"))).toThrow(
      "a.ndjson:2: line longer than 5 bytes (the maxRecordBytes limit)",
    );
  });
});

describe("decodeLine", () => {
  it("decodes UTF-8, keeping a byte order mark that is not at the file's start", () => {
    expect(decodeLine(new TextEncoder().encode("\ufeffé🎉"), "a.csv", 2)).toBe("\ufeffé🎉");
  });

  it("refuses NUL bytes and invalid UTF-8 at the line", () => {
    expect(() => decodeLine(Uint8Array.of(0x61, 0), "a.csv", 4)).toThrow(
      "a.csv:4: NUL byte: this is not a text file",
    );
    expect(() => decodeLine(Uint8Array.of(0x61, 0xc3), "a.csv", 5)).toThrow(
      "a.csv:5: invalid UTF-8: this is not a UTF-8 text file",
    );
  });
});
