/**
 * An error the migrator explains to its user in one message, with no stack trace: bad input, a refused plan, a
 * guardrail. `exitCode` is what the CLI exits with (1 unless said otherwise).
 */
export class MigratorError extends Error {
  override readonly name: string = "MigratorError";
  readonly exitCode: number;

  constructor(message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
  }
}
