import { parseArgs } from "node:util";
import { MigratorError } from "../errors/migrator-error.js";
import type { InputFormat } from "../inputs/input-types.js";
import type { BindIdMode } from "../plan/plan-types.js";
import { parseDuration } from "./parse-duration.js";
import { type MaxDeletes, parseMaxDeletes } from "./parse-max-deletes.js";

/** The commands of `sgkit-migrate`. */
export type Command = "plan" | "apply" | "verify" | "export";

/** A parsed command line. */
export interface CliArgs {
  readonly command: Command | undefined;
  readonly help: boolean;
  readonly version: boolean;
  /** Input files (plan, verify, apply with --yes) or the plan file (apply). */
  readonly files: readonly string[];
  readonly endpoint: string | undefined;
  readonly tokenFile: string | undefined;
  readonly bindId: BindIdMode;
  readonly onUnknown: "skip" | "fail";
  readonly format: InputFormat | undefined;
  readonly json: boolean;
  readonly out: string | undefined;
  readonly pendingOut: string | undefined;
  readonly yes: boolean;
  readonly resume: boolean;
  readonly journal: string | undefined;
  readonly concurrency: number;
  readonly maxRps: number | undefined;
  readonly maxDeletes: MaxDeletes;
  readonly allowEmpty: boolean;
  readonly maxPlanAgeMs: number | undefined;
  readonly maxDiffLines: number;
}

/** Calls in flight by default: enough to keep a server's worker pool busy, few enough not to swamp it. */
export const DEFAULT_CONCURRENCY = 16;
/** Deletes allowed by default, as a share of the planned repositories' current grants. */
export const DEFAULT_MAX_DELETES: MaxDeletes = { kind: "percent", value: 5 };

const COMMANDS: readonly Command[] = ["plan", "apply", "verify", "export"];

/**
 * Parses `sgkit-migrate <command> [files…] [flags]`.
 *
 * @throws {MigratorError} for an unknown command or flag, a missing or bad value, or a flag the command does not take.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // Node's own wording, cut before its advice on `--` and always ending in a full stop.
    const message = (error as Error).message.replace(/\. To specify.*$/s, "").replace(/\.?$/, ".");
    throw new MigratorError(`${message} Run sgkit-migrate --help for the options.`);
  }
  const { values, positionals } = parsed;
  const [first, ...files] = positionals;
  const command =
    first === undefined
      ? undefined
      : (COMMANDS as readonly string[]).includes(first)
        ? (first as Command)
        : undefined;
  if (first !== undefined && command === undefined) {
    throw new MigratorError(
      `Unknown command ${JSON.stringify(first)}: use plan, apply, verify or export (sgkit-migrate --help).`,
    );
  }
  const bindId = oneOf(values["bind-id"], "--bind-id", ["username", "email"] as const, "username");
  const onUnknown = oneOf(values["on-unknown"], "--on-unknown", ["skip", "fail"] as const, "fail");
  const format =
    values.format === undefined
      ? undefined
      : oneOf(values.format, "--format", ["ndjson", "json", "csv"] as const, "ndjson");
  const args: CliArgs = {
    command,
    help: values.help ?? false,
    version: values.version ?? false,
    files,
    endpoint: values.endpoint,
    tokenFile: values["token-file"],
    bindId,
    onUnknown,
    format,
    json: values.json ?? false,
    out: values.out,
    pendingOut: values["pending-out"],
    yes: values.yes ?? false,
    resume: values.resume ?? false,
    journal: values.journal,
    concurrency: integer(values.concurrency, "--concurrency", DEFAULT_CONCURRENCY, 1, 1024),
    maxRps: values["max-rps"] === undefined ? undefined : positiveNumber(values["max-rps"], "--max-rps"),
    maxDeletes:
      values["max-deletes"] === undefined ? DEFAULT_MAX_DELETES : parseMaxDeletes(values["max-deletes"]),
    allowEmpty: values["allow-empty"] ?? false,
    maxPlanAgeMs:
      values["max-plan-age"] === undefined
        ? undefined
        : parseDuration(values["max-plan-age"], "--max-plan-age"),
    maxDiffLines: integer(values["max-diff-lines"], "--max-diff-lines", 200, 0, Number.MAX_SAFE_INTEGER),
  };
  if (!args.help && !args.version) checkCommand(args, values);
  return args;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
      endpoint: { type: "string" },
      "token-file": { type: "string" },
      "bind-id": { type: "string" },
      "on-unknown": { type: "string" },
      format: { type: "string" },
      json: { type: "boolean" },
      out: { type: "string", short: "o" },
      "pending-out": { type: "string" },
      yes: { type: "boolean", short: "y" },
      resume: { type: "boolean" },
      journal: { type: "string" },
      concurrency: { type: "string" },
      "max-rps": { type: "string" },
      "max-deletes": { type: "string" },
      "allow-empty": { type: "boolean" },
      "max-plan-age": { type: "string" },
      "max-diff-lines": { type: "string" },
    },
  });
}

type Values = ReturnType<typeof parse>["values"];

const APPLY_ONLY = [
  "yes",
  "resume",
  "journal",
  "max-rps",
  "max-deletes",
  "allow-empty",
  "max-plan-age",
] as const;

function checkCommand(args: CliArgs, values: Values): void {
  if (args.command === undefined)
    throw new MigratorError("No command: use plan, apply, verify or export (sgkit-migrate --help).");
  if (args.command !== "apply") {
    const misplaced = APPLY_ONLY.find((name) => values[name] !== undefined);
    if (misplaced) throw new MigratorError(`--${misplaced} is an option of apply, not of ${args.command}.`);
  }
  if (values["pending-out"] !== undefined && args.command !== "plan" && args.command !== "apply")
    throw new MigratorError(`--pending-out is an option of plan and apply, not of ${args.command}.`);
  if (args.command === "export") {
    if (args.files.length > 0)
      throw new MigratorError(
        `export takes no input files (got ${args.files[0]}); write to a file with --out.`,
      );
    return;
  }
  if (values.out !== undefined && args.command !== "plan")
    throw new MigratorError(`--out is an option of plan and export, not of ${args.command}.`);
  if (args.files.length === 0) {
    throw new MigratorError(
      args.command === "apply"
        ? "apply needs a plan file (from plan --out), or input files with --yes."
        : `${args.command} needs at least one input file (NDJSON, JSON or CSV).`,
    );
  }
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
