// The `@sgkit/migrator/main` entry: `sgkit-migrate` run in-process, for a program that drives the CLI as a
// user would (the demo does) rather than embedding the pipeline steps of the main entry.

export type { CliIo } from "./cli/environment.js";
export { main } from "./cli/main.js";
