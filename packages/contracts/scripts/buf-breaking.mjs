#!/usr/bin/env node
// `buf breaking` of the workspace's proto/ against the same folder on a branch (main by default, or the branch
// named by SGKIT_BUF_BREAKING_BRANCH). Passes with a note, rather than failing, when that branch does not exist
// here or has no proto/ yet (the first change that adds the protos has nothing to break).
import { spawnSync } from "node:child_process";
import { delimiter, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../../..");
const branch = process.env.SGKIT_BUF_BREAKING_BRANCH || "main";
// buf comes from this package's devDependencies, also when the script is run with plain `node`.
const env = {
  ...process.env,
  PATH: `${join(import.meta.dirname, "../node_modules/.bin")}${delimiter}${process.env.PATH}`,
};

function gitSucceeds(args) {
  return spawnSync("git", args, { cwd: root, stdio: "ignore" }).status === 0;
}

if (!gitSucceeds(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`])) {
  console.log(`buf breaking: skipped, no local branch ${branch} to compare with (fetch it to run the check)`);
} else if (!gitSucceeds(["cat-file", "-e", `${branch}:proto/buf.yaml`])) {
  console.log(`buf breaking: skipped, branch ${branch} has no proto/buf.yaml yet, so nothing can break`);
} else {
  // `.git#branch=...` is read relative to the working directory: run from the repository root.
  const result = spawnSync("buf", ["breaking", "proto", "--against", `.git#branch=${branch},subdir=proto`], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  if (result.error) throw result.error;
  if (result.status === 0) console.log(`buf breaking: proto/ is compatible with ${branch}`);
  else {
    console.error(`buf breaking: proto/ has breaking changes against ${branch} (see above)`);
    process.exitCode = result.status ?? 1;
  }
}
