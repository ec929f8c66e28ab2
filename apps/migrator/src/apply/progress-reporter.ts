import { redactText } from "@sgkit/core/internal";

/** How one unit of work ended, as the progress display counts it. */
export type ProgressOutcome = "done" | "unchanged" | "failed" | "skipped";

/** Where progress goes: any writable stream (`process.stderr`), told apart as a terminal by `isTTY`. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width; 80 when unknown. */
  readonly columns?: number;
}

/** How {@link createProgressReporter} reports. */
export interface ProgressReporterOptions {
  /** How many units of work there are. */
  readonly total: number;
  readonly stream: ProgressStream;
  /** The clock, in milliseconds; `performance.now` unless a test injects its own. */
  readonly now?: () => number;
  /** The least time between two writes: default 100 ms on a terminal, 5000 ms otherwise (logs, CI). */
  readonly intervalMs?: number;
  /** What the line is about; default `apply`. */
  readonly label?: string;
  /**
   * The state of the run's calls, read at each redraw: the current concurrency limit, and while the run waits out
   * a failure, what is failing and since when (on the `now` clock of the caller's choice, `sinceMs` ago).
   */
  readonly calls?: () => CallsState;
}

/** What the progress line says of the run's calls; see {@link ProgressReporterOptions.calls}. */
export interface CallsState {
  /** Calls allowed in flight now. */
  readonly limit: number;
  /** Set while no call succeeds: what is failing, and for how long (ms). */
  readonly waiting?: { readonly failing: string; readonly forMs: number };
}

/** Reports progress; see {@link createProgressReporter}. */
export interface ProgressReporter {
  /** Counts `count` (default 1) units of work that ended with `outcome`, and redraws when it is time to. */
  tick(outcome: ProgressOutcome, count?: number): void;
  /** Prints a line (redacted) above the progress line, which stays whole and below it. */
  log(line: string): void;
  /** Writes the final line: totals, the average rate and the time taken. Ticks after it are ignored. */
  finish(): void;
}

/** The rate is what went through in about this long, so that it follows the pace without jumping around. */
const RATE_WINDOW_MS = 10_000;
/** One sample per this long keeps the window's memory constant however fast ticks come. */
const SAMPLE_MS = 500;
/** A rate measured over less than this is noise: show none yet. */
const MIN_RATE_SPAN_MS = 1000;
const MAX_BAR_WIDTH = 30;
const MIN_BAR_WIDTH = 10;
const CLEAR_LINE = "\r\x1b[2K";
const GREEN = "\x1b[32m";
const RED = "\x1b[31m";
const DEFAULT_COLOR = "\x1b[39m";

interface Sample {
  time: number;
  processed: number;
}

