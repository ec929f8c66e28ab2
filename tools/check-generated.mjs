#!/usr/bin/env node
// Fails when committed generated code (protoc-gen-es, graphql-codegen) is stale. A package declares its
// generated folders in package.json (`"sgkit": { "generated": ["src/gen"] }`) and a `generate` script; this
// runs the script and compares the folders' contents before and after, so it also works with local edits.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { root, workspacePackages } from "./workspace-packages.mjs";

function snapshot(dir) {
  const files = new Map();
  const walk = (current) => {
    if (!existsSync(current)) return;
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  walk(dir);
  return files;
}

let stale = 0;
let checked = 0;
for (const { dir, manifest } of workspacePackages()) {
  const folders = manifest.sgkit?.generated ?? [];
  if (folders.length === 0) continue;
  if (!manifest.scripts?.generate)
    throw new Error(`${manifest.name} declares generated code but no generate script`);
  const before = new Map(folders.flatMap((folder) => [...snapshot(join(dir, folder))]));
  execFileSync("pnpm", ["run", "generate"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  const after = new Map(folders.flatMap((folder) => [...snapshot(join(dir, folder))]));
  checked += 1;
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (file) => before.get(file) !== after.get(file),
  );
  if (changed.length > 0) {
    stale += 1;
    console.error(`${manifest.name}: generated code was stale; regenerated, review and commit:`);
    for (const file of changed) console.error(`  ${file}`);
  }
}
console.log(`generated code: ${checked} package(s) checked, ${stale} stale`);
if (stale > 0) process.exitCode = 1;
