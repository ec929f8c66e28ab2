import { parseArgs } from "node:util";
import type { CapacityOptions } from "../capacity.js";
import { FAULT_KINDS, type FaultKind, type FaultOptions } from "../faults.js";
import type { BindIDMode } from "../state/accounts.js";

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

/** A command line the CLI cannot run: the message names the flag at fault. Exit status 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

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
  const number = (flag: keyof typeof values, check: (n: number) => boolean, expected: string) => {
    const value = values[flag];
    if (typeof value !== "string") return undefined;
    const parsed = value.trim() === "" ? Number.NaN : Number(value);
    if (!check(parsed))
      throw new CliUsageError(`--${flag}: must be ${expected}, got ${JSON.stringify(value)}`);
    return parsed;
  };
  const wholeNumber = (n: number) => Number.isSafeInteger(n) && n >= 0;
  const positive = (n: number) => wholeNumber(n) && n >= 1;
  const milliseconds = (flag: keyof typeof values) =>
    number(flag, (n) => Number.isFinite(n) && n >= 0, "a number of ms >= 0");

  const bindID = values["bind-id"] ?? "username";
  if (bindID !== "username" && bindID !== "email") {
    throw new CliUsageError(`--bind-id: must be username or email, got ${JSON.stringify(bindID)}`);
  }

  const rate = number("fault-rate", (n) => n >= 0 && n <= 1, "a number from 0 to 1");
  const faultSeed = number("fault-seed", Number.isSafeInteger, "an integer");
  const latency = milliseconds("latency-ms");
  const jitter = milliseconds("latency-jitter-ms");
  const retryAfter = number("retry-after", wholeNumber, "a whole number of seconds");
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

  const workers = number("capacity-workers", positive, "an integer >= 1");
  const serviceMs = milliseconds("capacity-service-ms");
  const perRowMs = milliseconds("capacity-row-ms");
  const queueTimeoutMs = milliseconds("capacity-queue-ms");
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

  const graphqlAliasLimit = number("graphql-alias-limit", positive, "an integer >= 1");

  return {
    help: values.help === true,
    version: values.version === true,
    json: values.json === true,
    port: number("port", (n) => wholeNumber(n) && n <= 65_535, "a port from 0 to 65535") ?? 0,
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

/** The `--help` text of `sgkit-emulator`. */
export function usage(): string {
  return `Usage: sgkit-emulator [options]

A local emulator of Sourcegraph's APIs for tests, demos and CI. Over one state it serves
  - the explicit repository permissions API (Connect): POST <url>/api/explicitrepopermissions.v1.Service/<Method>
    (Authorization: Bearer <token>);
  - the legacy GraphQL API: POST <url>/.api/graphql (Authorization: token <token>, token-sudo or Bearer):
    repositories, users, repository permissions, sub-repository permissions, search contexts;
  - streaming search: GET <url>/.api/search/stream?q=<query> (server-sent events; same auth as GraphQL,
    anonymous allowed) over the instance's repository files, honouring permissions and search contexts.
It prints its URL and tokens, and runs until SIGINT (Ctrl+C) or SIGTERM. With no --seed it runs the
built-in sample instance.

Options:
  --port <n>                 port to listen on (default 0: a free port)
  --host <address>           interface to listen on (default 127.0.0.1; any other than loopback prints a
                             warning: the printed tokens then work from the network)
  --seed <file.json>         the instance to emulate (users, orgs, repositories, tokens, permissions,
                             sub-repository permissions, search contexts)
  --no-license               without the "Explicit Permissions API" license feature (every HTTP API
                             call and the GraphQL permission mutations fail)
  --bind-id <mode>           how legacy bindIDs name users: username (default) or email
  --fault-rate <0..1>        probability that a call (a Connect method, a GraphQL operation or a search) fails
                             with an injected fault (default 0)
  --fault-seed <n>           seed of the fault decisions, so a failure replays (default 0)
  --fault-kinds <list>       kinds and weights, e.g. unavailable=2,rateLimited,reset,lostAnswer
                             (default: all four, weight 1)
  --retry-after <seconds>    Retry-After of injected 429 answers (default 1)
  --latency-ms <n>           latency added to every call (default 0)
  --latency-jitter-ms <n>    plus a random 0..n ms (default 0)
  --capacity-workers <n>     turn the capacity model on with n workers
  --capacity-service-ms <n>  time each call holds a worker (default 0)
  --capacity-row-ms <n>      extra time per List row returned (default 0)
  --capacity-queue-ms <n>    longest wait for a worker before 503 unavailable (default 1000)
  --graphql-alias-limit <n>  most aliases one GraphQL request may use; more is 400
                             ErrQueryComplexityLimitExceeded (default 500)
  --json                     print one JSON line {url, tokens} instead of the text summary
  --version                  print the version
  --help                     print this help
`;
}
