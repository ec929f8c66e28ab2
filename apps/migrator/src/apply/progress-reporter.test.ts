import { createCanaryToken, findSecret } from "@sgkit/core/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createProgressReporter, type ProgressReporterOptions } from "./progress-reporter.js";

/** A stream that keeps what it is given, and a clock the test moves by hand. */
function setup(overrides: Partial<ProgressReporterOptions> & { isTTY?: boolean; columns?: number } = {}) {
  const writes: string[] = [];
  let time = 1_000_000;
  const { isTTY = false, columns, ...options } = overrides;
  const stream = {
    isTTY,
    ...(columns === undefined ? {} : { columns }),
    write(text: string) {
      writes.push(text);
      return true;
    },
  };
  const reporter = createProgressReporter({ total: 5000, stream, now: () => time, ...options });
  return {
    reporter,
    writes,
    advance(ms: number) {
      time += ms;
    },
    /** Everything written, and what a terminal would show: each `\r` + erase-line starts the line over. */
    screen() {
      return writes
        .join("")
        .split("\n")
        .map((line) => line.split("\r\x1b[2K").at(-1) ?? "");
    },
  };
}

/** Ticks `perTick` done every `everyMs` for `forMs`. */
function work(run: ReturnType<typeof setup>, perTick: number, everyMs: number, forMs: number): void {
  for (let elapsed = everyMs; elapsed <= forMs; elapsed += everyMs) {
    run.advance(everyMs);
    run.reporter.tick("done", perTick);
  }
}

