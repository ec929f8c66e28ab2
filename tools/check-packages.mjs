#!/usr/bin/env node
// Checks every public package the way its users will meet it: publint and Are the Types Wrong on the packed
// tarball, then a scratch project outside the workspace that installs all the tarballs and imports each entry
// point from ESM, from CJS, and from TypeScript under `moduleResolution` node16 and bundler, and in a Node-only
// project without the DOM lib.
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publicPackages, root } from "./workspace-packages.mjs";

const keep = process.argv.includes("--keep");
const scratch = mkdtempSync(join(tmpdir(), "sgkit-consumer-"));
const tarballs = join(scratch, "tarballs");
mkdirSync(tarballs);

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: "inherit", ...options });
}

const packages = publicPackages();
if (packages.length === 0) throw new Error("no public package found under packages/ or apps/");

const packed = [];
for (const { dir, manifest } of packages) {
  const before = new Set(readdirSync(tarballs));
  run("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  const tarball = readdirSync(tarballs).find((file) => !before.has(file));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`);
  const path = join(tarballs, tarball);
  console.log(`\n== ${manifest.name}: publint`);
  run("pnpm", ["exec", "publint", "run", path, "--strict"], { cwd: root });
  console.log(`== ${manifest.name}: attw`);
  // node10 resolution ignores `exports`; sgkit requires Node 24, whose TypeScript users resolve with node16+.
  run("pnpm", ["exec", "attw", path, "--profile", "node16", "--format", "table-flipped", "--no-emoji"], {
    cwd: root,
  });
  packed.push({ manifest, path });
}

// Entry points come from each exports map, so a new subpath is imported without editing this script.
const entries = packed.flatMap(({ manifest }) =>
  Object.keys(manifest.exports ?? { ".": null })
    .filter((key) => !key.endsWith(".json") && !key.includes("*"))
    .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`)),
);

const project = join(scratch, "consumer");
mkdirSync(project);
const fileSpecs = Object.fromEntries(packed.map(({ manifest, path }) => [manifest.name, `file:${path}`]));
writeFileSync(
  join(project, "package.json"),
  JSON.stringify(
    { name: "sgkit-consumer", private: true, type: "module", dependencies: fileSpecs, overrides: fileSpecs },
    null,
    2,
  ),
);
console.log(`\n== installing ${packed.length} tarball(s) into ${project}`);
run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project });

const names = entries.map((entry, index) => [entry, `m${index}`]);
writeFileSync(
  join(project, "esm.mjs"),
  `${names.map(([entry, id]) => `import * as ${id} from "${entry}";`).join("\n")}
const modules = { ${names.map(([entry, id]) => `"${entry}": ${id}`).join(", ")} };
for (const [entry, module] of Object.entries(modules)) {
  if (Object.keys(module).length === 0) throw new Error(entry + " has no exports under ESM");
  console.log("esm", entry, Object.keys(module).length, "exports");
}
`,
);
writeFileSync(
  join(project, "cjs.cjs"),
  `for (const entry of ${JSON.stringify(entries)}) {
  const module = require(entry);
  if (Object.keys(module).length === 0) throw new Error(entry + " has no exports under CJS");
  console.log("cjs", entry, Object.keys(module).length, "exports");
}
`,
);
writeFileSync(
  join(project, "consumer.ts"),
  `${names.map(([entry, id]) => `import * as ${id} from "${entry}";`).join("\n")}
export const modules: Record<string, object> = { ${names.map(([entry, id]) => `"${entry}": ${id}`).join(", ")} };
`,
);
// A browser-side project (the DOM lib, no Node types) under both resolutions, and a Node-only one: no DOM lib,
// Node's own types (the workspace's @types/node), as a server or CLI project is set up.
const configurations = {
  node16: { module: "node16", moduleResolution: "node16", lib: ["es2023", "dom"], types: [] },
  bundler: { module: "esnext", moduleResolution: "bundler", lib: ["es2023", "dom"], types: [] },
  "node-only": {
    module: "node16",
    moduleResolution: "node16",
    lib: ["es2023"],
    types: ["node"],
    typeRoots: [join(root, "node_modules", "@types")],
  },
};
for (const [name, options] of Object.entries(configurations)) {
  writeFileSync(
    join(project, `tsconfig.${name}.json`),
    JSON.stringify({
      compilerOptions: { ...options, target: "es2022", strict: true, noEmit: true, skipLibCheck: false },
      files: ["consumer.ts"],
    }),
  );
}

run(process.execPath, ["esm.mjs"], { cwd: project });
run(process.execPath, ["cjs.cjs"], { cwd: project });
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
for (const name of Object.keys(configurations)) {
  console.log(`ts (${name})`);
  run(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], { cwd: project });
}

// What a browser app, or a Node program without a proxy, installs with `npm install @sgkit/search`: the search
// client and core, and nothing else. undici, which only core's proxies need, is an optional peer of core.
const lean = join(scratch, "lean");
mkdirSync(lean);
const leanSpecs = { "@sgkit/core": fileSpecs["@sgkit/core"], "@sgkit/search": fileSpecs["@sgkit/search"] };
writeFileSync(
  join(lean, "package.json"),
  JSON.stringify({
    name: "sgkit-lean",
    private: true,
    type: "module",
    dependencies: leanSpecs,
    overrides: leanSpecs,
  }),
);
console.log("\n== installing @sgkit/search alone");
run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: lean });
const installed = installedPackages(join(lean, "node_modules"));
if (installed.join() !== "@sgkit/core,@sgkit/search") {
  throw new Error(`installing @sgkit/search brought more than @sgkit/core: ${installed.join(", ")}`);
}
// Without undici, @sgkit/core/node still loads; a proxied request says to install undici rather than crashing.
writeFileSync(
  join(lean, "no-undici.mjs"),
  `import { ConfigurationError } from "@sgkit/core";
import { createProxyFetch, tokenFromFile } from "@sgkit/core/node";
if (typeof tokenFromFile !== "function") throw new Error("@sgkit/core/node did not load");
const error = await createProxyFetch("http://127.0.0.1:9")("https://sourcegraph.example.com").catch((e) => e);
if (!(error instanceof ConfigurationError) || !error.message.includes("npm install undici")) throw error;
console.log("without undici:", error.message);
`,
);
run(process.execPath, ["no-undici.mjs"], { cwd: lean });
console.log(`@sgkit/search installs ${installed.join(" and ")}: ${kilobytes(join(lean, "node_modules"))} kB`);

if (keep) console.log(`kept ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
console.log(`\npackage checks passed: ${packed.length} package(s), ${entries.length} entry point(s)`);

/** The packages installed in `nodeModules`, scoped ones as `@scope/name`, sorted. */
function installedPackages(nodeModules) {
  return readdirSync(nodeModules)
    .filter((name) => !name.startsWith("."))
    .flatMap((name) =>
      name.startsWith("@") ? readdirSync(join(nodeModules, name)).map((inner) => `${name}/${inner}`) : [name],
    )
    .sort();
}

/** The size of the files under `dir`, in kB (as `du --apparent-size` counts, without the blocks). */
function kilobytes(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const stat = lstatSync(join(dir, entry));
    if (stat.isFile()) bytes += stat.size;
  }
  return Math.round(bytes / 1000);
}
