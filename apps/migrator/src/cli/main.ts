import {
  AuthenticationError,
  ConfigurationError,
  NetworkError,
  PermissionDeniedError,
  SourcegraphError,
  TimeoutError,
} from "@sgkit/core";
import { redactText } from "@sgkit/core/internal";
import { LicenseRequiredError } from "@sgkit/permissions";
import { InputError } from "../inputs/input-error.js";
import { MigratorError } from "../migrator-error.js";
import { OutageError, type Resilience } from "../resilience.js";
import { VERSION } from "../version.js";
import { applyCommand, statusLine } from "./apply-command.js";
import { type CommandLine, checkEndpoint, parseCommandLine } from "./arguments.js";
import { bridgeCommand } from "./bridge-command.js";
import { type Clients, type CliIo, createClients } from "./environment.js";
import { exportCommand } from "./export-command.js";
import { planCommand } from "./plan-command.js";
import { rollbackCommand } from "./rollback-command.js";
import { guardStandardStreams, type Outcome, type StandardStreams } from "./standard-streams.js";
import { usage } from "./usage.js";
import { verifyCommand } from "./verify-command.js";

/**
 * `sgkit-migrate`: runs one command and resolves with its exit status (terraform's convention with
 * `-detailed-exitcode`: 0 success or no changes, 2 changes or drift, 1 error). Results go to stdout, messages
 * and progress to stderr.
 */
export async function main(argv: readonly string[], given: CliIo): Promise<number> {
  const streams = guardStandardStreams(given);
  try {
    return await command(argv, streams);
  } finally {
    streams.release();
  }
}

async function command(argv: readonly string[], streams: StandardStreams): Promise<number> {
  const { io } = streams;
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    io.stderr.write(`sgkit-migrate: ${describeError(error, undefined)}\n`);
    return 1;
  }
  if (line.command === "version") {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (line.command === "help") {
    io.stdout.write(usage(line.topic));
    return 0;
  }
  const { endpoint, tokenFile, graphqlTokenFile, allowInsecureHttp } = line.args;
  // SRC_ENDPOINT (when no --endpoint overrides it) is checked in the same words as --endpoint.
  const fromEnvironment = io.env.SRC_ENDPOINT;
  if (endpoint === undefined && fromEnvironment !== undefined && fromEnvironment !== "") {
    try {
      checkEndpoint(fromEnvironment, "SRC_ENDPOINT");
    } catch (error) {
      io.stderr.write(`sgkit-migrate ${line.command}: ${describeError(error, undefined)}\n`);
      return 1;
    }
  }
  let clients: Clients | undefined;
  let outcome: Outcome;
  try {
    const stopped = stopAborts(io);
    const { concurrency, fixedConcurrency, maxOutageMs } = line.args;
    clients = await createClients({
      endpoint,
      tokenFile,
      graphqlTokenFile,
      allowInsecureHttp,
      env: io.env,
      calls: {
        concurrency,
        fixedConcurrency,
        maxOutageMs,
        maxRps: "maxRps" in line.args ? line.args.maxRps : undefined,
      },
      ...(stopped.signal ? { signal: stopped.signal } : {}),
      ...(io.internal?.resilience ? { internal: { resilience: io.internal.resilience } } : {}),
    });
    // The run pausing for an outage, and resuming, is news on stderr (apply shows it above its progress bar).
    const { resilience } = clients;
    resilience.onStatus = (status) => {
      const said = statusLine(status, resilience);
      if (said !== undefined) io.stderr.write(`${said}\n`);
    };
    // Plan, verify and apply read and check their input files first: bad input never waits on a server.
    if (!readsInputsFirst(line)) await clients.ready();
    const commandIo = stopsWithStdout(line) ? streams.stoppingIo : io;
    // Apply gets both signals: on the first Ctrl-C (`stop`) it lets its calls in flight finish.
    outcome = {
      status: await run(line, clients, writes(line) ? commandIo : stopAborts(commandIo)),
    };
  } catch (error) {
    outcome = { error };
  }
  const settled = streams.settle(outcome);
  if ("status" in settled) return settled.status;
  io.stderr.write(
    `sgkit-migrate ${line.command}: ${describeError(settled.error, clients?.endpoint ?? endpoint ?? io.env.SRC_ENDPOINT, clients?.resilience)}\n`,
  );
  // 128 + SIGINT, as a shell reports a command stopped by Ctrl-C.
  const interrupted = (io.stop?.aborted ?? false) || (io.signal?.aborted ?? false);
  return interrupted && settled.error instanceof Error && settled.error.name === "AbortError" ? 130 : 1;
}

/** `io` whose `signal` also aborts on `stop`: for what writes nothing to the instance, and so stops at once. */
function stopAborts(io: CliIo): CliIo {
  if (io.stop === undefined) return io;
  return { ...io, signal: io.signal ? AbortSignal.any([io.signal, io.stop]) : io.stop };
}

/**
 * Whether a command stops once nobody reads its stdout (`| head`): those whose result is what they print. A plan
 * with `--out` and apply go on, as they were asked for a file or for changes to the instance.
 */
function stopsWithStdout(line: Exclude<CommandLine, { command: "help" | "version" }>): boolean {
  switch (line.command) {
    case "plan":
    case "export":
      return line.args.out === undefined;
    case "verify":
      return true;
    case "apply":
    case "bridge":
      return false;
    case "rollback":
      return line.args.out === undefined && !line.args.yes;
  }
}

