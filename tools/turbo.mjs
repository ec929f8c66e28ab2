#!/usr/bin/env node
// The root scripts run turbo through this file so that its telemetry is off for everyone who runs them, on any
// shell: turbo has no repository-level setting for it, `turbo telemetry disable` is per user, and
// `VAR=1 turbo …` in a package.json script does not work in Windows' shell.
import { spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";

// The workspace's turbo, also when this file is run directly rather than from a pnpm script.
const bin = join(import.meta.dirname, "..", "node_modules", ".bin");
const pathKey = Object.keys(process.env).find((key) => key.toUpperCase() === "PATH") ?? "PATH";

const result = spawnSync("turbo", process.argv.slice(2), {
  stdio: "inherit",
  // On Windows node_modules/.bin holds turbo.cmd, which only a shell runs.
  shell: process.platform === "win32",
  env: {
    ...process.env,
    [pathKey]: [bin, process.env[pathKey]].filter(Boolean).join(delimiter),
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
  },
});
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
