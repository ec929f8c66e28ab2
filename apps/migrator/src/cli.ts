#!/usr/bin/env node
// The `sgkit-migrate` bin. Everything it does is in `main`, which the tests call directly; this file only hands it
// the process's arguments, streams and signals, and turns its result into the exit status. It checks the Node
// version first and imports `main` only then, as its dependencies fail on older Node versions without saying why.
import { nodeVersionRefusal } from "./cli/node-version.js";

const refusal = nodeVersionRefusal(process.versions.node);
if (refusal !== undefined) {
  console.error(refusal);
  process.exitCode = 1;
} else {
  run();
}

function run(): void {
  // The first Ctrl-C stops: apply starts no new call and lets those in flight finish (their outcomes are journaled),
  // then reports and prints the command that resumes; the second aborts the calls in flight; the third exits now.
  const stop = new AbortController();
  const abort = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(
        "\nStopping after the calls in flight (Ctrl-C again to abort them; apply --resume continues)…\n",
      );
      stop.abort(new DOMException("Interrupted", "AbortError"));
    } else if (interrupts === 2) {
      process.stderr.write("\nAborting the calls in flight (Ctrl-C again to quit now)…\n");
      abort.abort(new DOMException("Interrupted", "AbortError"));
    } else {
      process.exit(130);
    }
  });

  // SIGTERM (a service manager, a container stopping) stops as the first Ctrl-C does: the bridge stops accepting,
  // finishes the calls it received and prints its report; apply lets its calls in flight finish.
  process.on("SIGTERM", () => {
    if (stop.signal.aborted) return;
    process.stderr.write("\nStopping after the calls in flight (SIGTERM)…\n");
    stop.abort(new DOMException("Terminated", "AbortError"));
  });

  import("./cli/main.js")
    .then(({ main }) =>
      main(process.argv.slice(2), {
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
        stop: stop.signal,
        signal: abort.signal,
      }),
    )
    .then(
      (status) => {
        process.exitCode = interrupts > 0 && status === 0 ? 130 : status;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
}