/**
 * Creates a progress display for `total` units of work.
 *
 * On a terminal it keeps one line up to date in place (`\r` and erase-line), at most every `intervalMs`:
 * `apply [#######-----] 1200/5000 (24%), 310/s, ETA 12s, 0 failed, limit 12`, in color unless `NO_COLOR` is set;
 * while the run waits out a failure, the line says so (`waiting out a failure (HTTP 503 ×4) for 12s`).
 * Elsewhere it writes a plain line at most every `intervalMs` (5 s by default), such as
 * `apply: 1200/5000 (24%), 310/s, ETA 12s, 0 failed`, and never any escape code. Either way `finish` writes
 * a last line.
 *
 * Progress counts every outcome; the rate is over the last ten seconds or so, and the ETA is what is left at
 * that rate. Nothing runs between calls (no timer): the display moves when work does.
 *
 * @throws RangeError when `total` is not a non-negative integer or `intervalMs` is negative.
 */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const { total, stream, now = () => performance.now(), label = "apply" } = options;
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`The progress total must be a non-negative integer, not ${total}.`);
  }
  const terminal = stream.isTTY === true;
  const intervalMs = options.intervalMs ?? (terminal ? 100 : 5000);
  if (!(intervalMs >= 0)) throw new RangeError(`The progress interval must be >= 0 ms, not ${intervalMs}.`);
  const noColor = process.env.NO_COLOR;
  const color = terminal && (noColor === undefined || noColor === "");
  const startedAt = now();
  const samples: Sample[] = [{ time: startedAt, processed: 0 }];
  let processed = 0;
  let failed = 0;
  let skipped = 0;
  // A terminal shows the first tick at once; a log gets its first line after an interval's worth of work.
  let writtenAt = terminal ? Number.NEGATIVE_INFINITY : startedAt;
  let barShown = false;
  let finished = false;

  function recentRate(time: number): number | undefined {
    while (samples.length > 1 && time - (samples[1] as Sample).time >= RATE_WINDOW_MS) samples.shift();
    const oldest = samples[0] as Sample;
    const span = time - oldest.time;
    return span < MIN_RATE_SPAN_MS ? undefined : ((processed - oldest.processed) * 1000) / span;
  }

  function status(time: number, last: boolean): Array<{ text: string; color?: string }> {
    const percent = total === 0 ? 100 : Math.floor((processed * 100) / total);
    const rate = last
      ? time > startedAt
        ? (processed * 1000) / (time - startedAt)
        : undefined
      : recentRate(time);
    const parts: Array<{ text: string; color?: string }> = [
      { text: `${processed}/${total} (${percent}%)` },
      { text: `${formatRate(rate)}/s` },
    ];
    if (!last) parts.push({ text: `ETA ${formatEta(total - processed, rate)}` });
    parts.push({ text: `${failed} failed`, ...(failed > 0 ? { color: RED } : {}) });
    if (skipped > 0) parts.push({ text: `${skipped} skipped` });
    const calls = last ? undefined : options.calls?.();
    if (calls?.waiting) {
      parts.push({
        text: `waiting out a failure (${calls.waiting.failing}) for ${formatDuration(calls.waiting.forMs)}`,
        color: RED,
      });
    }
    if (calls) parts.push({ text: `limit ${calls.limit}` });
    if (last) parts.push({ text: `in ${formatDuration(time - startedAt)}` });
    return parts;
  }

  function plainLine(time: number, last: boolean): string {
    return `${label}: ${status(time, last)
      .map((part) => part.text)
      .join(", ")}`;
  }

  function terminalLine(time: number, last: boolean): string {
    const parts = status(time, last);
    const text = parts.map((part) => part.text).join(", ");
    const columns = (stream.columns ?? 80) - 1;
    const barWidth = Math.min(MAX_BAR_WIDTH, columns - label.length - text.length - 3);
    if (barWidth < MIN_BAR_WIDTH) return truncate(`${label}: ${text}`, columns);
    const filled = total === 0 ? barWidth : Math.min(barWidth, Math.floor((processed * barWidth) / total));
    const paint = (text: string, code: string | undefined) =>
      color && code !== undefined && text !== "" ? `${code}${text}${DEFAULT_COLOR}` : text;
    const bar = `[${paint("#".repeat(filled), GREEN)}${"-".repeat(barWidth - filled)}]`;
    return `${label} ${bar} ${parts.map((part) => paint(part.text, part.color)).join(", ")}`;
  }

  function draw(time: number): void {
    writtenAt = time;
    if (terminal) {
      stream.write(`${CLEAR_LINE}${terminalLine(time, false)}`);
      barShown = true;
    } else {
      stream.write(`${plainLine(time, false)}\n`);
    }
  }

  return {
    tick(outcome, count = 1) {
      if (!Number.isSafeInteger(count) || count < 0) {
        throw new RangeError(`A progress tick counts a non-negative integer, not ${count}.`);
      }
      if (finished) return;
      processed += count;
      if (outcome === "failed") failed += count;
      else if (outcome === "skipped") skipped += count;
      const time = now();
      if (time - (samples[samples.length - 1] as Sample).time >= SAMPLE_MS) samples.push({ time, processed });
      if (time - writtenAt >= intervalMs) draw(time);
    },
    log(line) {
      const text = `${redactText(line)}\n`;
      if (!barShown) {
        stream.write(text);
        return;
      }
      stream.write(`${CLEAR_LINE}${text}${CLEAR_LINE}${terminalLine(now(), false)}`);
    },
    finish() {
      if (finished) return;
      finished = true;
      const time = now();
      stream.write(terminal ? `${CLEAR_LINE}${terminalLine(time, true)}\n` : `${plainLine(time, true)}\n`);
      barShown = false;
    },
  };
}

function truncate(text: string, columns: number): string {
  return text.length <= columns ? text : `${text.slice(0, Math.max(0, columns - 1))}…`;
}

function formatRate(rate: number | undefined): string {
  if (rate === undefined) return "?";
  return rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
}

function formatEta(remaining: number, rate: number | undefined): string {
  if (remaining <= 0) return "0s";
  if (rate === undefined || rate <= 0) return "?";
  return formatDuration((remaining * 1000) / rate);
}

/** `12s`, `5m07s`, `2h03m`, `3d04h`: the two largest units, enough to plan around. */
function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const two = (value: number) => String(value).padStart(2, "0");
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${two(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h${two(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d${two(hours % 24)}h`;
}
