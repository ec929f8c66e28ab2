import { parseArgs } from "node:util";
import type { InputFormat } from "../inputs/input-types.js";
import { MigratorError } from "../migrator-error.js";
import { DEFAULT_MAX_DELETES, MAX_DELETES_DECIMALS, type MaxDeletes } from "../plan/delete-limit.js";
import { DEFAULT_MAX_OUTAGE_MS } from "../resilience.js";
import type { BindIdMode } from "../resolve/users.js";

// The command line of `sgkit-migrate`, parsed into one argument type per command (as terraform's `arguments`
// package does): each command declares exactly the flags it takes, and a flag of another command is refused by
// name.

/** The commands of `sgkit-migrate`. */
export type Command = "plan" | "apply" | "verify" | "export" | "rollback" | "bridge";

/** Where to connect, and as whom: every command's. */
export interface ConnectionArguments {
  readonly endpoint: string | undefined;
  readonly tokenFile: string | undefined;
  /**
   * `--graphql-token-file`: the token of the GraphQL API (instead of `SRC_GRAPHQL_ACCESS_TOKEN`), when `/api/` gets
   * a scoped one; without either, the one token serves both APIs.
   */
  readonly graphqlTokenFile: string | undefined;
  /** Send the token over plain HTTP even where it crosses the network in clear (`--allow-insecure-http`). */
  readonly allowInsecureHttp: boolean;
}

/** What every command takes besides the connection: how the inputs name users and are read, and the output. */
export interface CommonArguments extends ConnectionArguments {
  readonly bindId: BindIdMode;
  readonly onUnknown: "skip" | "fail";
  readonly format: InputFormat | undefined;
  /** `--concurrency`: the most calls in flight (the ceiling of the adaptive limit). */
  readonly concurrency: number;
  /** `--fixed-concurrency`: exactly `concurrency` calls in flight, never adapted to the server. */
  readonly fixedConcurrency: boolean;
  /** `--max-outage`: give up after this long without one successful call. */
  readonly maxOutageMs: number;
  readonly json: boolean;
}

/** What the commands that plan take (plan, verify, and apply with input files). */
export interface PlanningArguments extends CommonArguments {
  /** The input files (apply: the plan file, or input files with `--yes`). */
  readonly files: readonly string[];
  readonly maxDiffLines: number;
}

/** `plan <input>... [--out plan.json] [--pending-out pending.ndjson]`. */
export interface PlanArguments extends PlanningArguments {
  readonly out: string | undefined;
  readonly pendingOut: string | undefined;
}

/** `apply <plan.json> | <input>... --yes`, with the journal, the pace and the guardrails. */
export interface ApplyArguments extends PlanningArguments {
  readonly pendingOut: string | undefined;
  readonly yes: boolean;
  readonly resume: boolean;
  readonly journal: string | undefined;
  readonly maxRps: number | undefined;
  readonly maxDeletes: MaxDeletes;
  readonly allowEmpty: boolean;
  readonly maxPlanAgeMs: number | undefined;
  /** `--max-plan-age` as given (`2h`), for messages in the user's units. */
  readonly maxPlanAge: string | undefined;
}

/** `verify <input>...`. */
export type VerifyArguments = PlanningArguments;

/** `export [--out file [--force]]`. */
export interface ExportArguments extends CommonArguments {
  readonly out: string | undefined;
  /** Replace a file already at `out`. */
  readonly force: boolean;
}

/**
 * `rollback <journal> [--out rollback-plan.json] [--yes]`: apply's arguments (the journal as its one file, and the
 * flags of the apply that `--yes` runs), and where to save the rollback plan.
 */
export interface RollbackArguments extends ApplyArguments {
  readonly out: string | undefined;
}

/** Where the bridge listens: `--listen host:port`. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * `bridge [--listen host:port] [--dry-run] [--journal file] [--pending-out file]`: the connection, how bindIDs
 * name users, how calls go, and where the bridge listens and writes.
 */
export interface BridgeArguments extends ConnectionArguments {
  readonly bindId: BindIdMode;
  readonly concurrency: number;
  readonly fixedConcurrency: boolean;
  readonly maxOutageMs: number;
  readonly json: boolean;
  readonly listen: ListenAddress;
  readonly dryRun: boolean;
  readonly journal: string | undefined;
  readonly pendingOut: string | undefined;
}

