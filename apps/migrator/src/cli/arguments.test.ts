import { describe, expect, it } from "vitest";
import { MigratorError } from "../migrator-error.js";
import type { MaxDeletes } from "../plan/delete-limit.js";
import {
  type ApplyArguments,
  type Command,
  type CommandLine,
  type CommonArguments,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_DELETES,
  type PlanArguments,
  parseCommandLine,
  parseDuration,
  parseListen,
  parseMaxDeletes,
} from "./arguments.js";
import { usage } from "./usage.js";

/** Every command's flags, unset. */
const COMMON_DEFAULTS: CommonArguments = {
  endpoint: undefined,
  tokenFile: undefined,
  graphqlTokenFile: undefined,
  allowInsecureHttp: false,
  bindId: "username",
  onUnknown: "fail",
  format: undefined,
  json: false,
  concurrency: 64,
  fixedConcurrency: false,
  maxOutageMs: 10 * 60_000,
};

/** What `plan acl.ndjson` parses to: every default. */
const PLAN_DEFAULTS: PlanArguments = {
  ...COMMON_DEFAULTS,
  files: ["acl.ndjson"],
  out: undefined,
  pendingOut: undefined,
  maxDiffLines: 200,
};

/** What `apply acl.ndjson` parses to: every default. */
const APPLY_DEFAULTS: ApplyArguments = {
  ...COMMON_DEFAULTS,
  files: ["acl.ndjson"],
  pendingOut: undefined,
  maxDiffLines: 200,
  yes: false,
  resume: false,
  journal: undefined,
  maxRps: undefined,
  maxDeletes: { kind: "percent", value: 5, floor: 10 },
  allowEmpty: false,
  maxPlanAgeMs: undefined,
  maxPlanAge: undefined,
};

type ArgumentsOf<C extends Command> =
  Extract<CommandLine, { command: C }> extends { args: infer A } ? A : never;

/** The arguments `argv` parses to, which must run `command`. */
function argsOf<C extends Command>(argv: readonly string[], command: C): ArgumentsOf<C> {
  const line = parseCommandLine(argv);
  expect(line.command).toBe(command);
  return (line as unknown as { args: ArgumentsOf<C> }).args;
}

/** The message `parseCommandLine(argv)` refuses with; fails the test when it accepts. */
function refusal(argv: readonly string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(MigratorError);
    expect((error as MigratorError).exitCode).toBe(1);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
}

