import { describe, expect, it } from "vitest";
import { collect } from "./collect.js";
import { EventTooLargeError, IncompleteStreamError } from "./errors.js";
import { type SearchEvent, searchEvents } from "./events.js";

const encoder = new TextEncoder();

/** A stream giving `chunks` one read each. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++] as Uint8Array);
      else controller.close();
    },
  });
}

async function events(chunks: Uint8Array[], maxEventSize?: number): Promise<SearchEvent[]> {
  const out: SearchEvent[] = [];
  for await (const event of searchEvents(streamOf(chunks), maxEventSize ? { maxEventSize } : {}))
    out.push(event);
  return out;
}

const content = {
  type: "content",
  path: "src/héllo.ts",
  repositoryID: 1,
  repository: "github.com/acme/api",
  lineMatches: [{ line: "const ✓ = '日本'", lineNumber: 3, offsetAndLengths: [[6, 1]] }],
  future: { kept: true },
};
const progress = { done: true, matchCount: 1, durationMs: 5, skipped: [] };
const filters = [{ value: "lang:go", label: "Go", count: 1, exhaustive: true, kind: "lang" }];
const alert = { title: "Unsupported", proposedQueries: null };

/** The sample: every kind of event, multi-byte UTF-8, once in the server's own format. */
const sample = [
  `event: matches\ndata: ${JSON.stringify([content])}\n\n`,
  `event: progress\ndata: ${JSON.stringify(progress)}\n\n`,
  `event: filters\ndata: ${JSON.stringify(filters)}\n\n`,
  `event: alert\ndata: ${JSON.stringify(alert)}\n\n`,
  `event: error\ndata: {"message":"boom ✗"}\n\n`,
  `event: done\ndata: {}\n\n`,
].join("");
const sampleEvents: SearchEvent[] = [
  { type: "matches", data: [content] as never },
  { type: "progress", data: progress },
  { type: "filters", data: filters },
  { type: "alert", data: alert },
  { type: "error", data: { message: "boom ✗" } },
  { type: "done", data: {} },
];

