import { type BridgeReport, startBridge } from "../bridge/bridge-server.js";
import { countNoun } from "../plan/render-plan.js";
import { formatDuration } from "../resilience.js";
import type { BridgeArguments } from "./arguments.js";
import type { Clients, CliIo } from "./environment.js";

/**
 * `bridge`: serves the legacy GraphQL endpoint until stopped (Ctrl-C, SIGTERM), then prints its report. The URL is
 * printed on stdout once it listens; one JSON line per call goes to stderr. Exit 0 once stopped, 1 when it gave up
 * on the instance (no call succeeded for --max-outage).
 */
export async function bridgeCommand(args: BridgeArguments, clients: Clients, io: CliIo): Promise<number> {
  const now = io.now ?? Date.now;
  const journalPath =
    args.journal ?? `sgkit-migrate-bridge-${new Date(now()).toISOString().replace(/[:.]/g, "-")}.journal`;
  const pendingPath = args.pendingOut ?? `${journalPath}.pending.ndjson`;
  const bridge = await startBridge({
    host: args.listen.host,
    port: args.listen.port,
    endpoint: clients.endpoint,
    permissions: clients.permissions,
    graphql: clients.graphql,
    resilience: clients.resilience,
    bindId: args.bindId,
    journalPath,
    pendingPath,
    dryRun: args.dryRun,
    log: (line) => io.stderr.write(`${line}\n`),
    // The caller checks and forwarded requests reach the instance as the clients do: through SRC_PROXY, with the
    // auth proxy's SRC_HEADER_* headers (never the bridge's token: they carry the caller's).
    fetch: clients.network.fetch,
    headers: clients.network.headers,
    now,
    ...(io.internal?.journal ? { internal: { journal: io.internal.journal } } : {}),
  });
  io.stdout.write(args.json ? `${JSON.stringify({ url: bridge.url })}\n` : `${bridge.url}\n`);
  io.stderr.write(
    `sgkit-migrate bridge: listening on ${bridge.url} for ${clients.endpoint}: point legacy integrations at ${bridge.url}/.api/graphql (health: ${bridge.url}/healthz)${args.dryRun ? "; --dry-run: nothing is written" : `; journal ${journalPath}, pending ${pendingPath}`}. Ctrl-C stops it.\n`,
  );
  const stopped = [io.stop, io.signal].filter((signal): signal is AbortSignal => signal !== undefined);
  await Promise.race([
    bridge.failed,
    ...stopped.map(
      (signal) =>
        new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          else signal.addEventListener("abort", () => resolve(), { once: true });
        }),
    ),
  ]);
  io.stderr.write("sgkit-migrate bridge: stopping: no new call is accepted; the calls received finish…\n");
  const report = await bridge.close();
  io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : renderBridgeReport(report));
  return report.gaveUp === undefined ? 0 : 1;
}

/** The shutdown report, for people. */
function renderBridgeReport(report: BridgeReport): string {
  const lines = [
    `Bridge ${report.gaveUp ? "gave up" : "stopped"} after ${formatDuration(report.durationMs)}${report.dryRun ? " (dry run: nothing was written)" : ""}: ${countNoun(report.calls, "permission call", "permission calls")} (${report.converged} converged, ${report.unchanged} unchanged, ${report.failed} failed, ${report.conflicts} in conflict), ${report.refused} refused, ${countNoun(report.forwarded, "request", "requests")} forwarded; ${countNoun(report.creates, "create", "creates")}, ${countNoun(report.deletes, "delete", "deletes")}${report.dryRun ? " that would have been made" : ""}.`,
  ];
  if (report.gaveUp) lines.push(`Gave up on the instance: ${report.gaveUp}.`);
  if (report.pending.length > 0) {
    lines.push(
      `Pending (users that did not exist yet; granted only while a bridge runs and a later call names them, or by plan/apply of the pending file): ${countNoun(report.pending.length, "repository", "repositories")}:`,
    );
    for (const entry of report.pending) lines.push(`  ${entry.repository}: ${entry.bindIDs.join(", ")}`);
  }
  if (report.journal) lines.push(`Journal: ${report.journal}`);
  if (report.pendingFile && report.pending.length > 0) lines.push(`Pending file: ${report.pendingFile}`);
  return `${lines.join("\n")}\n`;
}
