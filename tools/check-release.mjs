#!/usr/bin/env node
// Checks what the next release would publish, without publishing and without the network:
// 1. the versions `changeset status` plans: a package never published (version 0.0.0) is released first as 0.1.0,
//    as the README and CONTRIBUTING say, and no package takes a major bump unless it is listed below as meant to;
// 2. a publish dry run of every public package, as `changeset publish` runs it (`pnpm publish`, which packs and hands
//    the tarball to `npm publish`), offline, failing on an error or a warning.
// Run after `pnpm build` (the tarballs hold dist/).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publicPackages, root } from "./workspace-packages.mjs";

/** Packages whose next release is meant to be a new major version (1.0.0 included): none yet. */
const INTENDED_MAJORS = new Set([]);
const FIRST_VERSION = "0.1.0";

const problems = [];
const packages = publicPackages();

// 1. The release plan.
const scratch = mkdtempSync(join(tmpdir(), "sgkit-release-"));
const statusFile = join(scratch, "status.json");
try {
  execFileSync("pnpm", ["exec", "changeset", "status", "--output", statusFile], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const { releases } = JSON.parse(readFileSync(statusFile, "utf8"));
  const planned = new Map(releases.map((release) => [release.name, release]));
  for (const { manifest } of packages) {
    const release = planned.get(manifest.name);
    const next = release && release.type !== "none" ? release.newVersion : manifest.version;
    if (manifest.version === "0.0.0" && next !== FIRST_VERSION) {
      problems.push(
        next === "0.0.0"
          ? `${manifest.name} was never released and has no changeset: \`changeset publish\` would publish it as 0.0.0. Add a minor changeset (its first release is ${FIRST_VERSION}).`
          : `${manifest.name} would be first released as ${next}; its first release is ${FIRST_VERSION}: give it a minor changeset (and no major one).`,
      );
    }
    if (release?.type === "major" && !INTENDED_MAJORS.has(manifest.name)) {
      problems.push(
        `${manifest.name} would go from ${manifest.version} to ${release.newVersion} (a major bump, from ${release.changesets.map((id) => `.changeset/${id}.md`).join(", ")}). If that is meant, list it in INTENDED_MAJORS in tools/check-release.mjs.`,
      );
    }
    console.log(`${manifest.name}: ${manifest.version} -> ${next}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// 2. The publish dry run. Offline: npm would otherwise ask the registry whether the version exists (and, with no
// network, retry for more than a minute); that question belongs to the real publish.
for (const { dir, manifest } of packages) {
  const result = spawnSync(
    "pnpm",
    ["publish", "--dry-run", "--no-git-checks", "--access", "public", "--tag", "latest"],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, npm_config_offline: "true", npm_config_loglevel: "notice" },
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  // A release should not start with a warning about a package: any fails the check, but for not being logged in
  // and for the settings pnpm passes its scripts as npm_config_* variables, which npm 11 calls unknown.
  const warnings = output
    .split("\n")
    .filter(
      (line) =>
        /^npm warn/i.test(line) &&
        !/requires you to be logged in|Unknown (env|project|user) config/.test(line),
    );
  if (result.status !== 0) {
    problems.push(`${manifest.name}: \`pnpm publish --dry-run\` failed:\n${output.trim()}`);
  } else if (warnings.length > 0) {
    problems.push(`${manifest.name}: \`pnpm publish --dry-run\` warned:\n${warnings.join("\n")}`);
  } else if (!output.includes(`+ ${manifest.name}@${manifest.version}`)) {
    problems.push(
      `${manifest.name}: the dry run did not report publishing ${manifest.name}@${manifest.version}`,
    );
  } else {
    console.log(`${manifest.name}@${manifest.version}: publish dry run passed`);
  }
}

if (problems.length > 0) {
  console.error(`\nrelease check failed:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log(`\nrelease check passed: ${packages.length} package(s)`);
