/** A command line the CLI cannot run: the message names the flag at fault. Exit status 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}
