import { describe, expect, it } from "vitest";
import { EventTooLargeError } from "../errors/event-too-large-error.js";
import { parseServerSentEvents } from "./parse-server-sent-events.js";
import type { ServerSentEvent } from "./server-sent-event.js";

const encoder = new TextEncoder();

async function parse(text: string, maxEventSize?: number): Promise<ServerSentEvent[]> {
  const out: ServerSentEvent[] = [];
  const stream = new Blob([encoder.encode(text)]).stream();
  for await (const event of parseServerSentEvents(stream, maxEventSize ? { maxEventSize } : {}))
    out.push(event);
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