/** The bridge's address by default: loopback only, so that nothing else on the network reaches it unless asked. */
export const DEFAULT_LISTEN: ListenAddress = { host: "127.0.0.1", port: 7080 };

/** A parsed command line: a command and its arguments, or `--help` (of a command, or the overview), or `--version`. */
export type CommandLine =
  | { readonly command: "plan"; readonly args: PlanArguments }
  | { readonly command: "apply"; readonly args: ApplyArguments }
  | { readonly command: "verify"; readonly args: VerifyArguments }
  | { readonly command: "export"; readonly args: ExportArguments }
  | { readonly command: "rollback"; readonly args: RollbackArguments }
  | { readonly command: "bridge"; readonly args: BridgeArguments }
  | { readonly command: "help"; readonly topic: Command | undefined }
  | { readonly command: "version" };

/** The adaptive limit's default ceiling: a 32-worker server plus a small queue and client latency fit. */
export const DEFAULT_CONCURRENCY = 64;
/** Deletes allowed by default: 5% of the planned repositories' current grants, and at least 10. */
export { DEFAULT_MAX_DELETES };

/** Diff lines shown by default before the rest is counted. */
const DEFAULT_MAX_DIFF_LINES = 200;

/** Every command, in the order the overview lists them. */
export const COMMANDS: readonly Command[] = ["plan", "apply", "verify", "export", "rollback", "bridge"];

/** Every flag of every command, as `util.parseArgs` reads them. */
const FLAGS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  endpoint: { type: "string" },
  "token-file": { type: "string" },
  "graphql-token-file": { type: "string" },
  "allow-insecure-http": { type: "boolean" },
  "bind-id": { type: "string" },
  "on-unknown": { type: "string" },
  format: { type: "string" },
  json: { type: "boolean" },
  concurrency: { type: "string" },
  "fixed-concurrency": { type: "boolean" },
  "max-outage": { type: "string" },
  "max-diff-lines": { type: "string" },
  out: { type: "string", short: "o" },
  "pending-out": { type: "string" },
  yes: { type: "boolean", short: "y" },
  resume: { type: "boolean" },
  journal: { type: "string" },
  "max-rps": { type: "string" },
  "max-deletes": { type: "string" },
  "allow-empty": { type: "boolean" },
  "max-plan-age": { type: "string" },
  force: { type: "boolean" },
  listen: { type: "string" },
  "dry-run": { type: "boolean" },
} as const;

type Flag = keyof typeof FLAGS;

const COMMON_FLAGS: readonly Flag[] = [
  "endpoint",
  "token-file",
  "graphql-token-file",
  "allow-insecure-http",
  "bind-id",
  "on-unknown",
  "format",
  "concurrency",
  "fixed-concurrency",
  "max-outage",
  "json",
];
const PLANNING_FLAGS: readonly Flag[] = [...COMMON_FLAGS, "max-diff-lines"];

const APPLY_FLAGS: readonly Flag[] = [
  ...PLANNING_FLAGS,
  "pending-out",
  "yes",
  "resume",
  "journal",
  "max-rps",
  "max-deletes",
  "allow-empty",
  "max-plan-age",
];
/** Apply's flags that mean nothing to a rollback, which plans from a journal rather than from inputs. */
const NOT_ROLLBACK_FLAGS: ReadonlySet<Flag> = new Set([
  "bind-id",
  "on-unknown",
  "format",
  "pending-out",
  "resume",
  "max-plan-age",
]);

/** The flags each command takes, besides `--help` and `--version`. */
const FLAGS_OF: Readonly<Record<Command, readonly Flag[]>> = {
  plan: [...PLANNING_FLAGS, "out", "pending-out"],
  apply: APPLY_FLAGS,
  verify: PLANNING_FLAGS,
  export: [...COMMON_FLAGS, "out", "force"],
  rollback: [...APPLY_FLAGS.filter((flag) => !NOT_ROLLBACK_FLAGS.has(flag)), "out"],
  bridge: [
    ...COMMON_FLAGS.filter((flag) => flag !== "on-unknown" && flag !== "format"),
    "listen",
    "dry-run",
    "journal",
    "pending-out",
  ],
};

