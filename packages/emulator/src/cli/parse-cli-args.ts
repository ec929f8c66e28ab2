import { parseArgs } from "node:util";
import type { CapacityOptions } from "../capacity/capacity-options.js";
import type { FaultKind, FaultOptions } from "../faults/fault-options.js";
import type { BindIDMode } from "../state/user-directory.js";
import { CliUsageError } from "./cli-usage-error.js";

/** What a command line asks for. */
export interface CliArgs {
  readonly help: boolean;
  readonly version: boolean;
  readonly json: boolean;
  readonly port: number;
  readonly host: string;
  readonly seedFile: string | undefined;
  readonly license: boolean;
  readonly bindID: BindIDMode;
  readonly faults: FaultOptions | undefined;
  readonly capacity: CapacityOptions | undefined;
  /** The GraphQL API's alias limit, when given. */
  readonly graphqlAliasLimit: number | undefined;
}

const FAULT_KINDS: readonly FaultKind[] = ["unavailable", "rateLimited", "reset", "lostAnswer"];

/**
 * Reads `sgkit-emulator`'s command line with `node:util`'s `parseArgs` (strict: unknown flags and stray
 * arguments are errors). Numbers are checked here so that the message names the flag.
 *
 * @throws CliUsageError naming the flag at fault.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const number = (
    flag: string,
    value: string | undefined,
    check: (n: number) => boolean,
    expected: string,
  ) => {
    if (value === undefined) return undefined;
    const parsed = value.trim() === "" ? Number.NaN : Number(value);
    if (!check(parsed))
      throw new CliUsageError(`--${flag}: must be ${expected}, got ${JSON.stringify(value)}`);
    return parsed;
  };
  const wholeNumber = (n: number) => Number.isSafeInteger(n) && n >= 0;
  const milliseconds = (n: number) => Number.isFinite(n) && n >= 0;

  const bindID = values["bind-id"] ?? "username";
  if (bindID !== "username" && bindID !== "email") {
    throw new CliUsageError(`--bind-id: must be username or email, got ${JSON.stringify(bindID)}`);
  }

  const rate = number("fault-rate", values["fault-rate"], (n) => n >= 0 && n <= 1, "a number from 0 to 1");
  const faultSeed = number("fault-seed", values["fault-seed"], Number.isSafeInteger, "an integer");
  const latency = number("latency-ms", values["latency-ms"], milliseconds, "a number of ms >= 0");
  const jitter = number(
    "latency-jitter-ms",
    values["latency-jitter-ms"],
    milliseconds,
    "a number of ms >= 0",
  );
  const retryAfter = number("retry-after", values["retry-after"], wholeNumber, "a whole number of seconds");
  const kinds = values["fault-kinds"] === undefined ? undefined : parseKinds(values["fault-kinds"]);
  const faultFlags = [rate, faultSeed, latency, jitter, retryAfter, kinds];
  const faults: FaultOptions | undefined = faultFlags.some((flag) => flag !== undefined)
    ? {
        ...(faultSeed !== undefined && { seed: faultSeed }),
        ...(rate !== undefined && { rate }),
        ...(kinds && { kinds }),
        ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
        ...((latency !== undefined || jitter !== undefined) && {
          latencyMs: { fixed: latency ?? 0, jitter: jitter ?? 0 },
        }),
      }
    : undefined;

  const workers = number(
    "capacity-workers",
    values["capacity-workers"],
    (n) => wholeNumber(n) && n >= 1,
    "an integer >= 1",
  );
  const serviceMs = number(
    "capacity-service-ms",
    values["capacity-service-ms"],
    milliseconds,
    "a number of ms >= 0",
  );
  const perRowMs = number("capacity-row-ms", values["capacity-row-ms"], milliseconds, "a number of ms >= 0");
  const queueTimeoutMs = number(
    "capacity-queue-ms",
    values["capacity-queue-ms"],
    milliseconds,
    "a number of ms >= 0",
  );
  if (workers === undefined && [serviceMs, perRowMs, queueTimeoutMs].some((flag) => flag !== undefined)) {
    throw new CliUsageError("--capacity-workers: is required to turn the capacity model on");
  }
  const capacity: CapacityOptions | undefined =
    workers === undefined
      ? undefined
      : {
          workers,
          ...(serviceMs !== undefined && { serviceMs }),
          ...(perRowMs !== undefined && { perRowMs }),
          ...(queueTimeoutMs !== undefined && { queueTimeoutMs }),
        };

  const graphqlAliasLimit = number(
    "graphql-alias-limit",
    values["graphql-alias-limit"],
    (n) => wholeNumber(n) && n >= 1,
    "an integer >= 1",
  );

  return {
    help: values.help === true,
    version: values.version === true,
    json: values.json === true,
    port: number("port", values.port, (n) => wholeNumber(n) && n <= 65_535, "a port from 0 to 65535") ?? 0,
    host: values.host ?? "127.0.0.1",
    seedFile: values.seed,
    license: values.license !== false,
    bindID,
    faults,
    capacity,
    graphqlAliasLimit,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    allowNegative: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      seed: { type: "string" },
      license: { type: "boolean" },
      "bind-id": { type: "string" },
      "fault-rate": { type: "string" },
      "fault-seed": { type: "string" },
      "fault-kinds": { type: "string" },
      "retry-after": { type: "string" },
      "latency-ms": { type: "string" },
      "latency-jitter-ms": { type: "string" },
      "capacity-workers": { type: "string" },
      "capacity-service-ms": { type: "string" },
      "capacity-row-ms": { type: "string" },
      "capacity-queue-ms": { type: "string" },
      "graphql-alias-limit": { type: "string" },
      json: { type: "boolean" },
      version: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

// `unavailable=2,reset` → { unavailable: 2, reset: 1 }
function parseKinds(list: string): Partial<Record<FaultKind, number>> {
  const kinds: Partial<Record<FaultKind, number>> = {};
  for (const item of list.split(",")) {
    const [name = "", weight] = item.trim().split("=");
    if (!FAULT_KINDS.includes(name as FaultKind)) {
      throw new CliUsageError(
        `--fault-kinds: ${JSON.stringify(name)} is not one of ${FAULT_KINDS.join(", ")}`,
      );
    }
    const value = weight === undefined ? 1 : Number(weight);
    if (!(Number.isFinite(value) && value >= 0) || weight?.trim() === "") {
      throw new CliUsageError(
        `--fault-kinds: the weight of ${name} must be a number >= 0, got ${JSON.stringify(weight)}`,
      );
    }
    kinds[name as FaultKind] = value;
  }
  return kinds;
}
