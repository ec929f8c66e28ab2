// `pnpm demo`: sgkit-migrate's main job, start to finish, on this machine alone: an emulated instance with
// grants already in place, a legacy integration's ACL file, then plan -> apply -> verify.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "@sgkit/emulator";
import { main } from "@sgkit/migrator";
import { demoInstance } from "./demo-instance.js";

const instance = demoInstance();
const emulator = await startEmulator({ seed: instance.seed, capacity: { workers: 16, serviceMs: 2 } });
const directory = await mkdtemp(join(tmpdir(), "sgkit-demo-"));
const say = (line: string): void => void process.stderr.write(`${line}\n`);
try {
  const acls = join(directory, "legacy-acls.ndjson");
  const plan = join(directory, "plan.json");
  await writeFile(acls, instance.acls);
  const { users = [], repositories = [], permissions = [] } = instance.seed;
  say(
    `Emulated Sourcegraph at ${emulator.url}: ${repositories.length} repositories, ${users.length} users, ${permissions.length} explicit grants.`,
  );
  say(
    `The legacy integration's ACLs (setRepositoryPermissionsForUsers, one record per repository): ${acls}\n`,
  );
  // The token goes through the environment, as SRC_ACCESS_TOKEN does for src-cli; it is never printed.
  const env = { ...process.env, SRC_ENDPOINT: emulator.url, SRC_ACCESS_TOKEN: emulator.token("admin") };
  const io = { stdout: process.stdout, stderr: process.stderr, env };
  const steps: [string[], number[]][] = [
    [
      ["plan", acls, "--out", plan, "--max-diff-lines", "24"],
      [0, 2],
    ],
    [["apply", plan], [0]],
    [["verify", acls], [0]],
  ];
  for (const [argv, expected] of steps) {
    say(`\n$ sgkit-migrate ${argv.map((arg) => arg.replace(directory, ".")).join(" ")}`);
    const status = await main(argv, io);
    say(`(exit ${status})`);
    if (!expected.includes(status)) {
      process.exitCode = 1;
      break;
    }
  }
  const counts = emulator.counters.snapshot();
  say(
    `\nCalls the emulator received: ${Object.entries(counts)
      .map(([method, n]) => `${method} ${n}`)
      .join(", ")}.`,
  );
} finally {
  await emulator.stop();
  await rm(directory, { recursive: true, force: true });
}
