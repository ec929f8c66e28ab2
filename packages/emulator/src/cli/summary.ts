import type { CapacityOptions } from "../capacity/capacity-options.js";
import type { FaultOptions } from "../faults/fault-options.js";
import type { Emulator } from "../server/start-emulator.js";
import { VERSION } from "../version.js";

/**
 * The text the CLI prints once it listens: the URL, the instance, faults and capacity, every token with its
 * user and scopes, and a curl example. Printing the tokens is deliberate: they exist only in this emulator,
 * and a developer needs them to call it.
 */
export function summary(
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
        `${Object.keys(options.faults.kinds ?? { unavailable: 1, rateLimited: 1, reset: 1, lostAnswer: 1 }).join(", ")}, ` +
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
