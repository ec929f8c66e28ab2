// Streaming-search parsing benchmark (issue 5, section 6). Run with `pnpm bench` (it builds first).
//
// 1. Throughput (MB/s) of parse + JSON.parse on a generated stream of realistic `matches` events, beside
//    (a) eventsource-parser + JSON.parse on the same bytes and (b) JSON.parse alone on the same payload strings
//    (the ceiling). Each pipeline reads SEARCH_BENCH_MB in all, as SEARCH_BENCH_ROUNDS streams; the pipelines
//    take turns stream by stream (in a rotating order), so machine noise hits them alike; the ratios are taken
//    within each round and the medians over the rounds are reported. Rates are given by wall-clock time and by
//    this process's CPU time (user + system, all threads, GC included): on a shared machine the CPU time is
//    what the pipeline cost, without the time other processes held the cores.
// 2. RSS growth while consuming a much longer generated stream, each measurement in a fresh process: the
//    baseline is taken after a warm-up of the same pipeline and a GC (so JIT code and the young generation's
//    first growth are not counted as the stream's), the peak is sampled at every chunk read.
//
// Sizes: SEARCH_BENCH_MB (default 256), SEARCH_BENCH_RSS_MB (default 1024), SEARCH_BENCH_ROUNDS (default 16),
// SEARCH_BENCH_RSS_RUNS (default 3).
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { searchEvents } from "@sgkit/search";
import { createParser } from "eventsource-parser";

const MB = 1024 * 1024;
const totalMb = Number(process.env.SEARCH_BENCH_MB ?? 256);
const rssMb = Number(process.env.SEARCH_BENCH_RSS_MB ?? 1024);
const ROUNDS = Number(process.env.SEARCH_BENCH_ROUNDS ?? 16);
const RSS_RUNS = Number(process.env.SEARCH_BENCH_RSS_RUNS ?? 3);
const WARM_UP_MB = 32;
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

const progressPayload = JSON.stringify({ done: false, matchCount: 1, durationMs: 5, skipped: [] });
const progress = `event: progress\ndata: ${progressPayload}\n\n`;
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
const doneBytes = encoder.encode("event: done\ndata: {}\n\n");

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
  yield doneBytes;
}

/** The highest RSS seen, sampled at every chunk read (the consuming loops never yield to timers). */
let peak = 0;