const ESCAPE = "\x1b";
/** Select Graphic Rendition codes (colors), which take no room on screen. */
const COLOR = `${ESCAPE}[3`;
function withoutColor(text: string): string {
  return text.replaceAll(/\[3\dm/g, "").replaceAll(ESCAPE, "");
}

describe("createProgressReporter", () => {
  beforeEach(() => {
    vi.stubEnv("NO_COLOR", undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  describe("not on a terminal", () => {
    it("writes a plain line at most every 5 s, then a final one", () => {
      const run = setup();
      work(run, 100, 250, 4750);
      expect(run.writes).toEqual([]);
      work(run, 100, 250, 250);
      expect(run.writes).toEqual(["apply: 2000/5000 (40%), 400/s, ETA 8s, 0 failed\n"]);
      work(run, 100, 250, 4750);
      expect(run.writes).toHaveLength(1);
      run.reporter.tick("failed", 50);
      run.reporter.tick("skipped", 50);
      run.advance(250);
      run.reporter.tick("unchanged", 0);
      expect(run.writes).toHaveLength(2);
      expect(run.writes[1]).toBe("apply: 4000/5000 (80%), 400/s, ETA 3s, 50 failed, 50 skipped\n");
      run.advance(2500);
      run.reporter.tick("done", 1000);
      run.reporter.finish();
      expect(run.writes[2]).toBe("apply: 5000/5000 (100%), 400/s, 50 failed, 50 skipped, in 13s\n");
      expect(run.writes.join("")).not.toContain(ESCAPE);
    });

    it("follows the pace of the last ten seconds or so, not the average since the start", () => {
      const run = setup({ total: 1_000_000, intervalMs: 1000 });
      work(run, 1, 100, 20_000);
      expect(run.writes.at(-1)).toMatch(/, 10\/s, /);
      work(run, 100, 100, 15_000);
      expect(run.writes.at(-1)).toMatch(/ 15200\/1000000 \(1%\), 1000\/s, ETA 16m25s, /);
    });

    it("shows no rate or ETA before it has a second of history, and honours intervalMs and label", () => {
      const run = setup({ intervalMs: 0, label: "verify", total: 10 });
      run.advance(10);
      run.reporter.tick("done");
      expect(run.writes).toEqual(["verify: 1/10 (10%), ?/s, ETA ?, 0 failed\n"]);
      run.advance(2000);
      run.reporter.tick("done", 9);
      expect(run.writes[1]).toBe("verify: 10/10 (100%), 5.0/s, ETA 0s, 0 failed\n");
    });

    it("prints log lines as they come, redacted", () => {
      const run = setup();
      const token = createCanaryToken();
      run.reporter.log(`repository 12: 401 with token ${token}`);
      expect(run.writes).toEqual(["repository 12: 401 with token [REDACTED]\n"]);
      expect(findSecret(token, run.writes)).toBeUndefined();
    });

    it("shows the concurrency limit, and when the run waits out a failure, what fails and for how long", () => {
      let waiting: { failing: string; forMs: number } | undefined;
      const run = setup({ calls: () => ({ limit: 6, ...(waiting ? { waiting } : {}) }) });
      run.advance(5000);
      run.reporter.tick("done", 10);
      waiting = { failing: "HTTP 503 ×4", forMs: 12_000 };
      run.advance(5000);
      run.reporter.tick("done", 10);
      run.reporter.finish();
      expect(run.writes[0]).toMatch(/, 0 failed, limit 6\n$/);
      expect(run.writes[1]).toMatch(/, 0 failed, waiting out a failure \(HTTP 503 ×4\) for 12s, limit 6\n$/);
      // The final line sums the run up: no live state in it.
      expect(run.writes[2]).not.toContain("limit");
    });

    it("writes its final line once, and ignores ticks after it", () => {
      const run = setup({ total: 0 });
      run.reporter.finish();
      run.reporter.finish();
      run.advance(60_000);
      run.reporter.tick("done");
      expect(run.writes).toEqual(["apply: 0/0 (100%), ?/s, 0 failed, in 0s\n"]);
    });
  });

  describe("on a terminal", () => {
    it("redraws one line in place, at most every 100 ms, and ends it on finish", () => {
      vi.stubEnv("NO_COLOR", "1");
      const plain = setup({ isTTY: true, columns: 100 });
      plain.reporter.tick("done", 10);
      expect(plain.writes).toEqual([
        "\r\x1b[2Kapply [------------------------------] 10/5000 (0%), ?/s, ETA ?, 0 failed",
      ]);
      plain.advance(99);
      plain.reporter.tick("done", 10);
      expect(plain.writes).toHaveLength(1);
      plain.advance(1);
      plain.reporter.tick("done", 10);
      expect(plain.writes).toHaveLength(2);
      work(plain, 500, 1000, 5000);
      plain.reporter.finish();
      expect(plain.writes.join("")).not.toContain(COLOR);
      expect(plain.screen()).toEqual([
        "apply [###############---------------] 2530/5000 (50%), 496/s, 0 failed, in 5s",
        "",
      ]);
    });

    it("colors the bar and failures unless NO_COLOR is set", () => {
      const run = setup({ isTTY: true, columns: 100, total: 10 });
      run.reporter.tick("failed", 5);
      expect(run.writes[0]).toBe(
        "\r\x1b[2Kapply [\x1b[32m###############\x1b[39m---------------] 5/10 (50%), ?/s, ETA ?, \x1b[31m5 failed\x1b[39m",
      );
      vi.stubEnv("NO_COLOR", "");
      const empty = setup({ isTTY: true, columns: 100, total: 10 });
      empty.reporter.tick("done", 5);
      expect(empty.writes[0]).toContain(COLOR);
    });

    it("prints log lines above the bar and draws the bar again below them", () => {
      vi.stubEnv("NO_COLOR", "1");
      const plain = setup({ isTTY: true, columns: 100, total: 10 });
      plain.reporter.log("before any progress");
      plain.reporter.tick("done", 4);
      plain.reporter.log("repository 7: skipped");
      plain.reporter.log("repository 8: skipped");
      expect(plain.screen()).toEqual([
        "before any progress",
        "repository 7: skipped",
        "repository 8: skipped",
        "apply [############------------------] 4/10 (40%), ?/s, ETA ?, 0 failed",
      ]);
      plain.reporter.finish();
      plain.reporter.log("summary");
      expect(plain.screen().slice(3)).toEqual([
        "apply [############------------------] 4/10 (40%), ?/s, 0 failed, in 0s",
        "summary",
        "",
      ]);
    });

    it.each([120, 60, 40, 20])("keeps every line within %i columns", (columns) => {
      const run = setup({ isTTY: true, columns, total: 123_456_789 });
      run.reporter.tick("failed", 1_000_000);
      work(run, 1000, 100, 3000);
      run.reporter.log("x".repeat(10));
      run.reporter.finish();
      const drawn = run.writes
        .join("")
        .split("\n")
        .flatMap((line) => line.split(`\r${ESCAPE}[2K`));
      expect(drawn.length).toBeGreaterThan(30);
      for (const line of drawn) expect(withoutColor(line).length).toBeLessThan(columns);
      expect(withoutColor(run.screen().at(-2) ?? "")).toMatch(
        columns >= 100 ? /^apply \[-+\] 1030000\// : /^apply: 1030000\//,
      );
    });
  });

  it("refuses a total or a count that is not a non-negative integer", () => {
    const stream = { write: () => true };
    expect(() => createProgressReporter({ total: -1, stream })).toThrow(RangeError);
    expect(() => createProgressReporter({ total: 1.5, stream })).toThrow(/non-negative integer, not 1.5/);
    expect(() => createProgressReporter({ total: 1, stream, intervalMs: -1 })).toThrow(RangeError);
    const reporter = createProgressReporter({ total: 1, stream });
    expect(() => reporter.tick("done", -1)).toThrow(RangeError);
  });
});
