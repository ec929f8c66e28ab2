#!/usr/bin/env node
// Fails when a package depends on a layer above it (CONTRIBUTING, "Layers"). Dependencies are read from each
// package.json and imports of `@sgkit/*` from its sources, so an import that bypasses package.json is caught too.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { root, workspacePackages } from "./workspace-packages.mjs";

/**
 * What each package may use at run time. The contracts and core are the bottom; the clients stand on both; the
 * emulator stands on the contracts only, never on a client, so that a shared mistake of the clients cannot hide
 * in it; the umbrella and the migrator stand on the clients.
 */
const RUNTIME = {
  "@sgkit/contracts": [],
  "@sgkit/core": [],
  "@sgkit/permissions": ["@sgkit/core", "@sgkit/contracts"],
  "@sgkit/graphql": ["@sgkit/core", "@sgkit/contracts"],
  "@sgkit/search": ["@sgkit/core"],
  "@sgkit/sourcegraph": ["@sgkit/core", "@sgkit/permissions", "@sgkit/graphql", "@sgkit/search"],
  "@sgkit/emulator": ["@sgkit/contracts"],
  "@sgkit/migrator": ["@sgkit/core", "@sgkit/contracts", "@sgkit/permissions", "@sgkit/graphql"],
  "@sgkit/demo": ["@sgkit/emulator", "@sgkit/migrator"],
};

/** What tests and benchmarks may use besides: the emulator as the one fake, and core's test helpers. */
const DEVELOPMENT = {
  "@sgkit/contracts": [],
  "@sgkit/core": [],
  "@sgkit/emulator": ["@sgkit/core"],
};
const DEFAULT_DEVELOPMENT = ["@sgkit/emulator", "@sgkit/core"];

const problems = [];
const packages = workspacePackages();
for (const { dir, manifest } of packages) {
  const name = manifest.name;
  const runtime = RUNTIME[name];
  if (!runtime) {
    problems.push(`${name}: not in tools/check-layers.mjs; give it a layer there and in CONTRIBUTING.md`);
    continue;
  }
  const development = [...runtime, ...(DEVELOPMENT[name] ?? DEFAULT_DEVELOPMENT)];
  const check = (dependency, allowed, where) => {
    if (dependency.startsWith("@sgkit/") && dependency !== name && !allowed.includes(dependency)) {
      problems.push(`${name}: ${where} uses ${dependency}, a layer it may not stand on`);
    }
  };
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    check(dependency, runtime, "package.json dependencies");
  }
  for (const dependency of Object.keys(manifest.devDependencies ?? {})) {
    check(dependency, development, "package.json devDependencies");
  }
  for (const file of sources(dir)) {
    const text = readFileSync(file, "utf8");
    const isTestCode = /\.test\.ts$|\/test\/|\/bench\//.test(file);
    for (const [, dependency] of text.matchAll(/from\s+"(@sgkit\/[a-z-]+)[^"]*"/g)) {
      check(dependency, isTestCode ? development : runtime, relative(root, file));
    }
  }
}

function sources(dir) {
  const files = [];
  const walk = (current) => {
    for (const entry of readdirSync(current)) {
      if (entry === "node_modules" || entry === "dist" || entry.startsWith(".")) continue;
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".ts")) files.push(path);
    }
  };
  for (const folder of ["src", "test", "bench"]) {
    if (existsSync(join(dir, folder))) walk(join(dir, folder));
  }
  return files;
}

if (problems.length > 0) {
  for (const problem of [...new Set(problems)]) console.error(problem);
  process.exitCode = 1;
} else {
  console.log(`layers: ${packages.length} packages, each on the layers below it`);
}
