import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { CapacityOptions } from "../capacity.js";
import { FAULT_KINDS, type FaultOptions } from "../faults.js";
import { readSeedFile } from "../seed/load-seed.js";
import { sampleSeed } from "../seed/sample-seed.js";
import { SeedError } from "../seed/validate-seed.js";
import { type Emulator, startEmulator } from "../server/start-emulator.js";
import { CliUsageError, parseCliArgs, usage } from "./command-line.js";

declare const __SGKIT_VERSION__: string;

/** The version of `@sgkit/emulator`, compiled in at build time; printed by `sgkit-emulator --version`. */
const VERSION: string = typeof __SGKIT_VERSION__ === "string" ? __SGKIT_VERSION__ : "0.0.0-dev";

/** Where the CLI writes, and what stops it. */
export interface CliIo {
  /** Default `process.stdout`. */
  readonly stdout?: { write(text: string): unknown };
  /** Default `process.stderr`. */
  readonly stderr?: { write(text: string): unknown };
  /** Stops the emulator when it aborts. Default: the first SIGINT or SIGTERM. */
  readonly signal?: AbortSignal;
  /** Called once the emulator listens (tests use it instead of parsing the output). */
  readonly onStarted?: (emulator: Emulator) => void;
}

/**
 * `sgkit-emulator`: starts an emulator from the command line, prints its URL and tokens, runs until the signal
 * aborts (SIGINT or SIGTERM by default), and resolves with the exit status: 0 after a clean stop or `--help`,
 * 1 when the seed or the port is unusable, 2 for a bad command line.
 */
export async function main(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    stderr.write(`sgkit-emulator: ${error.message}\nRun sgkit-emulator --help for the options.\n`);
    return 2;
  }
  if (args.help) {
    stdout.write(usage());
    return 0;
  }
  if (args.version) {
    stdout.write(`${VERSION}\n`);
    return 0;
  }

  let emulator: Emulator;
  try {
    const seed = args.seedFile === undefined ? sampleSeed() : await readSeedFile(args.seedFile);
    emulator = await startEmulator({
      port: args.port,
      host: args.host,
      seed,
      license: args.license,
      bindID: args.bindID,
      faults: args.faults,
      capacity: args.capacity,
      ...(args.graphqlAliasLimit !== undefined && { graphql: { aliasLimit: args.graphqlAliasLimit } }),
    });
  } catch (error) {
    if (error instanceof SeedError || error instanceof RangeError) {
      stderr.write(`sgkit-emulator: ${error.message}\n`);
      return error instanceof RangeError ? 2 : 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      stderr.write(`sgkit-emulator: cannot listen on ${args.host}:${args.port} (${code})\n`);
      return 1;
    }
    throw error;
  }

  if (!isLoopbackHost(args.host)) {
    stderr.write(
      `sgkit-emulator: warning: listening on ${args.host}, not on loopback: anyone who can reach ${emulator.url} ` +
        "can call it with its tokens, which are printed and well known to tests (site admin included). " +
        "Use --host 127.0.0.1 unless other machines must reach this emulator.\n",
    );
  }
  stdout.write(
    args.json
      ? `${JSON.stringify({ url: emulator.url, tokens: emulator.tokens })}\n`
      : summary(emulator, { seedFile: args.seedFile, faults: args.faults, capacity: args.capacity }),
  );
  io.onStarted?.(emulator);
  await stopped(io.signal);
  await emulator.stop();
  if (!args.json) stdout.write("sgkit-emulator: stopped\n");
  return 0;
}

const LOOPBACK_IPV6 = new BlockList();
LOOPBACK_IPV6.addAddress("::1", "ipv6");
LOOPBACK_IPV6.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

