import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
// Inside the package, so the CLI's bare imports (@sgkit/core, …) resolve through its node_modules as from dist/.
const SNAPSHOT = fileURLToPath(new URL("../node_modules/.cache/sgkit-migrate-bench/", import.meta.url));

/**
 * Copies the built CLI (dist/*.js) aside and returns the path of its `cli.js`: a build started while the benchmark
 * runs (`pnpm build`, or `turbo run test`, which builds first) cleans dist/ and would pull the CLI from under a
 * run, or swap the code being measured half-way. The copy is fresh each time; `package.json` marks it ESM, as
 * dist/ is by the package's own.
 */
export async function snapshotCli(): Promise<string> {
  await rm(SNAPSHOT, { recursive: true, force: true });
  await mkdir(SNAPSHOT, { recursive: true });
  const files = (await readdir(DIST)).filter((name) => name.endsWith(".js"));
  if (!files.includes("cli.js")) throw new Error(`no dist/cli.js in ${DIST}: build the package first`);
  await Promise.all(files.map((name) => copyFile(join(DIST, name), join(SNAPSHOT, name))));
  await writeFile(join(SNAPSHOT, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
  return join(SNAPSHOT, "cli.js");
}
