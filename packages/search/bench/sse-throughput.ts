// Streaming-search parsing benchmark (issue 5, section 6). Run with `pnpm bench` (it builds first).
//
// 1. Throughput (MB/s) of parse + JSON.parse on a generated stream of realistic `matches` events, beside
//    (a) eventsource-parser + JSON.parse on the same bytes and (b) JSON.parse alone on the same payloads.
// 2. Peak RSS growth (measured first) while consuming a much longer generated stream through `searchEvents`.
//
// Sizes: SEARCH_BENCH_MB (default 256) and SEARCH_BENCH_RSS_MB (default 1024).
import { performance } from "node:perf_hooks";
import { searchEvents } from "@sgkit/search";
import { createParser } from "eventsource-parser";

const MB = 1024 * 1024;
const totalMb = Number(process.env.SEARCH_BENCH_MB ?? 256);
const rssMb = Number(process.env.SEARCH_BENCH_RSS_MB ?? 1024);
const CHUNK = 64 * 1024;
const encoder = new TextEncoder();

/** One `matches` event of about 32 KB, as the server flushes them: content matches with line matches. */
function matchesEvent(seed: number): string {
  const matches = [];
  for (let i = 0; i < 40; i++) {
    matches.push({
      type: "content",
      path: `src/module_${seed}/file_${i}.go`,
      repositoryID: 1000 + (seed % 50),
      repository: `github.com/acme/service-${seed % 50}`,
      repoStars: 42,
      branches: [""],
      commit: "0123456789abcdef0123456789abcdef01234567",
      language: "Go",
      lineMatches: Array.from({ length: 5 }, (_, j) => ({
        line: `\tif err := client.Do(ctx, request_${j}); err != nil { return fmt.Errorf("TODO ✓ %w", err) }`,
        lineNumber: 100 + j,
        offsetAndLengths: [[42, 4]],
      })),
    });
  }
  return `event: matches\ndata: ${JSON.stringify(matches)}\n\n`;
}

const progress = `event: progress\ndata: ${JSON.stringify({ done: false, matchCount: 1, durationMs: 5, skipped: [] })}\n\n`;
const events = Array.from({ length: 16 }, (_, i) => matchesEvent(i));
const payloads = events.map((event) => event.slice("event: matches\ndata: ".length, -2));
const eventBytes = events.map((event) => encoder.encode(event + progress));

/** The 16 events (each followed by a progress event) back to back, twice, so any 64 KiB window is a view of it. */
const period = eventBytes.reduce((sum, bytes) => sum + bytes.length, 0);
const doubled = new Uint8Array(period * 2);
for (let at = 0, i = 0; at < doubled.length; i++) {
  const bytes = eventBytes[i % eventBytes.length] as Uint8Array;
  doubled.set(bytes, at);
  at += bytes.length;
}

/**
 * The generated stream, at least `mb` MiB in whole events, then `done`: 64 KiB views of `doubled` (no copy, so
 * the benchmark's own allocations do not hide the parser's memory), lazily.
 */
function* chunks(mb: number): Generator<Uint8Array> {
  const total = Math.ceil((mb * MB) / period) * period;
  for (let produced = 0; produced < total; produced += CHUNK) {
    const offset = produced % period;
    yield doubled.subarray(offset, offset + Math.min(CHUNK, total - produced));
  }
  yield encoder.encode("event: done\ndata: {}\n\n");
}

/** The highest RSS seen, sampled at every chunk read (the consuming loops never yield to timers). */
let peak = 0;
function sampleRss(): void {
  peak = Math.max(peak, process.memoryUsage().rss);
}

function streamOf(mb: number): ReadableStream<Uint8Array> {
  const source = chunks(mb);
  return new ReadableStream(
    {
      pull(controller) {
        sampleRss();
        const next = source.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    },
    { highWaterMark: 0 },
  );
}

async function ours(mb: number): Promise<number> {
  let matches = 0;
  for await (const event of searchEvents(streamOf(mb)))
    if (event.type === "matches") matches += event.data.length;
  return matches;
}

async function eventsourceParser(mb: number): Promise<number> {
  let matches = 0;
  const parser = createParser({
    onEvent(event) {
      const data: unknown = JSON.parse(event.data);
      if (event.event === "matches") matches += (data as unknown[]).length;
    },
  });
  const reader = streamOf(mb).getReader();
  const decoder = new TextDecoder();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return matches;
}

async function jsonParseOnly(mb: number): Promise<number> {
  // The same payload strings, already split: the ceiling of any parser that must JSON.parse them.
  let matches = 0;
  let bytes = 0;
  for (let i = 0; bytes < mb * MB; i++) {
    const k = i % payloads.length;
    matches += (JSON.parse(payloads[k] as string) as unknown[]).length;
    JSON.parse(progress.slice("event: progress\ndata: ".length, -2));
    bytes += (eventBytes[k] as Uint8Array).length;
  }
  return matches;
}

// Memory first, in a fresh process, so the throughput runs' heap growth does not hide the stream's.
globalThis.gc?.();
await new Promise((resolve) => setTimeout(resolve, 50));
const before = process.memoryUsage().rss;
peak = before;
let count = 0;
for await (const event of searchEvents(streamOf(rssMb))) {
  if (event.type === "matches") count += event.data.length;
}
const heapBefore = process.memoryUsage().heapUsed;
globalThis.gc?.();
console.log(
  `RSS growth over ${rssMb} MiB: ${((peak - before) / MB).toFixed(1)} MiB (target < 64; ${count} matches)`,
);
console.log(
  `heap after a GC: ${(process.memoryUsage().heapUsed / MB).toFixed(1)} MiB (before it ${(heapBefore / MB).toFixed(1)} MiB): nothing retained`,
);

/** MB/s of `run`, the best of `ROUNDS` runs (the pipelines take turns, so machine noise hits them alike). */
const ROUNDS = Number(process.env.SEARCH_BENCH_ROUNDS ?? 3);
const pipelines: Array<[string, (mb: number) => Promise<number>]> = [
  ["@sgkit/search searchEvents", ours],
  ["eventsource-parser + JSON.parse", eventsourceParser],
  ["JSON.parse alone (ceiling)", jsonParseOnly],
];
const best = new Map<string, number>();
for (const [, run] of pipelines) await run(Math.min(16, totalMb)); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of pipelines) {
    const start = performance.now();
    await run(totalMb);
    const rate = totalMb / ((performance.now() - start) / 1000);
    best.set(name, Math.max(best.get(name) ?? 0, rate));
  }
}

console.log(`parse + JSON.parse of ${totalMb} MiB of matches events, 64 KiB chunks, best of ${ROUNDS}`);
for (const [name] of pipelines)
  console.log(`${name.padEnd(36)} ${(best.get(name) ?? 0).toFixed(0).padStart(5)} MB/s`);
const [a, b, c] = pipelines.map(([name]) => best.get(name) ?? 0) as [number, number, number];
console.log(`ratio to eventsource-parser: ${(a / b).toFixed(2)}x (target >= 1.0)`);
console.log(`ratio to JSON.parse ceiling: ${(a / c).toFixed(2)}x (target >= 0.8)`);
