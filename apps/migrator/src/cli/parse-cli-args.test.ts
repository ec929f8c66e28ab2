import { describe, expect, it } from "vitest";
import { MigratorError } from "../errors/migrator-error.js";
import { type CliArgs, DEFAULT_CONCURRENCY, DEFAULT_MAX_DELETES, parseCliArgs } from "./parse-cli-args.js";

/** What `plan acl.ndjson` parses to: every default. */
const PLAN_DEFAULTS: CliArgs = {
  command: "plan",
  help: false,
  version: false,
  files: ["acl.ndjson"],
  endpoint: undefined,
  tokenFile: undefined,
  bindId: "username",
  onUnknown: "fail",
  format: undefined,
  json: false,
  out: undefined,
  pendingOut: undefined,
  yes: false,
  resume: false,
  journal: undefined,
  concurrency: 16,
  maxRps: undefined,
  maxDeletes: { kind: "percent", value: 5 },
  allowEmpty: false,
  maxPlanAgeMs: undefined,
  maxDiffLines: 200,
};

/** The message `parseCliArgs(argv)` refuses with; fails the test when it accepts. */
function refusal(argv: readonly string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(MigratorError);
    expect((error as MigratorError).exitCode).toBe(1);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
}

describe("parseCliArgs", () => {
  it("gives every option its default", () => {
    expect(parseCliArgs(["plan", "acl.ndjson"])).toEqual(PLAN_DEFAULTS);
    expect(DEFAULT_CONCURRENCY).toBe(16);
    expect(DEFAULT_MAX_DELETES).toEqual({ kind: "percent", value: 5 });
  });

  it("reads every option of plan, in any order around the files", () => {
    const args = parseCliArgs([
      "--endpoint",
      "https://sg.example.com",
      "plan",
      "a.ndjson",
      "--token-file=/run/token",
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
    ]);
    expect(args).toEqual({
      ...PLAN_DEFAULTS,
      files: ["a.ndjson", "b.csv", "c.json"],
      endpoint: "https://sg.example.com",
      tokenFile: "/run/token",
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
      parseCliArgs([
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
      ...PLAN_DEFAULTS,
      command: "apply",
      files: ["a.ndjson"],
      yes: true,
      resume: true,
      journal: "run.journal",
      maxRps: 12.5,
      maxDeletes: { kind: "count", value: 250 },
      allowEmpty: true,
      maxPlanAgeMs: 90 * 60_000,
      pendingOut: "p.ndjson",
    });
    expect(parseCliArgs(["apply", "plan.json", "--max-deletes", "0.5%"]).maxDeletes).toEqual({
      kind: "percent",
      value: 0.5,
    });
    expect(parseCliArgs(["apply", "plan.json", "--yes"]).yes).toBe(true);
  });

  it("reads verify and export", () => {
    expect(parseCliArgs(["verify", "a.ndjson", "b.ndjson", "--json"])).toEqual({
      ...PLAN_DEFAULTS,
      command: "verify",
      files: ["a.ndjson", "b.ndjson"],
      json: true,
    });
    expect(parseCliArgs(["export", "--out", "backup.csv", "--format", "csv", "--bind-id", "email"])).toEqual({
      ...PLAN_DEFAULTS,
      command: "export",
      files: [],
      out: "backup.csv",
      format: "csv",
      bindId: "email",
    });
    expect(parseCliArgs(["export"])).toEqual({ ...PLAN_DEFAULTS, command: "export", files: [] });
  });

  it("takes files after -- as files even when they start with a dash", () => {
    expect(parseCliArgs(["plan", "--", "--odd-name.ndjson"]).files).toEqual(["--odd-name.ndjson"]);
  });

  it.each([
    [["--help"], { help: true, version: false }],
    [["-h"], { help: true, version: false }],
    [["--version"], { help: false, version: true }],
    [["--help", "--version"], { help: true, version: true }],
  ])("accepts %j with no command", (argv, flags) => {
    expect(parseCliArgs(argv)).toEqual({ ...PLAN_DEFAULTS, command: undefined, files: [], ...flags });
  });

  it("accepts --help after a command without its files, and skips the command's checks", () => {
    expect(parseCliArgs(["plan", "--help"])).toMatchObject({ command: "plan", help: true, files: [] });
    expect(parseCliArgs(["export", "--help", "--yes"])).toMatchObject({ command: "export", help: true });
    expect(parseCliArgs(["apply", "--version"])).toMatchObject({ command: "apply", version: true });
  });

  it.each([
    [[], "No command: use plan, apply, verify or export (sgkit-migrate --help)."],
    [
      ["frobnicate"],
      'Unknown command "frobnicate": use plan, apply, verify or export (sgkit-migrate --help).',
    ],
    [
      ["Plan", "a.ndjson"],
      'Unknown command "Plan": use plan, apply, verify or export (sgkit-migrate --help).',
    ],
    [
      ["a.ndjson", "plan"],
      'Unknown command "a.ndjson": use plan, apply, verify or export (sgkit-migrate --help).',
    ],
    [
      ["frobnicate", "--help"],
      'Unknown command "frobnicate": use plan, apply, verify or export (sgkit-migrate --help).',
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
    ["--yes", ["--yes"]],
    ["--resume", ["--resume"]],
    ["--journal", ["--journal", "j"]],
    ["--max-rps", ["--max-rps", "5"]],
    ["--max-deletes", ["--max-deletes", "10"]],
    ["--allow-empty", ["--allow-empty"]],
    ["--max-plan-age", ["--max-plan-age", "2h"]],
  ])("refuses the apply option %s on plan, verify and export", (flag, option) => {
    expect(refusal(["plan", "a.ndjson", ...option])).toBe(`${flag} is an option of apply, not of plan.`);
    expect(refusal(["verify", "a.ndjson", ...option])).toBe(`${flag} is an option of apply, not of verify.`);
    expect(refusal(["export", ...option])).toBe(`${flag} is an option of apply, not of export.`);
  });

  it("refuses --out on verify and apply, and --pending-out on verify and export", () => {
    expect(refusal(["verify", "a.ndjson", "--out", "x.json"])).toBe(
      "--out is an option of plan and export, not of verify.",
    );
    expect(refusal(["apply", "a.ndjson", "--yes", "-o", "x.json"])).toBe(
      "--out is an option of plan and export, not of apply.",
    );
    expect(refusal(["verify", "a.ndjson", "--pending-out", "p.ndjson"])).toBe(
      "--pending-out is an option of plan and apply, not of verify.",
    );
    expect(refusal(["export", "--pending-out", "p.ndjson"])).toBe(
      "--pending-out is an option of plan and apply, not of export.",
    );
  });

  it.each([
    [["plan"], "plan needs at least one input file (NDJSON, JSON or CSV)."],
    [["verify", "--json"], "verify needs at least one input file (NDJSON, JSON or CSV)."],
    [["apply"], "apply needs a plan file (from plan --out), or input files with --yes."],
    [["apply", "--yes"], "apply needs a plan file (from plan --out), or input files with --yes."],
    [["export", "acl.ndjson"], "export takes no input files (got acl.ndjson); write to a file with --out."],
  ])("refuses %j for its files", (argv, message) => {
    expect(refusal(argv)).toBe(message);
  });

  it.each([
    ["--bind-id", "login", '--bind-id must be username or email, not "login".'],
    ["--bind-id", "", '--bind-id must be username or email, not "".'],
    ["--on-unknown", "ignore", '--on-unknown must be skip or fail, not "ignore".'],
    ["--format", "xml", '--format must be ndjson or json or csv, not "xml".'],
    ["--format", "NDJSON", '--format must be ndjson or json or csv, not "NDJSON".'],
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
    expect(parseCliArgs(["plan", "a.ndjson", "--concurrency", value]).concurrency).toBe(concurrency);
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
    expect(parseCliArgs(["apply", "plan.json", "--max-rps", "0.25"]).maxRps).toBe(0.25);
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
