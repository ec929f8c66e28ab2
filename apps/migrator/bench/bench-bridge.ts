// The bridge's benchmark (issue 17, §3): legacy calls per second through `sgkit-migrate bridge` against the
// emulator's capacity model, as a share of what the per-user calls they need could reach at that capacity. Part of
// `pnpm bench` (its `--bridge` option; see migrator-bench.ts).
//
// The instance is bench-instance.ts's (ACLs of 50; 70% already in place, 30% gaining, losing or swapping 10 users).
// A legacy script (plain fetch, `clients` calls in flight) sends every repository's whole ACL to the bridge,
// which runs from the built CLI in a child process; the emulator runs here with the capacity model. Reported: legacy
// calls per second, the server calls the bridge made per legacy call (caller check, bindID lookup, List, writes,
// read-back) and the least a client must make (a List of each repository and one write per changed user), and the
// share: the least calls' time at the model's capacity over the run's wall time. Results are printed, never written.

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { CapacityOptions } from "@sgkit/emulator";
import { encodeNodeId } from "@sgkit/graphql";
import { callsPerSecondOf, capacityName } from "./bench-apply.js";
import { createBenchInstance, startBenchEmulator } from "./bench-instance.js";

const MUTATION =
  "mutation SetPerms($repository: ID!, $userPermissions: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil } }";

/** The bridge part's defaults: 600 legacy calls (one per repository), 32 in flight. */
export const BRIDGE_REPOSITORIES = 600;
export const BRIDGE_CLIENTS = 32;

/** One run of the bridge part. */
export interface BridgeResult {
  readonly repositories: number;
  readonly clients: number;
  readonly capacity: string;
  /** The model's capacity, calls per second. */
  readonly capacityCallsPerSecond: number;
  readonly changedRepositories: number;
  readonly create: number;
  readonly delete: number;
  readonly wallMs: number;
  readonly legacyCallsPerSecond: number;
  /** Legacy calls answered with GraphQL errors. */
  readonly failed: number;
  /** Calls the emulator served during the run. */
  readonly serverCalls: number;
  /** The least calls a client needs: a List of each repository and one write per changed user. */
  readonly leastCalls: number;
  /** The least calls' time at capacity over the wall time, in %. */
  readonly shareOfCapacity: number;
  /** The server calls' time at capacity over the wall time, in %. */
  readonly serverBusy: number;
}

/**
 * Sends `repositories` legacy calls, `clients` at a time, through the built bridge (`cli`, from `snapshotCli`) in
 * front of a fresh emulator with the capacity model at `capacity`.
 */
export async function benchBridge(options: {
  readonly repositories: number;
  readonly clients: number;
  readonly capacity: CapacityOptions;
  readonly cli: string;
}): Promise<BridgeResult> {
  const { repositories, clients, capacity, cli } = options;
  const instance = createBenchInstance({ repositories, aclSize: 50, users: 3_000 });
  const { emulator, env } = await startBenchEmulator(instance, capacity);
  const directory = await mkdtemp(join(tmpdir(), "sgkit-bench-bridge-"));
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      process.execPath,
      [cli, "bridge", "--listen", "127.0.0.1:0", "--journal", join(directory, "bridge.journal")],
      { env: { PATH: process.env.PATH ?? "", ...env } },
    );
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      child?.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const first = /^(http:\/\/\S+)\n/.exec(stdout);
        if (first) resolve(first[1] as string);
      });
      child?.once("exit", (code) => reject(new Error(`the bridge exited with ${code}: ${stderr}`)));
    });
    const before = emulator.counters.snapshot();
    const calls = [...instance.desired()].map((acl, index) => ({
      repository: encodeNodeId("Repository", index + 1),
      users: acl.users,
    }));
    const token = env.SRC_GRAPHQL_ACCESS_TOKEN as string;
    let failed = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let call = calls.shift(); call !== undefined; call = calls.shift()) {
          const answer = await fetch(`${url}/.api/graphql?SetPerms`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `token ${token}` },
            body: JSON.stringify({
              query: MUTATION,
              variables: {
                repository: call.repository,
                userPermissions: call.users.map((bindID) => ({ bindID })),
              },
            }),
          });
          if ((await answer.text()).includes('"errors"')) failed += 1;
        }
      }),
    );
    const wallMs = performance.now() - started;
    const after = emulator.counters.snapshot();
    child.kill("SIGINT");
    await once(child, "exit");
    const served = Object.entries(after).reduce((sum, [method, n]) => sum + n - (before[method] ?? 0), 0);
    const { create, delete: remove } = instance.expected;
    const least = repositories + create + remove;
    const perSecond = callsPerSecondOf(capacity);
    return {
      repositories,
      clients,
      capacity: capacityName(capacity),
      capacityCallsPerSecond: perSecond,
      changedRepositories: instance.expected.changedRepositories,
      create,
      delete: remove,
      wallMs,
      legacyCallsPerSecond: (repositories * 1000) / wallMs,
      failed,
      serverCalls: served,
      leastCalls: least,
      shareOfCapacity: (least / perSecond / (wallMs / 1000)) * 100,
      serverBusy: (served / perSecond / (wallMs / 1000)) * 100,
    };
  } finally {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

/** A run of the bridge part, for people. */
export function describeBridgeResult(result: BridgeResult): string {
  const { repositories } = result;
  return [
    `bridge, ${repositories} legacy calls (ACLs of 50, ${result.changedRepositories} changed: ${result.create} creates, ${result.delete} deletes), ${result.clients} in flight, capacity ${result.capacity} (${result.capacityCallsPerSecond} calls/s):`,
    `  ${result.legacyCallsPerSecond.toFixed(1)} legacy calls/s in ${(result.wallMs / 1000).toFixed(1)} s, ${result.failed} answered with errors`,
    `  server calls: ${result.serverCalls} (${(result.serverCalls / repositories).toFixed(2)} per legacy call; the least a client needs: ${result.leastCalls}, ${(result.leastCalls / repositories).toFixed(2)})`,
    `  share of capacity: the least calls need ${((result.leastCalls / result.capacityCallsPerSecond) * 1000).toFixed(0)} ms at capacity, ${result.shareOfCapacity.toFixed(0)}% of the wall time; the server was busy ${result.serverBusy.toFixed(0)}% of it`,
  ].join("\n");
}