/** Whether `command` takes `--<flag>` (a flag's name without its dashes): what its `--help` lists. */
export function takesFlag(command: Command, flag: string): boolean {
  return (FLAGS_OF[command] as readonly string[]).includes(flag);
}

/**
 * Parses `sgkit-migrate <command> [files…] [flags]`.
 *
 * @throws {MigratorError} for an unknown command or flag, a missing or bad value, a flag the command does not
 *   take, or missing (or, for export, extra) files.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals } = readFlags(argv);
  const [first, ...files] = positionals;
  const command = first === undefined ? undefined : commandNamed(first);
  if (values.version) return { command: "version" };
  if (values.help) return { command: "help", topic: command };
  if (command === undefined)
    throw new MigratorError(
      "No command: use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help).",
    );
  refuseFlagsOfOtherCommands(command, values);
  switch (command) {
    case "plan": {
      const args = { ...planning(values, files), out: values.out, pendingOut: values["pending-out"] };
      return { command, args: needsFiles(command, args) };
    }
    case "apply":
      return { command, args: needsFiles(command, applying(values, files)) };
    case "rollback": {
      if (files.length !== 1) {
        throw new MigratorError(
          files.length === 0
            ? "rollback needs the journal of an apply (such as plan.json.journal)."
            : `rollback takes one journal, not ${files.length} files.`,
        );
      }
      return { command, args: { ...applying(values, files), out: values.out } };
    }
    case "verify":
      return { command, args: needsFiles(command, planning(values, files)) };
    case "export": {
      if (values.force && values.out === undefined) {
        throw new MigratorError("--force replaces the file of --out; export without --out writes to stdout.");
      }
      const args = { ...common(values), out: values.out, force: values.force ?? false };
      if (args.format === "har") {
        throw new MigratorError(
          "--format har reads recorded calls (plan, apply, verify); export writes ndjson, json or csv.",
        );
      }
      if (files.length > 0) {
        throw new MigratorError(`export takes no input files (got ${files[0]}); write to a file with --out.`);
      }
      return { command, args };
    }
    case "bridge": {
      if (files.length > 0) throw new MigratorError(`bridge takes no input files (got ${files[0]}).`);
      const { onUnknown: _onUnknown, format: _format, ...connection } = common(values);
      return {
        command,
        args: {
          ...connection,
          listen: values.listen === undefined ? DEFAULT_LISTEN : parseListen(values.listen),
          dryRun: values["dry-run"] ?? false,
          journal: values.journal,
          pendingOut: values["pending-out"],
        },
      };
    }
  }
}

/**
 * Parses `--listen`: `host:port`, `:port` (loopback), a bare `port`, or `[v6 address]:port`; port 0 takes any free
 * one (the URL printed says which).
 *
 * @throws MigratorError naming `--listen` for anything else.
 */
export function parseListen(text: string): ListenAddress {
  const fail = (problem: string) =>
    new MigratorError(
      `--listen ${JSON.stringify(text)} ${problem}: give host:port, such as 127.0.0.1:7080 or :7080.`,
    );
  const trimmed = text.trim();
  const match = /^(?:\[([^\]]+)\]|([^:\s]*)):(\d+)$/.exec(trimmed) ?? /^()()(\d+)$/.exec(trimmed);
  if (match === null) throw fail("is not an address");
  const host = match[1] || match[2] || DEFAULT_LISTEN.host;
  const port = Number(match[3]);
  if (!Number.isInteger(port) || port > 65535) throw fail("has a port outside 0-65535");
  return { host, port };
}

type Values = ReturnType<typeof readFlags>["values"];

function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: FLAGS });
  } catch (error) {
    // Node's own wording, cut before its advice on `--` and always ending in a full stop.
    const message = (error as Error).message.replace(/\. To specify.*$/s, "").replace(/\.?$/, ".");
    throw new MigratorError(`${message} Run sgkit-migrate --help for the options.`);
  }
}

function commandNamed(name: string): Command {
  if ((COMMANDS as readonly string[]).includes(name)) return name as Command;
  throw new MigratorError(
    `Unknown command ${JSON.stringify(name)}: use plan, apply, verify, export, rollback or bridge (sgkit-migrate --help).`,
  );
}

