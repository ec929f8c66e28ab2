import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@sgkit/emulator";
import { main } from "@sgkit/migrator/main";
import { runBridgeAct } from "./bridge-act.js";
import { type DemoSizes, demoInstance } from "./demo-instance.js";

/** Where the demo writes: the migrator's results and its messages, as a terminal shows them. */
export interface DemoIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
}

/**
 * sgkit-migrate's main job, start to finish, on this machine alone: an emulated instance with grants already in
 * place, a legacy integration's ACL file, then plan -> apply -> verify. Resolves with 0 when every step exits as
 * it should (plan 2, apply 0, verify 0), 1 otherwise.
 */
export async function runDemo(io: DemoIo, sizes?: DemoSizes): Promise<number> {
  const instance = demoInstance(sizes);
  const emulator = await startEmulator({ seed: instance.seed, capacity: { workers: 16, serviceMs: 2 } });
  const directory = await mkdtemp(join(tmpdir(), "sgkit-demo-"));
  const say = (line: string): void => void io.stderr.write(`${line}\n`);
  const acls = join(directory, "legacy-acls.ndjson");
  const plan = join(directory, "plan.json");
  try {
    await writeFile(acls, instance.acls);
    const { users = [], repositories = [], permissions = [] } = instance.seed;
    say(
      `Emulated Sourcegraph at ${emulator.url}: ${repositories.length} repositories, ${users.length} users, ${permissions.length} explicit grants.`,
    );
    say(
      `The legacy integration's ACLs (setRepositoryPermissionsForUsers, one record per repository): ${acls}`,
    );
    // The token goes through the environment, as SRC_ACCESS_TOKEN does for src-cli; it is never printed.
    const env = { SRC_ENDPOINT: emulator.url, SRC_ACCESS_TOKEN: emulator.token("admin") };
    const steps: [string[], number][] = [
      [["plan", acls, "--out", plan, "--max-diff-lines", "24"], 2],
      [["apply", plan], 0],
      [["verify", acls], 0],
    ];
    for (const [argv, expected] of steps) {
      say(`\n$ sgkit-migrate ${argv.map((arg) => arg.replace(`${directory}/`, "")).join(" ")}`);
      const status = await main(argv, { ...io, env });
      say(`(exit ${status})`);
      if (status !== expected) return 1;
    }
    if ((await runBridgeAct(io, emulator, instance, env, directory)) !== 0) return 1;
    const counts = Object.entries(emulator.counters.snapshot()).map(([method, n]) => `${method} ${n}`);
    say(`\nCalls the emulator received: ${counts.join(", ")}.`);
    return 0;
  } finally {
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
  }
}
