#!/usr/bin/env node
// The `sgkit-migrate` bin. Everything it does is in `main`, which the tests call directly; this file only hands it
// the process's arguments, streams and signals, and turns its result into the exit status.
import { main } from "./cli/main.js";

const controller = new AbortController();
let interrupted = false;
process.on("SIGINT", () => {
  // The first Ctrl-C stops cleanly (calls in flight finish, the journal is flushed); the second one exits now.
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write(
    "\nStopping after the calls in flight (Ctrl-C again to quit now; apply --resume continues)…\n",
  );
  controller.abort(new DOMException("Interrupted", "AbortError"));
});

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
}).then(
  (status) => {
    process.exitCode = interrupted && status === 0 ? 130 : status;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
