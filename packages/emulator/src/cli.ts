#!/usr/bin/env node
// The `sgkit-emulator` bin. Everything it does is in `main`, which the tests call directly; this file only
// hands it the process's arguments and turns its result into the exit status.
import { main } from "./cli/main.js";

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
