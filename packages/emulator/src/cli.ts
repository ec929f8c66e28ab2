#!/usr/bin/env node
// The `sgkit-emulator` bin. Everything it does is in `main`, which the tests call directly; this file only
// checks the Node version, hands `main` the process's arguments and turns its result into the exit status.
// `main` is imported only after the check, so that nothing fails on an older Node version before it.
import { nodeVersionRefusal } from "./cli/node-version.js";

const refusal = nodeVersionRefusal(process.versions.node);
if (refusal !== undefined) {
  console.error(refusal);
  process.exitCode = 1;
} else {
  import("./cli/main.js")
    .then(({ main }) => main(process.argv.slice(2)))
    .then(
      (status) => {
        process.exitCode = status;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
}