/**
 * Whether the command writes to the instance (apply, rollback --yes): it gets both signals, and on the first Ctrl-C
 * (`stop`) lets its calls in flight finish.
 */
function writes(line: Exclude<CommandLine, { command: "help" | "version" }>): boolean {
  return (
    line.command === "apply" || line.command === "bridge" || (line.command === "rollback" && line.args.yes)
  );
}

function run(
  line: Exclude<CommandLine, { command: "help" | "version" }>,
  clients: Clients,
  io: CliIo,
): Promise<number> {
  switch (line.command) {
    case "plan":
      return planCommand(line.args, clients, io);
    case "apply":
      return applyCommand(line.args, clients, io);
    case "verify":
      return verifyCommand(line.args, clients, io);
    case "export":
      return exportCommand(line.args, clients, io);
    case "rollback":
      return rollbackCommand(line.args, clients, io, applyCommand);
    case "bridge":
      return bridgeCommand(line.args, clients, io);
  }
}

/**
 * Whether the command reads its input files (or plan, or journal) before its first call, which it then makes
 * itself.
 */
function readsInputsFirst(line: Exclude<CommandLine, { command: "help" | "version" }>): boolean {
  return (
    line.command === "plan" ||
    line.command === "verify" ||
    line.command === "apply" ||
    line.command === "rollback"
  );
}

/**
 * The one message a failed command prints, with what to do about it: the migrator's own errors as they are, and
 * the API's errors with the cause users meet most (wrong endpoint, bad token, missing scope or license).
 * Anything else is a bug: its stack is shown. The whole message is redacted: sgkit errors are already, but the
 * migrator's own quote what the user typed or wrote, which may be a token.
 */
export function describeError(
  error: unknown,
  endpoint: string | undefined,
  calls?: Pick<Resilience, "failure" | "reached" | "trouble">,
): string {
  return redactText(explain(error, endpoint ?? "the instance", calls));
}

function explain(
  error: unknown,
  where: string,
  calls: Pick<Resilience, "failure" | "reached" | "trouble"> | undefined,
): string {
  // The run gave up on the server: that is why the call failed, whatever error it surfaced as (a command that
  // says more, as apply does with the command that resumes it, throws its own MigratorError).
  const outage = error instanceof OutageError ? error : calls?.failure();
  if (error instanceof MigratorError && !(error instanceof OutageError)) return error.message;
  if (error instanceof InputError) return error.message;
  if (outage !== undefined) {
    return outage.reached
      ? `gave up on ${where}: ${outage.message}. Run the command again once the instance answers (--max-outage waits longer).`
      : `Cannot reach ${where}: ${outage.message}. Check SRC_ENDPOINT / --endpoint (and SRC_PROXY).`;
  }
  if (error instanceof ConfigurationError && error.setting === "allowInsecureHttp") {
    // The library's advice names its option; here the user has a flag. Its first sentence says what and why.
    return `${firstSentence(error.message)} Use an https:// endpoint, or --allow-insecure-http to send the token in clear anyway.`;
  }
  if (error instanceof ConfigurationError) return `Configuration: ${error.message}`;
  if (error instanceof LicenseRequiredError) {
    return `${where} lacks the "Explicit Permissions API" license feature, which the HTTP API needs: ${error.message}`;
  }
  if (error instanceof AuthenticationError) {
    // GraphQL has its own token when SRC_GRAPHQL_ACCESS_TOKEN / --graphql-token-file is given.
    const settings = error.url?.includes("/.api/graphql")
      ? "SRC_GRAPHQL_ACCESS_TOKEN or --graphql-token-file (else SRC_ACCESS_TOKEN or --token-file)"
      : "SRC_ACCESS_TOKEN or --token-file";
    return `${where} refused the token (${withoutFullStop(error.message)}): check ${settings}, and that it is for this instance.`;
  }
  if (error instanceof PermissionDeniedError) {
    return `${where} refused the call: ${withoutFullStop(error.message)}. sgkit-migrate needs a site admin's token with the externalapi:read and externalapi:write scopes and the REPO_PERMISSIONS#READ and #WRITE permissions.`;
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    // "Cannot reach" only for a server that never answered a call: one that did is failing, not unreachable.
    const trouble = calls?.trouble();
    if (calls?.reached()) {
      return `${where} failed a call (${withoutFullStop(error.message)})${trouble ? `: ${trouble}` : ""}.`;
    }
    return `Cannot reach ${where}: ${withoutFullStop(error.message)}. Check SRC_ENDPOINT / --endpoint (and SRC_PROXY).`;
  }
  if (error instanceof SourcegraphError && (error.status === 404 || error.status === 405)) {
    return `${where} answered ${error.status} for ${error.url ?? "an API call"}: is it a Sourcegraph instance (7.0 or later, for the HTTP API)? Check SRC_ENDPOINT / --endpoint.`;
  }
  if (error instanceof SourcegraphError) return error.message;
  if (error instanceof Error && error.name === "AbortError") return "Stopped.";
  return error instanceof Error
    ? `Internal error (please report it): ${error.stack ?? error.message}`
    : String(error);
}

/** The first sentence of `message`, with its full stop. */
function firstSentence(message: string): string {
  const end = message.indexOf(". ");
  return end === -1 ? `${withoutFullStop(message)}.` : message.slice(0, end + 1);
}

/** A message that ends a sentence, ready to be followed by another. */
function withoutFullStop(message: string): string {
  return message.endsWith(".") ? message.slice(0, -1) : message;
}