describe("parseCommandLine", () => {
  it("gives every option its default", () => {
    expect(parseCommandLine(["plan", "acl.ndjson"])).toEqual({ command: "plan", args: PLAN_DEFAULTS });
    expect(parseCommandLine(["apply", "acl.ndjson"])).toEqual({ command: "apply", args: APPLY_DEFAULTS });
    expect(DEFAULT_CONCURRENCY).toBe(64);
    // 5% of the grants, and at least 10 deletes: 5% alone rounds to 0 on an instance of fewer than 20 grants.
    expect(DEFAULT_MAX_DELETES).toEqual({ kind: "percent", value: 5, floor: 10 });
  });

  it("reads every option of plan, in any order around the files", () => {
    const args = argsOf(
      [
        "--endpoint",
        "https://sg.example.com",
        "plan",
        "a.ndjson",
        "--token-file=/run/token",
        "--graphql-token-file",
        "/run/graphql-token",
        "b.csv",
        "--bind-id",
        "email",
        "--on-unknown",
        "skip",
        "--format",
        "csv",
        "--json",
        "-o",
        "plan.json",
        "--pending-out",
        "pending.ndjson",
        "--concurrency",
        "64",
        "--max-diff-lines",
        "0",
        "c.json",
      ],
      "plan",
    );
    expect(args).toEqual({
      ...PLAN_DEFAULTS,
      files: ["a.ndjson", "b.csv", "c.json"],
      endpoint: "https://sg.example.com",
      tokenFile: "/run/token",
      graphqlTokenFile: "/run/graphql-token",
      bindId: "email",
      onUnknown: "skip",
      format: "csv",
      json: true,
      out: "plan.json",
      pendingOut: "pending.ndjson",
      concurrency: 64,
      maxDiffLines: 0,
    });
  });

  it("reads every option of apply", () => {
    expect(
      parseCommandLine([
        "apply",
        "a.ndjson",
        "-y",
        "--resume",
        "--journal",
        "run.journal",
        "--max-rps",
        "12.5",
        "--max-deletes",
        "250",
        "--allow-empty",
        "--max-plan-age",
        "1h30m",
        "--pending-out",
        "p.ndjson",
      ]),
    ).toEqual({
      command: "apply",
      args: {
        ...APPLY_DEFAULTS,
        files: ["a.ndjson"],
        yes: true,
        resume: true,
        journal: "run.journal",
        maxRps: 12.5,
        maxDeletes: { kind: "count", value: 250 },
        allowEmpty: true,
        maxPlanAgeMs: 90 * 60_000,
        maxPlanAge: "1h30m",
        pendingOut: "p.ndjson",
      },
    });
    expect(argsOf(["apply", "plan.json", "--max-deletes", "0.5%"], "apply").maxDeletes).toEqual({
      kind: "percent",
      value: 0.5,
    });
    expect(argsOf(["apply", "plan.json", "--yes"], "apply").yes).toBe(true);
  });

  it("reads verify and export", () => {
    expect(parseCommandLine(["verify", "a.ndjson", "b.ndjson", "--json"])).toEqual({
      command: "verify",
      args: { ...COMMON_DEFAULTS, files: ["a.ndjson", "b.ndjson"], maxDiffLines: 200, json: true },
    });
    expect(
      parseCommandLine(["export", "--out", "backup.csv", "--format", "csv", "--bind-id", "email"]),
    ).toEqual({
      command: "export",
      args: { ...COMMON_DEFAULTS, out: "backup.csv", format: "csv", bindId: "email", force: false },
    });
    expect(parseCommandLine(["export"])).toEqual({
      command: "export",
      args: { ...COMMON_DEFAULTS, out: undefined, force: false },
    });
    expect(parseCommandLine(["export", "--out", "backup.ndjson", "--force"])).toEqual({
      command: "export",
      args: { ...COMMON_DEFAULTS, out: "backup.ndjson", force: true },
    });
  });

  it("takes --force on export only, and with --out", () => {
    expect(refusal(["export", "--force"])).toBe(
      "--force replaces the file of --out; export without --out writes to stdout.",
    );
    expect(refusal(["plan", "a.ndjson", "--force"])).toBe("--force is an option of export, not of plan.");
    expect(refusal(["apply", "plan.json", "--force"])).toBe("--force is an option of export, not of apply.");
  });

  it("takes files after -- as files even when they start with a dash", () => {
    expect(argsOf(["plan", "--", "--odd-name.ndjson"], "plan").files).toEqual(["--odd-name.ndjson"]);
  });

  it.each([
    [["--help"], { command: "help", topic: undefined }],
    [["-h"], { command: "help", topic: undefined }],
    [["--version"], { command: "version" }],
    // --version wins: the version is printed.
    [["--help", "--version"], { command: "version" }],
  ])("accepts %j with no command", (argv, line) => {
    expect(parseCommandLine(argv)).toEqual(line);
  });

  it("accepts --help after a command without its files, and skips the command's checks", () => {
    expect(parseCommandLine(["plan", "--help"])).toEqual({ command: "help", topic: "plan" });
    expect(parseCommandLine(["export", "--help", "--yes"])).toEqual({ command: "help", topic: "export" });
    expect(parseCommandLine(["apply", "--version"])).toEqual({ command: "version" });
  });

  it.each([
    [[], "No command: use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help)."],
    [
      ["frobnicate"],
      'Unknown command "frobnicate": use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help).',
    ],
    [
      ["Plan", "a.ndjson"],
      'Unknown command "Plan": use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help).',
    ],
    [
      ["a.ndjson", "plan"],
      'Unknown command "a.ndjson": use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help).',
    ],
    [
      ["frobnicate", "--help"],
      'Unknown command "frobnicate": use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help).',
    ],
  ])("refuses the command line %j", (argv, message) => {
    expect(refusal(argv)).toBe(message);
  });

  it.each([
    [["plan", "a.ndjson", "--nope"], "Unknown option '--nope'. Run sgkit-migrate --help for the options."],
    [["plan", "a.ndjson", "-x"], "Unknown option '-x'. Run sgkit-migrate --help for the options."],
    [
      ["plan", "a.ndjson", "--concurrency"],
      "Option '--concurrency <value>' argument missing. Run sgkit-migrate --help for the options.",
    ],
    [
      ["plan", "a.ndjson", "--out"],
      "Option '-o, --out <value>' argument missing. Run sgkit-migrate --help for the options.",
    ],
    [
      ["plan", "a.ndjson", "--json=yes"],
      "Option '--json' does not take an argument. Run sgkit-migrate --help for the options.",
    ],
  ])("refuses an unknown flag or a missing value: %j", (argv, message) => {
    expect(refusal(argv)).toBe(message);
  });

  it.each([
    ["--yes", ["--yes"], "apply and rollback"],
    ["--resume", ["--resume"], "apply"],
    ["--journal", ["--journal", "j"], "apply, rollback and bridge"],
    ["--max-rps", ["--max-rps", "5"], "apply and rollback"],
    ["--max-deletes", ["--max-deletes", "10"], "apply and rollback"],
    ["--allow-empty", ["--allow-empty"], "apply and rollback"],
    ["--max-plan-age", ["--max-plan-age", "2h"], "apply"],
  ])("refuses the apply option %s on plan, verify and export", (flag, option, takers) => {
    expect(refusal(["plan", "a.ndjson", ...option])).toBe(`${flag} is an option of ${takers}, not of plan.`);
    expect(refusal(["verify", "a.ndjson", ...option])).toBe(
      `${flag} is an option of ${takers}, not of verify.`,
    );
    expect(refusal(["export", ...option])).toBe(`${flag} is an option of ${takers}, not of export.`);
  });

  it("reads rollback: one journal, apply's flags for --yes, and --out", () => {
    expect(
      parseCommandLine([
        "rollback",
        "plan.json.journal",
        "--out",
        "rollback.json",
        "--yes",
        "--max-deletes",
        "20",
        "--allow-empty",
        "--journal",
        "rollback.journal",
      ]),
    ).toEqual({
      command: "rollback",
      args: {
        ...APPLY_DEFAULTS,
        files: ["plan.json.journal"],
        out: "rollback.json",
        yes: true,
        maxDeletes: { kind: "count", value: 20 },
        allowEmpty: true,
        journal: "rollback.journal",
      },
    });
    expect(argsOf(["rollback", "j"], "rollback")).toEqual({
      ...APPLY_DEFAULTS,
      files: ["j"],
      out: undefined,
    });
    expect(refusal(["rollback"])).toBe("rollback needs the journal of an apply (such as plan.json.journal).");
    expect(refusal(["rollback", "a", "b"])).toBe("rollback takes one journal, not 2 files.");
    expect(refusal(["rollback", "j", "--resume"])).toBe("--resume is an option of apply, not of rollback.");
    expect(refusal(["rollback", "j", "--bind-id", "email"])).toBe(
      "--bind-id is an option of plan, apply, verify, export and bridge, not of rollback.",
    );
  });

  it("refuses --out on verify and apply, and --pending-out on verify and export", () => {
    expect(refusal(["verify", "a.ndjson", "--out", "x.json"])).toBe(
      "--out is an option of plan, export and rollback, not of verify.",
    );
    expect(refusal(["apply", "a.ndjson", "--yes", "-o", "x.json"])).toBe(
      "--out is an option of plan, export and rollback, not of apply.",
    );
    expect(refusal(["verify", "a.ndjson", "--pending-out", "p.ndjson"])).toBe(
      "--pending-out is an option of plan, apply and bridge, not of verify.",
    );
    expect(refusal(["export", "--pending-out", "p.ndjson"])).toBe(
      "--pending-out is an option of plan, apply and bridge, not of export.",
    );
  });

  it("refuses --max-diff-lines on export, which shows no diff", () => {
    expect(refusal(["export", "--max-diff-lines", "10"])).toBe(
      "--max-diff-lines is an option of plan, apply, verify and rollback, not of export.",
    );
  });

  it.each([
    [["plan"], "plan needs at least one input file (NDJSON, JSON or CSV)."],
    [["verify", "--json"], "verify needs at least one input file (NDJSON, JSON or CSV)."],
    [["apply"], "apply needs a plan file (from plan --out), or input files with --yes."],
    [["apply", "--yes"], "apply needs a plan file (from plan --out), or input files with --yes."],
    [["export", "acl.ndjson"], "export takes no input files (got acl.ndjson); write to a file with --out."],
    [
      ["export", "--format", "har"],
      "--format har reads recorded calls (plan, apply, verify); export writes ndjson, json or csv.",
    ],
  ])("refuses %j for its files", (argv, message) => {
    expect(refusal(argv)).toBe(message);
  });

  it.each([
    ["--bind-id", "login", '--bind-id must be username or email, not "login".'],
    ["--bind-id", "", '--bind-id must be username or email, not "".'],
    ["--on-unknown", "ignore", '--on-unknown must be skip or fail, not "ignore".'],
    ["--format", "xml", '--format must be ndjson or json or csv or har, not "xml".'],
    ["--format", "NDJSON", '--format must be ndjson or json or csv or har, not "NDJSON".'],
  ])("refuses %s %j", (flag, value, message) => {
    expect(refusal(["plan", "a.ndjson", `${flag}=${value}`])).toBe(message);
  });

  it.each([
    ["0", "from 1 to 1024"],
    ["1025", "from 1 to 1024"],
    ["-1", "from 1 to 1024"],
    ["1.5", "from 1 to 1024"],
    ["", "from 1 to 1024"],
    [" 8", "from 1 to 1024"],
    ["8x", "from 1 to 1024"],
    ["1e2", "from 1 to 1024"],
  ])("refuses --concurrency %j", (value, range) => {
    expect(refusal(["plan", "a.ndjson", `--concurrency=${value}`])).toBe(
      `--concurrency must be a whole number ${range}, not ${JSON.stringify(value)}.`,
    );
  });

  it.each([
    ["1", 1],
    ["1024", 1024],
    ["0016", 16],
  ])("accepts --concurrency %s", (value, concurrency) => {
    expect(argsOf(["plan", "a.ndjson", "--concurrency", value], "plan").concurrency).toBe(concurrency);
  });

  it.each(["-1", "2.5", "99999999999999999999", "lots"])("refuses --max-diff-lines %j", (value) => {
    expect(refusal(["plan", "a.ndjson", `--max-diff-lines=${value}`])).toBe(
      `--max-diff-lines must be a whole number from 0 up, not ${JSON.stringify(value)}.`,
    );
  });

  it.each(["0", "-5", "abc", "", " ", "Infinity", "NaN"])("refuses --max-rps %j", (value) => {
    expect(refusal(["apply", "plan.json", `--max-rps=${value}`])).toBe(
      `--max-rps must be a number above 0, not ${JSON.stringify(value)}.`,
    );
  });

  it("accepts a fractional --max-rps", () => {
    expect(argsOf(["apply", "plan.json", "--max-rps", "0.25"], "apply").maxRps).toBe(0.25);
  });

  it.each(["plan", "apply", "verify", "export"] as const)(
    "%s takes --max-outage and --fixed-concurrency, every command that calls the instance",
    (command) => {
      const files = command === "export" ? [] : ["a.ndjson"];
      const line = parseCommandLine([command, ...files, "--max-outage", "1h30m", "--fixed-concurrency"]);
      expect(line).toMatchObject({ command, args: { maxOutageMs: 90 * 60_000, fixedConcurrency: true } });
      const defaults = parseCommandLine([command, ...files]);
      expect(defaults).toMatchObject({
        command,
        args: { maxOutageMs: 10 * 60_000, fixedConcurrency: false },
      });
      // --help states both, with the default.
      expect(usage(command)).toContain(
        "--max-outage <duration>   give up after this long without one successful call (default 10m",
      );
      expect(usage(command)).toContain("--fixed-concurrency       exactly --concurrency calls in flight");
    },
  );

  it("refuses a --max-outage that is no duration or shorter than a second", () => {
    expect(refusal(["plan", "a.ndjson", "--max-outage", "5"])).toBe(
      '--max-outage: "5" is not a duration; use e.g. 30m, 2h, 7d',
    );
    expect(refusal(["apply", "a.ndjson", "--max-outage", "0s"])).toBe(
      '--max-outage: "0s" is too short; give at least 1s (default 10m)',
    );
    expect(argsOf(["verify", "a.ndjson", "--max-outage=1s"], "verify").maxOutageMs).toBe(1000);
  });

  it("refuses a value after --fixed-concurrency, which is a switch", () => {
    expect(refusal(["plan", "a.ndjson", "--fixed-concurrency=yes"])).toMatch(/fixed-concurrency/);
  });

  it("passes --max-deletes and --max-plan-age errors on, naming the flag", () => {
    expect(refusal(["apply", "plan.json", "--max-deletes=-3"])).toMatch(/^--max-deletes: "-3" is negative/);
    expect(refusal(["apply", "plan.json", "--max-deletes", "101%"])).toMatch(
      /^--max-deletes: "101%" is more than 100%/,
    );
    expect(refusal(["apply", "plan.json", "--max-plan-age", "2x"])).toBe(
      '--max-plan-age: "2x" is not a duration; use e.g. 30m, 2h, 7d',
    );
  });
});

