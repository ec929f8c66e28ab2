import { readSeedFile } from "../seed/read-seed-file.js";
import { sampleSeed } from "../seed/sample-seed.js";
import { SeedError } from "../seed/seed-error.js";
import { type Emulator, startEmulator } from "../server/start-emulator.js";
import { VERSION } from "../version.js";
import { CliUsageError } from "./cli-usage-error.js";
import { parseCliArgs } from "./parse-cli-args.js";
import { summary } from "./summary.js";
import { usage } from "./usage.js";

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
