#!/usr/bin/env node
// Checks every public package the way its users will meet it: publint and Are the Types Wrong on the packed
// tarball; that each package's `engines.node` is no older than what its runtime dependencies declare; then, on each
// Node.js given, a scratch project outside the workspace that installs all the tarballs with `npm install
// --engine-strict` and imports each entry point from ESM, from CJS, and from TypeScript under `moduleResolution`
// node16 and bundler and in a Node-only project without the DOM lib, runs each bin's `--version`, runs the clients
// against the emulator in-process (with an aborted request and a reset connection), and installs `@sgkit/search`
// alone.
//
// The Node.js versions: the one running this script, and each binary named by `--node <path>` or listed in
// SGKIT_CONSUMER_NODES (separated like PATH). `.ci/run` adds Node 22 that way; npm runs under the Node.js being
// tested, so that `--engine-strict` holds the packages to their `engines`.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { publicPackages, root } from "./workspace-packages.mjs";

const keep = process.argv.includes("--keep");
const nodes = [
  process.execPath,
  ...process.argv.flatMap((arg, index) => (process.argv[index - 1] === "--node" ? [arg] : [])),
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm check runs this script itself, not through turbo.
  ...(process.env.SGKIT_CONSUMER_NODES ?? "").split(delimiter).filter(Boolean),
];
const scratch = mkdtempSync(join(tmpdir(), "sgkit-consumer-"));
const tarballs = join(scratch, "tarballs");
mkdirSync(tarballs);

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: "inherit", ...options });
}

const packages = publicPackages();
if (packages.length === 0) throw new Error("no public package found under packages/ or apps/");
checkEngines(packages);

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
  // node10 resolution ignores `exports`; sgkit requires Node 22 or newer, whose TypeScript users resolve with node16+.
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

const fileSpecs = Object.fromEntries(packed.map(({ manifest, path }) => [manifest.name, `file:${path}`]));

for (const node of nodes) checkConsumers(node);

/**
 * Each package's `engines.node` floor is at least that of its dependencies, its workspace ones and the installed
 * runtime ones with theirs, transitively (optional peers aside: they are installed by choice, and undici, core's,
 * states its own Node.js needs): a package must not promise a Node.js that something it installs refuses.
 */
function checkEngines(workspace) {
  const floors = new Map(workspace.map(({ manifest }) => [manifest.name, floorOf(manifest.engines?.node)]));
  const problems = [];
  for (const { dir, manifest } of workspace) {
    const own = floors.get(manifest.name);
    if (own === undefined) {
      problems.push(`${manifest.name} has no engines.node`);
      continue;
    }
    const seen = new Set();
    const visit = (fromDir, deps, via) => {
      for (const name of deps) {
        if (seen.has(name)) continue;
        seen.add(name);
        const found = resolvePackageDir(fromDir, name);
        if (!found) throw new Error(`${manifest.name}: cannot find ${name} (via ${via}); run pnpm install`);
        // From the real folder, as Node.js resolves: pnpm links a package's dependencies beside it in its store.
        const depDir = realpathSync(found);
        const depManifest = JSON.parse(readFileSync(join(depDir, "package.json"), "utf8"));
        const floor = floors.get(name) ?? floorOf(depManifest.engines?.node);
        if (floor !== undefined && compareVersions(floor, own) > 0) {
          problems.push(
            `${manifest.name} declares engines.node "${manifest.engines.node}", but ${name}${via === manifest.name ? "" : ` (via ${via})`} needs "${depManifest.engines.node}"`,
          );
        }
        visit(depDir, runtimeDependencies(depManifest), name);
      }
    };
    visit(dir, runtimeDependencies(manifest), manifest.name);
    console.log(
      `engines: ${manifest.name} ${manifest.engines.node} covers its ${seen.size} runtime dependencies`,
    );
  }
  if (problems.length > 0)
    throw new Error(`engines.node is older than a dependency needs:\n${problems.join("\n")}`);
}