/**
 * Whether listening on `host` keeps the emulator on this machine: `localhost`, 127.0.0.0/8, `::1` (also in
 * brackets) and IPv4-mapped 127.x addresses. Anything else (`0.0.0.0`, `::`, an interface's address, another
 * name) may be reachable from the network.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIPv4(bare)) return bare.startsWith("127.");
  return isIPv6(bare) && LOOPBACK_IPV6.check(bare, "ipv6");
}

function stopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    return signal.aborted
      ? Promise.resolve()
      : new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

/**
 * The text the CLI prints once it listens: the URL, the instance, faults and capacity, every token with its
 * user and scopes, and a curl example. Printing the tokens is deliberate: they exist only in this emulator,
 * and a developer needs them to call it.
 */
function summary(
  emulator: Emulator,
  options: {
    seedFile?: string | undefined;
    faults?: FaultOptions | undefined;
    capacity?: CapacityOptions | undefined;
  },
): string {
  const { state } = emulator;
  const api = `${emulator.url}/api/explicitrepopermissions.v1.Service`;
  const lines = [
    `sgkit-emulator ${VERSION}: an emulated Sourcegraph instance for tests, listening on ${emulator.url}`,
    `  explicit permissions API: POST ${api}/<Method>`,
    `  GraphQL API: POST ${emulator.url}/.api/graphql`,
    `  streaming search: GET ${emulator.url}/.api/search/stream?q=<query>`,
    `  instance: ${options.seedFile ?? "built-in sample"} (${count(state.users.size, "user")}, ${count(state.orgs.size, "org")}, ` +
      `${count(state.repositories.size, "repository", "repositories")}, ${count(state.permissions.size, "explicit permission")}); ` +
      `license ${state.license ? "on" : "OFF"}; bindID ${state.bindID}`,
    `  search contexts: ${state.searchContexts.size}; sub-repository rules: ${state.subRepoPermissions.size}`,
  ];
  if (options.faults) {
    const latency = options.faults.latencyMs;
    const fixed = typeof latency === "number" ? latency : (latency?.fixed ?? 0);
    const jitter = typeof latency === "number" ? 0 : (latency?.jitter ?? 0);
    lines.push(
      `  faults: rate ${options.faults.rate ?? 0}, seed ${options.faults.seed ?? 0}, kinds ` +
        `${(options.faults.kinds ? Object.keys(options.faults.kinds) : FAULT_KINDS).join(", ")}, ` +
        `latency ${fixed}+0..${jitter} ms`,
    );
  }
  if (options.capacity) {
    const { workers, serviceMs = 0, perRowMs = 0, queueTimeoutMs = 1000 } = options.capacity;
    lines.push(
      `  capacity: ${count(workers, "worker")}, ${serviceMs} ms per call + ${perRowMs} ms per row, queue timeout ${queueTimeoutMs} ms`,
    );
  }
  lines.push("", "Emulator tokens (valid only against this emulator; printed on purpose):");
  const width = Math.max(0, ...state.tokens.all().map((token) => token.name.length));
  for (const token of state.tokens.all()) {
    const user = state.users.byId(token.userId);
    lines.push(
      `  ${token.name.padEnd(width)}  ${token.value}  user ${user?.username ?? token.userId}` +
        `${user?.siteAdmin ? " (site admin)" : ""}; scopes ${[...token.scopes].join(", ") || "none"}; ` +
        `RBAC ${[...(user?.rbac ?? [])].join(", ") || "none"}`,
    );
  }
  const example = state.tokens.all()[0];
  const repository = state.repositories.all()[0];
  if (example && repository) {
    lines.push(
      "",
      "Try:",
      `  curl -s ${api}/ListExplicitRepoPermissions \\`,
      `    -H 'Authorization: Bearer ${example.value}' -H 'Content-Type: application/json' \\`,
      `    -d '{"parent":"repositories/${repository.id}"}'`,
      `  curl -s ${emulator.url}/.api/graphql -H 'Authorization: token ${example.value}' \\`,
      `    -d '{"query":"{ currentUser { username } }"}'`,
    );
  }
  lines.push("", "Stop with Ctrl+C.", "");
  return lines.join("\n");
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