function problemWith(text: string): string {
  try {
    parseMaxDeletes(text);
  } catch (error) {
    expect(error).toBeInstanceOf(MigratorError);
    return (error as Error).message;
  }
  throw new Error(`${text} was accepted`);
}

describe("parseMaxDeletes", () => {
  it.each<[string, MaxDeletes]>([
    ["100", { kind: "count", value: 100 }],
    ["0", { kind: "count", value: 0 }],
    [" 250 ", { kind: "count", value: 250 }],
    ["5%", { kind: "percent", value: 5 }],
    ["0.5%", { kind: "percent", value: 0.5 }],
    ["0%", { kind: "percent", value: 0 }],
    ["100%", { kind: "percent", value: 100 }],
    ["100.0%", { kind: "percent", value: 100 }],
    ["0.0001%", { kind: "percent", value: 0.0001 }],
  ])("reads %j", (text, limit) => {
    expect(parseMaxDeletes(text)).toEqual(limit);
  });

  it.each([
    ["-5", "is negative"],
    ["-5%", "is negative"],
    ["100.5%", "is more than 100%"],
    ["250%", "is more than 100%"],
    ["0.00001%", "has more than 4 decimals"],
    ["1.5", "is not a whole number of deletes; for a share of the grants add %"],
    ["abc", "is not a count or a percentage; use e.g. 100, 5% or 0.5%"],
    ["", "is not a count or a percentage"],
    ["5 %", "is not a count or a percentage"],
    ["%", "is not a count or a percentage"],
    ["1e3", "is not a count or a percentage"],
    ["+5", "is not a count or a percentage"],
    ["99999999999999999999", "is too large a count"],
  ])("refuses %j: %s", (text, problem) => {
    const message = problemWith(text);
    expect(message.startsWith(`--max-deletes: ${JSON.stringify(text)} `)).toBe(true);
    expect(message).toContain(problem);
  });
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  it.each([
    ["90s", 90 * SECOND],
    ["30m", 30 * MINUTE],
    ["2h", 2 * HOUR],
    ["7d", 7 * DAY],
    ["1h30m", HOUR + 30 * MINUTE],
    ["1d2h3m4s", DAY + 2 * HOUR + 3 * MINUTE + 4 * SECOND],
    ["36h", 36 * HOUR],
    ["0s", 0],
    [" 15m\n", 15 * MINUTE],
  ])("reads %j as %i ms", (text, ms) => {
    expect(parseDuration(text, "--max-plan-age")).toBe(ms);
  });

  it.each(["2x", "", " ", "90", "1.5h", "30M", "-5m", "30m1h", "1h1h", "500ms", "1 h", "h", "2w", "1y"])(
    "refuses %j, naming the option and showing the forms it takes",
    (text) => {
      let error: unknown;
      try {
        parseDuration(text, "--max-plan-age");
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(MigratorError);
      expect((error as Error).message).toBe(
        `--max-plan-age: ${JSON.stringify(text)} is not a duration; use e.g. 30m, 2h, 7d`,
      );
    },
  );

  it("quotes what it was given exactly, and names the option it was given", () => {
    expect(() => parseDuration("2x", "--timeout")).toThrow(
      '--timeout: "2x" is not a duration; use e.g. 30m, 2h, 7d',
    );
  });

  it("refuses a duration too long to count in milliseconds", () => {
    expect(parseDuration("100000000d", "--max-plan-age")).toBe(100_000_000 * DAY);
    expect(() => parseDuration("1000000000d", "--max-plan-age")).toThrow(
      '--max-plan-age: "1000000000d" is too long a duration',
    );
  });
});

describe("bridge", () => {
  it("reads bridge: --listen (127.0.0.1:7080 by default), --dry-run, --journal, --pending-out and the call options", () => {
    const line = parseCommandLine(["bridge"]);
    expect(line).toMatchObject({
      command: "bridge",
      args: {
        listen: { host: "127.0.0.1", port: 7080 },
        dryRun: false,
        bindId: "username",
        journal: undefined,
      },
    });
    expect(
      parseCommandLine([
        "bridge",
        "--listen",
        "0.0.0.0:9000",
        "--dry-run",
        "--journal",
        "b.journal",
        "--pending-out",
        "p.ndjson",
        "--bind-id",
        "email",
      ]),
    ).toMatchObject({
      command: "bridge",
      args: {
        listen: { host: "0.0.0.0", port: 9000 },
        dryRun: true,
        journal: "b.journal",
        pendingOut: "p.ndjson",
        bindId: "email",
      },
    });
    expect(refusal(["bridge", "a.ndjson"])).toBe("bridge takes no input files (got a.ndjson).");
    expect(refusal(["bridge", "--on-unknown", "skip"])).toContain("not of bridge");
    expect(refusal(["plan", "a.ndjson", "--dry-run"])).toBe("--dry-run is an option of bridge, not of plan.");
  });

  it.each(["plan", "apply", "verify", "export", "rollback", "bridge"] as const)(
    "%s --help lists as options only flags the command takes",
    (command) => {
      const help = usage(command);
      const listed = [...help.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)/gm)].map((match) => match[1] as string);
      expect(listed.length).toBeGreaterThan(5);
      const files = command === "export" || command === "bridge" ? [] : ["a.ndjson"];
      for (const flag of listed.filter((name) => name !== "help")) {
        // Accepted by the parser (the value is checked elsewhere; a wrong one is refused by its own message).
        const value =
          {
            "bind-id": ["email"],
            "on-unknown": ["skip"],
            format: ["ndjson"],
            concurrency: ["4"],
            "max-outage": ["1m"],
            endpoint: ["https://sourcegraph.example.com"],
            "token-file": ["t"],
            "graphql-token-file": ["t"],
            listen: [":0"],
            journal: ["j"],
            "pending-out": ["p"],
          }[flag] ?? [];
        const argv = [command, ...files, `--${flag}`, ...value];
        expect(() => parseCommandLine(argv), argv.join(" ")).not.toThrow();
      }
    },
  );

  it("--help shows the bridge no input options, and rollback no --bind-id, which they do not take", () => {
    for (const flag of ["--on-unknown", "--format"]) expect(usage("bridge")).not.toContain(flag);
    expect(usage("rollback")).not.toMatch(/--bind-id|--on-unknown|--format/);
    // Export takes --format for its output and reads no input, so nothing in it can be unknown.
    expect(usage("export")).toContain("--format ndjson|json|csv  the file's format");
    expect(usage("export")).not.toContain("--on-unknown");
    // The overview lists every option, saying which commands take the ones not every command takes.
    expect(usage()).toMatch(/--on-unknown skip\|fail .*\n {28}\(plan, apply, verify only\)/);
  });

  it.each([
    [":7080", { host: "127.0.0.1", port: 7080 }],
    ["7081", { host: "127.0.0.1", port: 7081 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    ["[::1]:7080", { host: "::1", port: 7080 }],
  ])("reads --listen %s", (text, address) => {
    expect(parseListen(text)).toEqual(address);
  });

  it.each(["", "host", "host:", "host:http", "1.2.3.4:70000", "a:b:1"])("refuses --listen %j", (text) => {
    expect(() => parseListen(text)).toThrow(`--listen ${JSON.stringify(text)}`);
  });
});
