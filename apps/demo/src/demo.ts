// `pnpm demo`: runs the demo on this terminal. Everything it does is in `runDemo`, which the test calls.
import { runDemo } from "./run-demo.js";

process.exitCode = await runDemo({ stdout: process.stdout, stderr: process.stderr });