function refuseFlagsOfOtherCommands(command: Command, values: Values): void {
  for (const flag of Object.keys(FLAGS) as Flag[]) {
    if (values[flag] === undefined || flag === "help" || flag === "version") continue;
    if (FLAGS_OF[command].includes(flag)) continue;
    const takers = COMMANDS.filter((other) => FLAGS_OF[other].includes(flag));
    throw new MigratorError(`--${flag} is an option of ${listed(takers)}, not of ${command}.`);
  }
}

/** `plan`, `plan and apply`, `plan, apply and verify`. */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function common(values: Values): CommonArguments {
  return {
    endpoint: values.endpoint === undefined ? undefined : checkEndpoint(values.endpoint, "--endpoint"),
    tokenFile: values["token-file"],
    graphqlTokenFile: values["graphql-token-file"],
    allowInsecureHttp: values["allow-insecure-http"] ?? false,
    bindId: oneOf(values["bind-id"], "--bind-id", ["username", "email"] as const, "username"),
    onUnknown: oneOf(values["on-unknown"], "--on-unknown", ["skip", "fail"] as const, "fail"),
    format:
      values.format === undefined
        ? undefined
        : oneOf(values.format, "--format", ["ndjson", "json", "csv", "har"] as const, "ndjson"),
    concurrency: integer(values.concurrency, "--concurrency", DEFAULT_CONCURRENCY, 1, 1024),
    fixedConcurrency: values["fixed-concurrency"] ?? false,
    maxOutageMs: maxOutage(values["max-outage"]),
    json: values.json ?? false,
  };
}

/** `--max-outage`: a duration of at least a second (a run that gives up at once would never ride anything out). */
function maxOutage(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_OUTAGE_MS;
  const ms = parseDuration(value, "--max-outage");
  if (ms < 1000) {
    throw new MigratorError(
      `--max-outage: ${JSON.stringify(value)} is too short; give at least 1s (default ${DEFAULT_MAX_OUTAGE_MS / 60_000}m)`,
    );
  }
  return ms;
}

function planning(values: Values, files: readonly string[]): PlanningArguments {
  return {
    ...common(values),
    files,
    maxDiffLines: integer(
      values["max-diff-lines"],
      "--max-diff-lines",
      DEFAULT_MAX_DIFF_LINES,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
  };
}

/** What apply takes (and rollback, which runs an apply). */
function applying(values: Values, files: readonly string[]): ApplyArguments {
  return {
    ...planning(values, files),
    pendingOut: values["pending-out"],
    yes: values.yes ?? false,
    resume: values.resume ?? false,
    journal: values.journal,
    maxRps: values["max-rps"] === undefined ? undefined : positiveNumber(values["max-rps"], "--max-rps"),
    maxDeletes:
      values["max-deletes"] === undefined ? DEFAULT_MAX_DELETES : parseMaxDeletes(values["max-deletes"]),
    allowEmpty: values["allow-empty"] ?? false,
    maxPlanAgeMs:
      values["max-plan-age"] === undefined
        ? undefined
        : parseDuration(values["max-plan-age"], "--max-plan-age"),
    maxPlanAge: values["max-plan-age"],
  };
}

function needsFiles<T extends PlanningArguments>(command: "plan" | "apply" | "verify", args: T): T {
  if (args.files.length > 0) return args;
  throw new MigratorError(
    command === "apply"
      ? "apply needs a plan file (from plan --out), or input files with --yes."
      : `${command} needs at least one input file (NDJSON, JSON or CSV).`,
  );
}

function oneOf<T extends string>(
  value: string | undefined,
  flag: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new MigratorError(`${flag} must be ${allowed.join(" or ")}, not ${JSON.stringify(value)}.`);
}

function integer(
  value: string | undefined,
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new MigratorError(
      `${flag} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}, not ${JSON.stringify(value)}.`,
    );
  }
  return n;
}

function positiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new MigratorError(`${flag} must be a number above 0, not ${JSON.stringify(value)}.`);
  return n;
}

const OPTION = "--max-deletes";
const COUNT = /^\d+$/;
const PERCENT = /^(\d+)(?:\.(\d+))?%$/;

/**
 * Parses `--max-deletes`: a whole number of deletes (`100`) or a percentage of the current grants (`5%`,
 * `0.5%`, up to 100% and 4 decimals). Whitespace around it is ignored.
 *
 * @throws MigratorError naming `--max-deletes` for negatives, percentages over 100% or with more than 4
 *   decimals, fractional counts, and anything else.
 */
