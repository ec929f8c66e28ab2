/** Where an {@link InputError} is: the file, and the line and field when there is one. */
export interface InputErrorLocation {
  /** The path as the user gave it. */
  readonly file: string;
  /** 1-based; absent when the whole file is at fault (missing, unreadable, empty). */
  readonly line?: number;
  /** The field at fault, as a path into the record (`users[3]`, `userPermissions[0].permission`). */
  readonly field?: string;
  readonly cause?: unknown;
}

/**
 * An ACL input file cannot be used: unreadable, not valid in its format, or changed between the two passes.
 * The message names the place (`acl.ndjson:12: field "users[3]": expected a string, got number`) and quotes
 * at most a short, escaped excerpt of the offending content, so binary data cannot flood a terminal.
 */
export class InputError extends Error {
  override readonly name: string = "InputError";
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(reason: string, where: InputErrorLocation) {
    const line = where.line === undefined ? "" : `:${where.line}`;
    const field = where.field === undefined ? "" : `field "${where.field}": `;
    super(`${where.file}${line}: ${field}${reason}`, where.cause === undefined ? {} : { cause: where.cause });
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}
