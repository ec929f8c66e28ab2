import { MigratorError } from "../errors/migrator-error.js";

/** A plan file that cannot be applied as written: unreadable, malformed, edited, or from another version. */
export class PlanFileError extends MigratorError {
  override readonly name = "PlanFileError";
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, problem: string) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${problem}`);
    this.file = file;
    this.line = line;
  }
}
