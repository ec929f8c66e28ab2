// What is wrong with an input, and where: InputError, the errors built on it, and the helpers that quote a
// value or a place safely in their messages.

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

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a parent of it is not a directory",
  ELOOP: "too many symbolic links",
};

/**
 * The {@link InputError} for a file that cannot be opened or read, naming the path and the OS error code
 * (`ENOENT`, `EISDIR`, `EACCES`) but not the OS message or a stack, which stay on `cause`.
 */
export function inputFileError(path: string, error: unknown): InputError {
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === "string" ? REASONS[code] : undefined;
  const reason = typeof code === "string" ? `${known ?? "cannot be read"} (${code})` : "cannot be read";
  return new InputError(`cannot read the file: ${reason}`, { file: path, cause: error });
}

const MIB = 1024 * 1024;

/** The {@link InputError} for a line or record longer than `maxRecordBytes`, at the line where it starts. */
export function tooLongError(
  what: "line" | "record" | "row",
  file: string,
  line: number,
  maxRecordBytes: number,
): InputError {
  const limit = maxRecordBytes % MIB === 0 ? `${maxRecordBytes / MIB} MiB` : `${maxRecordBytes} bytes`;
  return new InputError(`${what} longer than ${limit} (the maxRecordBytes limit)`, { file, line });
}

/**
 * The {@link InputError} for a file whose bytes differ from what the first pass read: the records already
 * taken from it cannot be trusted, so the whole run must start again from the scan.
 */
export function fileChangedError(path: string, detail: string, cause?: unknown): InputError {
  return new InputError(`the file changed since it was scanned (${detail}): run the command again`, {
    file: path,
    cause,
  });
}

// Characters that reorder or hide text on a terminal, beyond the C0 controls that JSON.stringify escapes.
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;

/**
 * A piece of user content made safe to quote in an error message: control and invisible characters escaped
 * as JSON would (`\n`, `\u0000`), and cut to at most `maxChars` characters of escaped text, ending in `…` when
 * cut. Quotes are escaped, so the result can be put between double quotes.
 */
export function excerpt(text: string, maxChars = 40): string {
  let out = "";
  // Every character shows as at least itself, so twice the budget is always enough to fill it.
  for (const char of text.slice(0, maxChars * 2)) {
    const shown = INVISIBLE.test(char)
      ? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`
      : JSON.stringify(char).slice(1, -1);
    if (out.length + shown.length > maxChars) return `${out}…`;
    out += shown;
  }
  return out;
}

/** A path into a parsed record: field names and array indexes. */
export type FieldPath = readonly (string | number)[];

/** A field path as messages show it: `users[3]`, `userPermissions[0].bindID` (field names excerpted). */
export function formatFieldPath(path: FieldPath): string {
  let shown = "";
  for (const step of path) {
    if (typeof step === "number") shown += `[${step}]`;
    else shown += shown === "" ? excerpt(step) : `.${excerpt(step)}`;
  }
  return shown;
}

/**
 * The lines of a parsed JSON value, shaped like the value: a number for a scalar, a node for an object (field
 * name to lines) or an array (index to lines). Kept beside a record so messages point at the bad value's line.
 */
export type LineTree = number | LineNode;

export interface LineNode {
  readonly line: number;
  readonly children: Map<string, LineTree> | LineTree[];
}

/** The line where the value at `path` starts; the deepest existing parent's line when the path is missing. */
export function lineAt(tree: LineTree, path: FieldPath): number {
  let node = tree;
  for (const step of path) {
    if (typeof node === "number") return node;
    const child = Array.isArray(node.children)
      ? typeof step === "number"
        ? node.children[step]
        : undefined
      : node.children.get(String(step));
    if (child === undefined) return node.line;
    node = child;
  }
  return typeof node === "number" ? node : node.line;
}

/** The JSON type of a parsed value, for "expected a string, got number" messages. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
