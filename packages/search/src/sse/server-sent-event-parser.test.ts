import { describe, expect, it, vi } from "vitest";
import { EventTooLargeError } from "../errors/event-too-large-error.js";
import type { ServerSentEvent } from "./server-sent-event.js";
import { ServerSentEventParser } from "./server-sent-event-parser.js";

const encoder = new TextEncoder();

function feedAll(parser: ServerSentEventParser, chunks: Uint8Array[]): ServerSentEvent[] {
  const out: ServerSentEvent[] = [];
  for (const chunk of chunks) parser.feed(chunk, out);
  return out;
}

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
