// The bridge's benchmark (issue 17, §3): legacy calls per second through `sgkit-migrate bridge` against the
// emulator's capacity model, as a share of what the per-user calls they need could reach at that capacity.
// Run from apps/migrator after a build (`pnpm build`):
//
//   node --import ./bench/resolve-ts-sources.ts bench/bench-bridge.ts [--repositories 600] [--capacity 8x20] [--clients 32]
//
// The instance is bench-instance.ts's (ACLs of 50; 70% already in place, 30% gaining, losing or swapping 10 users).
// A legacy script (plain fetch, `--clients` calls in flight) sends every repository's whole ACL to the bridge,
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
import { parseArgs } from "node:util";
import { encodeNodeId } from "@sgkit/graphql";
import { callsPerSecondOf, capacityName, parseCapacity } from "./bench-apply.js";
import { createBenchInstance, startBenchEmulator } from "./bench-instance.js";
import { snapshotCli } from "./run-migrator.js";

const MUTATION =
  "mutation SetPerms($repository: ID!, $userPermissions: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil } }";

const { values } = parseArgs({
  options: {
    repositories: { type: "string", default: "600" },
    capacity: { type: "string", default: "8x20" },
    clients: { type: "string", default: "32" },
  },
});
const repositories = Number(values.repositories);
const clients = Number(values.clients);
const capacity = parseCapacity(values.capacity);
const instance = createBenchInstance({ repositories, aclSize: 50, users: 3_000 });
const { emulator, env } = await startBenchEmulator(instance, capacity);
const directory = await mkdtemp(join(tmpdir(), "sgkit-bench-bridge-"));
let child: ChildProcess | undefined;
try {
  const cli = await snapshotCli();
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
  const legacyPerSecond = (repositories * 1000) / wallMs;
  console.log(
    [
      `bridge, ${repositories} legacy calls (ACLs of 50, ${instance.expected.changedRepositories} changed: ${create} creates, ${remove} deletes), ${clients} in flight, capacity ${capacityName(capacity)} (${perSecond} calls/s):`,
      `  ${legacyPerSecond.toFixed(1)} legacy calls/s in ${(wallMs / 1000).toFixed(1)} s, ${failed} answered with errors`,
      `  server calls: ${served} (${(served / repositories).toFixed(2)} per legacy call; the least a client needs: ${least}, ${(least / repositories).toFixed(2)})`,
      `  share of capacity: the least calls need ${((least / perSecond) * 1000).toFixed(0)} ms at capacity, ${((least / perSecond / (wallMs / 1000)) * 100).toFixed(0)}% of the wall time; the server was busy ${((served / perSecond / (wallMs / 1000)) * 100).toFixed(0)}% of it`,
    ].join("\n"),
  );
} finally {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await emulator.stop();
  await rm(directory, { recursive: true, force: true });
}