describe("searchEvents: wire table", () => {
  const cases: Array<{ name: string; wire: string; expected: SearchEvent[] }> = [
    { name: "LF line ends", wire: sample, expected: sampleEvents },
    { name: "CRLF line ends", wire: sample.replaceAll("\n", "\r\n"), expected: sampleEvents },
    { name: "CR line ends", wire: sample.replaceAll("\n", "\r"), expected: sampleEvents },
    { name: "a leading BOM", wire: `\uFEFF${sample}`, expected: sampleEvents },
    {
      name: "several data lines joined with LF",
      wire: 'event: progress\ndata: {"done":false,\ndata: "matchCount":2}\n\nevent: done\ndata: {}\n\n',
      expected: [
        { type: "progress", data: { done: false, matchCount: 2 } as never },
        { type: "done", data: {} },
      ],
    },
    {
      name: "comments, id, retry, no space after the colon, unknown fields",
      wire: ": keep-alive\n:\nid: 7\nretry: 1000\nfoo: bar\nevent:done\ndata:{}\n\n",
      expected: [{ type: "done", data: {} }],
    },
    {
      name: "unknown event names and a default message event",
      wire: 'event: novel\ndata: {"x":1}\n\ndata: plain text\n\nevent: done\ndata: {}\n\n',
      expected: [
        { type: "unknown", event: "novel", data: { x: 1 } },
        { type: "unknown", event: "message", data: "plain text" },
        { type: "done", data: {} },
      ],
    },
    {
      name: "an event without data is not dispatched",
      wire: "event: matches\n\nevent: done\ndata: {}\n\n",
      expected: [{ type: "done", data: {} }],
    },
    {
      name: "events after done are not read",
      wire: 'event: done\ndata: {}\n\nevent: alert\ndata: {"title":"late"}\n\n',
      expected: [{ type: "done", data: {} }],
    },
  ];

  for (const { name, wire, expected } of cases) {
    it(`${name}: whole, split at every byte offset, and byte by byte`, async () => {
      const bytes = encoder.encode(wire);
      expect(await events([bytes])).toEqual(expected);
      for (let at = 0; at <= bytes.length; at++) {
        expect(await events([bytes.subarray(0, at), bytes.subarray(at)]), `split at ${at}`).toEqual(expected);
      }
      expect(await events([...bytes].map((b) => Uint8Array.of(b)))).toEqual(expected);
    });
  }

  it("a multi-byte UTF-8 character split across chunks", async () => {
    const bytes = encoder.encode('event: error\ndata: {"message":"日"}\n\nevent: done\ndata: {}\n\n');
    const at = bytes.indexOf(0xe6) + 1; // inside the three bytes of 日
    expect(await events([bytes.subarray(0, at), bytes.subarray(at)])).toEqual([
      { type: "error", data: { message: "日" } },
      { type: "done", data: {} },
    ]);
  });

  it("CR at the end of one chunk and LF at the start of the next are one line end", async () => {
    const wire = encoder.encode(
      'event: error\r\ndata: {"message":"x"}\r\n\r\nevent: done\r\ndata: {}\r\n\r\n',
    );
    const chunks: Uint8Array[] = [];
    let start = 0;
    for (let i = 0; i < wire.length; i++) {
      if (wire[i] === 13) {
        chunks.push(wire.subarray(start, i + 1));
        start = i + 1;
      }
    }
    chunks.push(wire.subarray(start));
    expect(await events(chunks)).toEqual([
      { type: "error", data: { message: "x" } },
      { type: "done", data: {} },
    ]);
  });

  it("an oversized event is an EventTooLargeError, in one line or in many, finished or not", async () => {
    const big = `event: matches\ndata: [${'"x",'.repeat(100)}"x"]\n\n`;
    await expect(events([encoder.encode(big)], 100)).rejects.toBeInstanceOf(EventTooLargeError);
    await expect(events([encoder.encode(big.slice(0, 300))], 100)).rejects.toThrow(/maximum size of 100/);
    const lines = `event: matches\n${"data: 1234567890\n".repeat(20)}\n`;
    await expect(events([encoder.encode(lines)], 100)).rejects.toBeInstanceOf(EventTooLargeError);
    // Just under the limit is fine.
    expect(await events([encoder.encode("event: done\ndata: {}\n\n")], 3)).toEqual([
      { type: "done", data: {} },
    ]);
  });

  it("a truncated stream is an IncompleteStreamError; collect carries the partial results", async () => {
    const cut = sample.slice(0, sample.indexOf("event: filters") + 20);
    const error = await events([encoder.encode(cut)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect((error as IncompleteStreamError).eventCount).toBe(2);
    const collected = await collect(searchEvents(streamOf([encoder.encode(cut)]))).catch((e: unknown) => e);
    expect(collected).toBeInstanceOf(IncompleteStreamError);
    expect((collected as IncompleteStreamError).partial).toEqual({
      matches: [content],
      progress,
      filters: [],
      alerts: [],
      complete: false,
    });
  });

  it("a known event with data that is not JSON, or of the wrong shape, is a data_loss error", async () => {
    await expect(events([encoder.encode("event: matches\ndata: [oops\n\n")])).rejects.toMatchObject({
      code: "data_loss",
    });
    await expect(events([encoder.encode('event: matches\ndata: {"a":1}\n\n')])).rejects.toMatchObject({
      code: "data_loss",
    });
  });
});

describe("searchEvents on a broken body", () => {
  function breaking(text: string, error: unknown): ReadableStream<Uint8Array> {
    // The error comes on the read after the text: an error in start() would discard queued chunks.
    let reads = 0;
    return new ReadableStream({
      pull(controller) {
        if (reads++ === 0) controller.enqueue(new TextEncoder().encode(text));
        else controller.error(error);
      },
    });
  }
  const FIRST = 'event: matches\ndata: [{"type":"repo","repository":"a","repositoryID":1}]\n\n';

  it("reports a reset connection as an IncompleteStreamError with the network error as cause", async () => {
    const reset = new TypeError("terminated");
    const seen: SearchEvent[] = [];
    const error = await (async () => {
      for await (const event of searchEvents(breaking(FIRST, reset))) seen.push(event);
    })().catch((e: unknown) => e);
    expect(seen.map((event) => event.type)).toEqual(["matches"]);
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect((error as IncompleteStreamError).eventCount).toBe(1);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(((error as Error).cause as Error).message).toBe("terminated");
  });

  it("carries the partial results through collect", async () => {
    const error = await collect(searchEvents(breaking(FIRST, new TypeError("terminated")))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IncompleteStreamError);
    expect((error as IncompleteStreamError).partial?.matches).toHaveLength(1);
  });

  it("lets the caller's abort through unchanged", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    const error = await (async () => {
      for await (const _ of searchEvents(breaking(FIRST, reason), { signal: controller.signal })) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(error).toBe(reason);
  });
});
