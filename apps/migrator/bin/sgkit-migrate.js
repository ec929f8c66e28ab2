#!/usr/bin/env node
// The `sgkit-migrate` bin. The CLI is built into dist/cli.js; package.json's `bin` names this committed file
// instead, so that installing a fresh clone (before any build) links the bin rather than warning that
// dist/cli.js is missing, and running it after `pnpm build` runs the CLI. Plain ES2017 without top-level await,
// so that dist/cli.js's own Node version check is what an old Node meets.
const cli = new URL("../dist/cli.js", import.meta.url);
import(cli.href).catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND" && error.url === cli.href) {
    console.error(
      "sgkit-migrate: dist/cli.js is not built yet; run `pnpm build` at the repository root first",
    );
    process.exitCode = 1;
  } else {
    throw error;
  }
});