export function parseMaxDeletes(text: string): MaxDeletes {
  const trimmed = text.trim();
  const fail = (problem: string) => new MigratorError(`${OPTION}: ${JSON.stringify(text)} ${problem}`);
  if (trimmed.startsWith("-")) throw fail("is negative; use a count such as 100 or a percentage such as 5%");
  if (COUNT.test(trimmed)) {
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value)) throw fail("is too large a count");
    return { kind: "count", value };
  }
  const percent = PERCENT.exec(trimmed);
  if (percent !== null) {
    if ((percent[2] ?? "").length > MAX_DELETES_DECIMALS)
      throw fail(`has more than ${MAX_DELETES_DECIMALS} decimals`);
    const value = Number(trimmed.slice(0, -1));
    if (value > 100) throw fail("is more than 100%");
    return { kind: "percent", value };
  }
  if (/^\d+\.\d+$/.test(trimmed))
    throw fail("is not a whole number of deletes; for a share of the grants add %");
  throw fail("is not a count or a percentage; use e.g. 100, 5% or 0.5%");
}

/**
 * `text` as the endpoint `setting` (`--endpoint`, `SRC_ENDPOINT`) gives it, checked as the clients will read it: an
 * http:// or https:// URL with a host (a path, a port, a trailing slash and src-cli's `user:pass@` are the clients'
 * to handle). Checked here so that the refusal names the setting and says what it wants, in the CLI's words.
 *
 * @throws MigratorError `--endpoint "sourcegraph.example.com" is not a URL: give the instance's URL with its
 *   scheme, such as https://sourcegraph.example.com`, and the like.
 */
export function checkEndpoint(text: string, setting: "--endpoint" | "SRC_ENDPOINT"): string {
  const fail = (problem: string, example = "https://sourcegraph.example.com") =>
    new MigratorError(
      `${setting} ${JSON.stringify(text)} ${problem}: ${setting === "SRC_ENDPOINT" ? "set it to" : "give"} the Sourcegraph instance's http:// or https:// URL, such as ${example}.`,
    );
  const trimmed = text.trim();
  if (trimmed === "") throw fail("is empty");
  if (/\s/.test(trimmed)) throw fail("contains whitespace");
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1];
  if (scheme === undefined) throw fail("is not a URL (it has no http:// or https://)", `https://${trimmed}`);
  if (scheme.toLowerCase() !== "http" && scheme.toLowerCase() !== "https")
    throw fail(`is a ${scheme}:// URL, which Sourcegraph's APIs are not served over`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw fail(/^[a-z]+:\/\/[/?#]*$/i.test(trimmed) ? "has no host" : "is not a valid URL");
  }
  if (url.hostname === "") throw fail("has no host");
  return text;
}

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;
/** Whole numbers of days, hours, minutes and seconds, each at most once and largest first: `1d12h`, `1h30m`. */
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a duration such as `90s`, `30m`, `2h`, `7d` or `1h30m` into milliseconds: whole numbers of the units
 * `d`, `h`, `m` and `s`, largest first, each at most once; surrounding whitespace is ignored. `0s` is 0.
 *
 * @param option The flag being parsed (`--max-plan-age`), which the error names.
 * @throws MigratorError `--max-plan-age: "2x" is not a duration; use e.g. 30m, 2h, 7d` for anything else,
 *   a bare number included (its unit would be a guess).
 */
export function parseDuration(text: string, option: string): number {
  const match = DURATION.exec(text.trim());
  if (match === null || text.trim() === "") {
    throw new MigratorError(`${option}: ${JSON.stringify(text)} is not a duration; use e.g. 30m, 2h, 7d`);
  }
  const [, days, hours, minutes, seconds] = match;
  const ms =
    Number(days ?? 0) * UNIT_MS.d +
    Number(hours ?? 0) * UNIT_MS.h +
    Number(minutes ?? 0) * UNIT_MS.m +
    Number(seconds ?? 0) * UNIT_MS.s;
  if (!Number.isSafeInteger(ms))
    throw new MigratorError(`${option}: ${JSON.stringify(text)} is too long a duration`);
  return ms;
}