/** The consumer projects, on the Node.js binary `node`. */
function checkConsumers(node) {
  const version = execFileSync(node, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
  // npm runs under `node` too (it is a Node.js script that the first `node` on PATH runs), so that
  // --engine-strict compares the packages' engines with the version under test.
  const env = { ...process.env, PATH: [dirname(node), process.env.PATH].join(delimiter) };
  const runHere = (command, args, cwd) => run(command, args, { cwd, env });
  const npmInstall = (cwd) =>
    runHere("npm", ["install", "--engine-strict", "--no-audit", "--no-fund", "--loglevel=error"], cwd);
  console.log(`\n==== Node.js ${version} (${node})`);

  const project = join(scratch, `consumer-${version}`);
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify(
      {
        name: "sgkit-consumer",
        private: true,
        type: "module",
        dependencies: fileSpecs,
        overrides: fileSpecs,
      },
      null,
      2,
    ),
  );
  const npmNode = JSON.parse(
    execFileSync("npm", ["version", "--json"], {
      cwd: project,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ).node;
  if (npmNode !== version) throw new Error(`npm runs on Node.js ${npmNode}, not ${version}: check PATH`);
  console.log(
    `== installing ${packed.length} tarball(s) into ${project} (npm --engine-strict on Node.js ${npmNode})`,
  );
  npmInstall(project);
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

  runHere(node, ["esm.mjs"], project);
  runHere(node, ["cjs.cjs"], project);
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  for (const name of Object.keys(configurations)) {
    console.log(`ts (${name})`);
    runHere(node, [tsc, "-p", `tsconfig.${name}.json`], project);
  }

  // Each bin runs on this Node.js and prints its package's version: the version the release wrote into package.json
  // and the build compiled in.
  for (const { manifest } of packed) {
    for (const [bin, file] of Object.entries(manifest.bin ?? {})) {
      const printed = execFileSync(node, [join(project, "node_modules", manifest.name, file), "--version"], {
        cwd: project,
        env,
        encoding: "utf8",
      }).trim();
      if (printed !== manifest.version) {
        throw new Error(
          `${bin} --version printed "${printed}", not ${manifest.name}'s version ${manifest.version}`,
        );
      }
      console.log(`${bin} --version: ${printed}`);
    }
  }

  // The packages working together on this Node.js, as a test suite of a user's would use them: the clients against
  // the emulator in-process (emulator.fetch), a request given up on mid-way, and a connection the emulator resets
  // (on Node 22 a reset once left the client waiting forever). The timeout is only a hang guard.
  writeFileSync(
    join(project, "e2e.mjs"),
    `import { startEmulator } from "@sgkit/emulator";
import { createSourcegraph } from "@sgkit/sourcegraph";
const emulator = await startEmulator({ listen: false });
const sourcegraph = createSourcegraph({ endpoint: emulator.url, token: emulator.token("admin"), fetch: emulator.fetch });
const { currentUser } = await sourcegraph.graphql.request("query { currentUser { username } }");
let grants = 0;
for await (const _ of sourcegraph.permissions.list({ parent: "repositories/123" })) grants += 1;
const results = await sourcegraph.search.searchAll("repo:.");
if (currentUser.username !== "admin" || !results.complete || results.matches.length === 0) {
  throw new Error("unexpected answers: " + JSON.stringify({ currentUser, complete: results.complete }));
}
const slow = await startEmulator({ listen: false, faults: { perMethod: { search: { latencyMs: 3600000 } } } });
const controller = new AbortController();
const pending = slow.fetch("/.api/search/stream?q=x", {
  headers: { authorization: "token " + slow.token("admin") },
  signal: controller.signal,
});
setTimeout(() => controller.abort(), 50);
const aborted = await pending.then((response) => response.body.getReader().read()).catch((error) => error);
if (aborted?.name !== "AbortError") throw new Error("the aborted search did not reject with AbortError: " + aborted);
await slow.stop();
const resetting = await startEmulator({ listen: false, faults: { rate: 1, kinds: { reset: 1 } } });
const reset = await resetting
  .fetch("/.api/graphql", { method: "POST", body: JSON.stringify({ query: "{ currentUser { username } }" }) })
  .catch((error) => error);
if (!(reset instanceof TypeError) || reset.cause?.code !== "ECONNRESET") throw new Error("a reset fault gave " + reset);
await resetting.stop();
await emulator.stop();
console.log("e2e:", currentUser.username, grants, "grants on repository 123,", results.matches.length, "search matches; an aborted request and a reset connection end");
`,
  );
  run(node, ["e2e.mjs"], { cwd: project, env, timeout: 300_000 });

  // What a browser app, or a Node program without a proxy, installs with `npm install @sgkit/search`: the search
  // client and core, and nothing else. undici, which only core's proxies need, is an optional peer of core.
  const lean = join(scratch, `lean-${version}`);
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
  npmInstall(lean);
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
  runHere(node, ["no-undici.mjs"], lean);
  console.log(
    `@sgkit/search installs ${installed.join(" and ")}: ${kilobytes(join(lean, "node_modules"))} kB`,
  );
}

if (keep) console.log(`kept ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
console.log(
  `\npackage checks passed: ${packed.length} package(s), ${entries.length} entry point(s), on Node.js ${nodes.map((node) => execFileSync(node, ["-p", "process.versions.node"], { encoding: "utf8" }).trim()).join(" and ")}`,
);

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

/** The dependencies a package installs for its users: `dependencies` and the peers that are not optional. */
function runtimeDependencies(manifest) {
  const optionalPeers = Object.entries(manifest.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta?.optional)
    .map(([name]) => name);
  return [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optionalPeers.includes(name)),
  ];
}

/** The folder of package `name` as Node.js resolves it from `fromDir` (up the node_modules folders), if any. */
function resolvePackageDir(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The oldest Node.js version a semver range such as ">=22.19", "^22.12.0 || >=24" or "22.x" accepts, as
 * [major, minor, patch], or undefined for no range. Enough for `engines` fields; not a full semver parser.
 */
function floorOf(range) {
  if (range === undefined || range.trim() === "" || range.trim() === "*") return undefined;
  const floors = range.split("||").map((alternative) => {
    const match = /(?:^|\s)(?:>=|\^|~|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(
      alternative.trim(),
    );
    if (!match) throw new Error(`cannot read the engines range "${range}"`);
    return [match[1], match[2], match[3]].map((part) =>
      part === undefined || !/^\d+$/.test(part) ? 0 : Number(part),
    );
  });
  return floors.sort(compareVersions)[0];
}

function compareVersions(a, b) {
  for (let index = 0; index < 3; index += 1) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return 0;
}