function streamOf(mb: number, sampleRss = false): ReadableStream<Uint8Array> {
  const source = chunks(mb);
  return new ReadableStream(
    {
      pull(controller) {
        if (sampleRss) peak = Math.max(peak, process.memoryUsage.rss());
        const next = source.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    },
    { highWaterMark: 0 },
  );
}

type Pipeline = (mb: number, sampleRss?: boolean) => Promise<number>;

const ours: Pipeline = async (mb, sampleRss) => {
  let matches = 0;
  for await (const event of searchEvents(streamOf(mb, sampleRss)))
    if (event.type === "matches") matches += event.data.length;
  return matches;
};

const eventsourceParser: Pipeline = async (mb, sampleRss) => {
  let matches = 0;
  const parser = createParser({
    onEvent(event) {
      const data: unknown = JSON.parse(event.data);
      if (event.event === "matches") matches += (data as unknown[]).length;
    },
  });
  const reader = streamOf(mb, sampleRss).getReader();
  const decoder = new TextDecoder();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return matches;
};

/** The same payload strings, already split: the ceiling of any parser that must JSON.parse them. */
const jsonParseOnly: Pipeline = async (mb) => {
  let matches = 0;
  let bytes = 0;
  for (let i = 0; bytes < mb * MB; i++) {
    const k = i % payloads.length;
    matches += (JSON.parse(payloads[k] as string) as unknown[]).length;
    JSON.parse(progressPayload);
    bytes += (eventBytes[k] as Uint8Array).length;
  }
  return matches;
};

const RSS_PIPELINES: Record<string, Pipeline> = { ours, "eventsource-parser": eventsourceParser };

/** In a child process: one RSS measurement of `name`, printed as JSON. */
async function measureRss(name: string): Promise<void> {
  const run = RSS_PIPELINES[name];
  if (!run) throw new Error(`unknown pipeline ${name}`);
  const settle = async () => {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  };
  await settle();
  const atStart = process.memoryUsage.rss();
  await run(WARM_UP_MB);
  await settle();
  const baseline = process.memoryUsage.rss();
  peak = baseline;
  const matches = await run(rssMb, true);
  const heapBeforeGc = process.memoryUsage().heapUsed;
  globalThis.gc?.();
  const result = {
    growthMiB: (peak - baseline) / MB,
    growthFromStartMiB: (peak - atStart) / MB,
    heapAfterGcMiB: process.memoryUsage().heapUsed / MB,
    heapBeforeGcMiB: heapBeforeGc / MB,
    matches,
  };
  console.log(JSON.stringify(result));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  console.log(`RSS over ${rssMb} MiB, ${RSS_RUNS} fresh processes each, after a ${WARM_UP_MB} MiB warm-up:`);
  for (const name of Object.keys(RSS_PIPELINES)) {
    const runs = Array.from(
      { length: RSS_RUNS },
      () =>
        JSON.parse(
          execFileSync(process.execPath, ["--expose-gc", self, "rss", name], { encoding: "utf8" }),
        ) as { growthMiB: number; growthFromStartMiB: number; heapAfterGcMiB: number },
    );
    const growth = runs.map((run) => run.growthMiB.toFixed(1)).join(", ");
    console.log(
      `${name.padEnd(20)} growth ${median(runs.map((run) => run.growthMiB)).toFixed(1)} MiB median (${growth})` +
        `; from process start ${median(runs.map((run) => run.growthFromStartMiB)).toFixed(1)} MiB` +
        `; heap after a GC ${median(runs.map((run) => run.heapAfterGcMiB)).toFixed(1)} MiB`,
    );
  }

  const pipelines: Array<[string, Pipeline]> = [
    ["@sgkit/search searchEvents", ours],
    ["eventsource-parser + JSON.parse", eventsourceParser],
    ["JSON.parse alone (ceiling)", jsonParseOnly],
  ];
  for (const [, run] of pipelines) await run(Math.min(16, totalMb)); // warm-up
  const clocks = { wall: () => performance.now(), cpu: () => cpuMs() };
  type Clock = keyof typeof clocks;
  const rates = new Map<string, number[]>();
  const ratios = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  const roundMb = totalMb / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    const rate = new Map<string, number>();
    // Rotating the order, so no pipeline always runs right after the same one.
    for (let i = 0; i < pipelines.length; i++) {
      const [name, run] = pipelines[(round + i) % pipelines.length] as [string, Pipeline];
      const wall = clocks.wall();
      const cpu = clocks.cpu();
      await run(roundMb);
      rate.set(`${name}/wall`, roundMb / ((clocks.wall() - wall) / 1000));
      rate.set(`${name}/cpu`, roundMb / ((clocks.cpu() - cpu) / 1000));
    }
    for (const [key, value] of rate) push(rates, key, value);
    for (const clock of Object.keys(clocks) as Clock[]) {
      const [a, b, c] = pipelines.map(([name]) => rate.get(`${name}/${clock}`) ?? 0) as [
        number,
        number,
        number,
      ];
      push(ratios, `parser/${clock}`, a / b);
      push(ratios, `ceiling/${clock}`, a / c);
    }
  }
  console.log(
    `parse + JSON.parse of ${totalMb} MiB of matches events (${ROUNDS} streams of ${roundMb} MiB), 64 KiB chunks, medians`,
  );
  for (const clock of Object.keys(clocks) as Clock[]) {
    console.log(`by ${clock === "wall" ? "wall-clock" : "CPU"} time:`);
    for (const [name] of pipelines) {
      const all = rates.get(`${name}/${clock}`) ?? [];
      console.log(
        `  ${name.padEnd(36)} ${median(all).toFixed(0).padStart(5)} MB/s (${Math.min(...all).toFixed(0)} to ${Math.max(...all).toFixed(0)})`,
      );
    }
    const parser = ratios.get(`parser/${clock}`) ?? [];
    const ceiling = ratios.get(`ceiling/${clock}`) ?? [];
    const range = (values: number[]) =>
      `${Math.min(...values).toFixed(2)} to ${Math.max(...values).toFixed(2)}`;
    console.log(
      `  ratio to eventsource-parser: ${median(parser).toFixed(2)}x (${range(parser)}; target >= 1.0)`,
    );
    console.log(
      `  ratio to JSON.parse ceiling: ${median(ceiling).toFixed(2)}x (${range(ceiling)}; target >= 0.8)`,
    );
  }
}

/** This process's CPU time so far (user + system, every thread), in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

if (process.argv[2] === "rss") await measureRss(process.argv[3] ?? "");
else await main();
