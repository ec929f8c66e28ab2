import { join } from "node:path";
import type { Emulator } from "@sgkit/emulator";
import { main } from "@sgkit/migrator/main";
import type { DemoInstance } from "./demo-instance.js";
import type { DemoIo } from "./run-demo.js";

/** How many legacy calls the script of the second act sends, and how many at once. */
const CALLS = 40;
const AT_ONCE = 8;

/**
 * The demo's second act: a legacy-style script, unchanged but for its URL, sends `setRepositoryPermissionsForUsers`
 * (a plain `fetch`, as a script in any language would) to `sgkit-migrate bridge`, which makes each call on the HTTP
 * API with the fewest Create/Delete calls. Resolves with 0 when every call is answered as the legacy API answers
 * and the instance ends with exactly the ACLs the script set (what the legacy mutation, which replaces the whole
 * ACL, would have left), 1 otherwise.
 */
export async function runBridgeAct(
  io: DemoIo,
  emulator: Emulator,
  instance: DemoInstance,
  env: Readonly<Record<string, string>>,
  directory: string,
): Promise<number> {
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  const calls = legacyCalls(instance);
  const stop = new AbortController();
  let printed = "";
  let shown = 0;
  let hidden = 0;
  let listening: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    listening = resolve;
  });
  say("\nAct 2: the legacy integration itself, unchanged but for its URL, through the bridge.");
  say("$ sgkit-migrate bridge --listen 127.0.0.1:0 --journal bridge.journal");
  const creates = emulator.counters.get("CreateExplicitRepoPermission");
  const deletes = emulator.counters.get("DeleteExplicitRepoPermission");
  const bridge = main(["bridge", "--listen", "127.0.0.1:0", "--journal", join(directory, "bridge.journal")], {
    stdout: {
      write: (text: string) => {
        printed += text;
        const first = /^(http:\/\/\S+)\n/.exec(printed);
        if (first) listening(first[1] as string);
        return io.stdout.write(text);
      },
    },
    // One JSON line per call: the demo shows the first few, and says where it left the others out.
    stderr: {
      write: (text: string) => {
        if (text.startsWith("{")) {
          if (shown++ < 3) io.stderr.write(text);
          else hidden += 1;
        } else {
          if (hidden > 0)
            io.stderr.write(`… ${hidden} more call ${hidden === 1 ? "line" : "lines"} left out\n`);
          hidden = 0;
          io.stderr.write(text);
        }
        return true;
      },
    },
    env,
    stop: stop.signal,
  });
  const base = await Promise.race([url, bridge.then(() => undefined)]);
  if (base === undefined) return 1;
  say(
    `The script sends ${CALLS} setRepositoryPermissionsForUsers calls to ${base}/.api/graphql, ${AT_ONCE} at a time.`,
  );
  let failures = 0;
  const queue = [...calls];
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      for (let call = queue.shift(); call !== undefined; call = queue.shift()) {
        const answer = await fetch(`${base}/.api/graphql?SetPerms`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `token ${env.SRC_ACCESS_TOKEN}` },
          body: JSON.stringify({
            query:
              "mutation SetPerms($repository: ID!, $userPermissions: [UserPermissionInput!]!) { setRepositoryPermissionsForUsers(repository: $repository, userPermissions: $userPermissions) { alwaysNil } }",
            variables: { repository: call.node, userPermissions: call.users.map((bindID) => ({ bindID })) },
          }),
        });
        const body = await answer.text();
        if (body !== '{"data":{"setRepositoryPermissionsForUsers":{"alwaysNil":null}}}') failures += 1;
      }
    }),
  );
  stop.abort(new DOMException("Interrupted", "AbortError"));
  const status = await bridge;
  const mismatched = calls.filter((call) => {
    const acl = emulator.state.permissions
      .usersOf(call.id)
      .ids.map((id) => emulator.state.users.byId(id)?.username)
      .sort();
    return JSON.stringify(acl) !== JSON.stringify([...call.users].sort());
  });
  const written =
    emulator.counters.get("CreateExplicitRepoPermission") -
    creates +
    (emulator.counters.get("DeleteExplicitRepoPermission") - deletes);
  say(
    `${CALLS - failures} of ${CALLS} calls answered as the legacy API answers; ${CALLS - mismatched.length} of ${CALLS} repositories hold exactly the ACL the script set, with ${written} Create/Delete calls in all (the changes only, not the ${calls.reduce((sum, call) => sum + call.users.length, 0)} grants a replace would rewrite).`,
  );
  return status === 0 && failures === 0 && mismatched.length === 0 ? 0 : 1;
}

/** The script's calls: the first {@link CALLS} repositories of act 1's ACLs, each with one user swapped. */
function legacyCalls(instance: DemoInstance): { id: number; node: string; users: string[] }[] {
  const ids = new Map(
    (instance.seed.repositories ?? []).map((repository) => [repository.name, repository.id]),
  );
  const usernames = (instance.seed.users ?? [])
    .map((user) => user.username)
    .filter((name) => name !== "admin");
  return instance.acls
    .trim()
    .split("\n")
    .slice(0, CALLS)
    .map((line, index) => {
      const record = JSON.parse(line) as { repository: string; users: string[] };
      const id = ids.get(record.repository) as number;
      const users = record.users.slice(1);
      const added = usernames[(index * 37) % usernames.length] as string;
      if (!users.includes(added)) users.push(added);
      return { id, node: nodeId(id), users };
    });
}

/** A repository's GraphQL node ID: URL-safe base64, with padding, of `Repository:<id>`. */
function nodeId(id: number): string {
  return Buffer.from(`Repository:${id}`).toString("base64").replaceAll("+", "-").replaceAll("/", "_");
}
