import { afterEach, describe, expect, it, vi } from "vitest";
import { EventTooLargeError } from "./errors.js";
import { byteSearchView, parseServerSentEvents, type ServerSentEvent, ServerSentEventParser } from "./sse.js";

const encoder = new TextEncoder();

async function parse(text: string, maxEventSize?: number): Promise<ServerSentEvent[]> {
  const out: ServerSentEvent[] = [];
  const stream = new Blob([encoder.encode(text)]).stream();
  for await (const event of parseServerSentEvents(stream, maxEventSize ? { maxEventSize } : {}))
    out.push(event);
  return out;
}

function feedAll(parser: ServerSentEventParser, chunks: Uint8Array[]): ServerSentEvent[] {
  const out: ServerSentEvent[] = [];
  for (const chunk of chunks) parser.feed(chunk, out);
  return out;
}

describe("parseServerSentEvents", () => {
  it("keeps the last id across events, ignores an id with NUL, reads retry only when all digits", async () => {
    expect(
      await parse("id: 1\nretry: 250\ndata: a\n\ndata: b\n\nid: x\0y\nretry: 1s\ndata: c\n\nid\ndata: d\n\n"),
    ).toEqual([
      { event: "message", data: "a", lastEventId: "1", retry: 250 },
      { event: "message", data: "b", lastEventId: "1" },
      { event: "message", data: "c", lastEventId: "1" },
      { event: "message", data: "d", lastEventId: "" },
    ]);
  });

  it("strips one space after the colon only; a field without a colon has an empty value", async () => {
    expect(await parse("data:  two\ndata\ndata:x\n\n")).toEqual([
      { event: "message", data: " two\n\nx", lastEventId: "" },
    ]);
  });

  it("discards an unterminated last event, and the BOM only at the very start", async () => {
    expect(await parse("data: a\n\ndata: b")).toEqual([{ event: "message", data: "a", lastEventId: "" }]);
    expect(await parse("\uFEFFdata: a\n\n\uFEFFdata: b\n\n")).toEqual([
      { event: "message", data: "a", lastEventId: "" },
    ]);
  });

  it("yields the events before an oversized one, then fails and cancels the stream", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode(`data: ok\n\ndata: ${"x".repeat(50)}`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    const run = async () => {
      for await (const event of parseServerSentEvents(stream, { maxEventSize: 40 })) seen.push(event.data);
    };
    await expect(run()).rejects.toBeInstanceOf(EventTooLargeError);
    expect(seen).toEqual(["ok"]);
    expect(cancelled).toBe(true);
  });

  it("pulls: it reads no further than the event asked for, and break cancels the stream", async () => {
    let reads = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          reads++;
          controller.enqueue(encoder.encode(`data: ${reads}\n\n`));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    for await (const event of parseServerSentEvents(stream)) {
      if (event.data === "3") break;
    }
    expect(reads).toBe(3);
    expect(cancelled).toBe(true);
  });

  it("refuses a maxEventSize that is not a positive whole number", async () => {
    await expect(parse("data: a\n\n", -1)).rejects.toThrow(/maxEventSize/);
  });
});

describe("ServerSentEventParser", () => {
  it("drops a BOM split across chunks at the stream start, but keeps one inside a value", () => {
    const bytes = encoder.encode("\uFEFFdata: \uFEFFx\n\n");
    const out = feedAll(new ServerSentEventParser(), [
      bytes.subarray(0, 1),
      bytes.subarray(1, 2),
      bytes.subarray(2),
    ]);
    expect(out).toEqual([{ event: "message", data: "\uFEFFx", lastEventId: "" }]);
  });

  it("keeps no reference to a chunk: the caller may reuse it for the next read", () => {
    const parser = new ServerSentEventParser();
    const out: ServerSentEvent[] = [];
    const buffer = new Uint8Array(16);
    const wire = encoder.encode('event: progress\ndata: {"n":"日本"}\n\n');
    for (let at = 0; at < wire.length; at += buffer.length) {
      const piece = wire.subarray(at, at + buffer.length);
      buffer.set(piece);
      parser.feed(buffer.subarray(0, piece.length), out);
      buffer.fill(0x78); // what a reused buffer would hold next
    }
    expect(out).toEqual([{ event: "progress", data: '{"n":"日本"}', lastEventId: "" }]);
  });

  it("a line that spans many chunks is joined once, and a later short line is unaffected", () => {
    const long = "y".repeat(10_000);
    const wire = encoder.encode(`data: ${long}\n\ndata: z\n\n`);
    const chunks = Array.from({ length: Math.ceil(wire.length / 7) }, (_, i) =>
      wire.subarray(i * 7, i * 7 + 7),
    );
    expect(feedAll(new ServerSentEventParser(), chunks).map((event) => event.data)).toEqual([long, "z"]);
  });

  it("counts the limit in bytes of the data, a line end counting one", () => {
    // "日本" is 2 characters but 6 bytes; "😀" is 4 bytes.
    expect(feedAll(new ServerSentEventParser(11), [encoder.encode("data: 日本😀\n\n")])).toHaveLength(1);
    expect(() => feedAll(new ServerSentEventParser(10), [encoder.encode("data: 日本😀\n\n")])).toThrow(
      EventTooLargeError,
    );
  });

  it("parses the same where the runtime has no Buffer (a browser), CR, CRLF and split characters included", () => {
    const wire = encoder.encode('event: a\r\ndata: {"日":1}\r\n\r\nevent: b\rdata: x\r\rdata: y\n\n');
    const expected = [
      { event: "a", data: '{"日":1}', lastEventId: "" },
      { event: "b", data: "x", lastEventId: "" },
      { event: "message", data: "y", lastEventId: "" },
    ];
    const pieces = (at: number) => [wire.subarray(0, at), wire.subarray(at)];
    vi.stubGlobal("Buffer", undefined);
    try {
      for (let at = 0; at <= wire.length; at++) {
        expect(feedAll(new ServerSentEventParser(), pieces(at)), `split at ${at}`).toEqual(expected);
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("fails an unfinished line past the limit before the rest of it arrives", () => {
    const parser = new ServerSentEventParser(100);
    expect(() => parser.feed(encoder.encode(`data: ${"x".repeat(200)}`), [])).toThrow(
      /maximum size of 100 bytes/,
    );
  });
});

describe("byteSearchView", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const memory = Uint8Array.of(0, 1, 10, 2, 13, 10, 3);
  const bytes = memory.subarray(1, 6);

  it("is a view of the same bytes, without a copy, whose indexOf finds the same positions", () => {
    const view = byteSearchView(bytes);
    expect([...view]).toEqual([...bytes]);
    expect([view.indexOf(10), view.indexOf(10, 2), view.indexOf(13), view.indexOf(7)]).toEqual([1, 4, 3, -1]);
    memory[2] = 99;
    expect(view[1]).toBe(99);
  });

  it("uses Node's Buffer where there is one, and the bytes themselves where there is none (a browser)", () => {
    expect(Buffer.isBuffer(byteSearchView(bytes))).toBe(true);
    vi.stubGlobal("Buffer", undefined);
    expect(byteSearchView(bytes)).toBe(bytes);
  });
});
