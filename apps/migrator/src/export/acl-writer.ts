import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { InputFormat } from "../inputs/input-types.js";
import { MigratorError } from "../migrator-error.js";
import type { ExportedAcl } from "./export-acls.js";

/** Writes ACL records in one of the input formats, so that an export can be planned and applied as it is. */
export interface AclWriter {
  /** @throws {MigratorError} naming the file when it cannot be written. */
  write(acl: ExportedAcl): Promise<void>;
  /**
   * Ends the document and, for a file, moves it into place.
   *
   * @throws {MigratorError} naming the file when it cannot be written.
   */
  finish(): Promise<void>;
  /** Drops a partial file. */
  abort(): Promise<void>;
}

/** Where an export goes instead of a file: process.stdout, or anything with its `write` (and `once`, for back-pressure). */
export interface AclOutput {
  write(text: string): unknown;
  once?(event: "drain", listener: () => void): unknown;
}

/**
 * An ACL writer to `path` (written beside it, flushed to disk and renamed at the end, so a failed export never
 * leaves a truncated backup that looks whole) or to `stdout`.
 */
export function createAclWriter(
  format: InputFormat,
  target: { path: string } | { stdout: AclOutput },
): AclWriter {
  const path = "path" in target ? target.path : undefined;
  const temporary = path === undefined ? undefined : `${path}.${process.pid}.tmp`;
  const file =
    temporary === undefined ? undefined : createWriteStream(temporary, { flags: "wx", flush: true });
  const stdout = "stdout" in target ? target.stdout : undefined;
  // The stream fails on its own schedule (opening happens in the background): the failure is kept for the next
  // write or finish to throw, as an unheard 'error' event would end the process.
  let failure: MigratorError | undefined;
  let opened = false;
  const closed = new Promise<void>((resolve) => file?.once("close", resolve));
  file?.once("open", () => {
    opened = true;
  });
  file?.on("error", (error: NodeJS.ErrnoException) => {
    failure ??= cannotWrite(path as string, temporary as string, error);
  });
  const drained = (): Promise<void> =>
    new Promise((resolve) => {
      if (!file || file.destroyed) return resolve();
      const done = (): void => {
        file.off("drain", done);
        file.off("close", done);
        resolve();
      };
      file.on("drain", done);
      file.on("close", done);
    });
  const emit = async (text: string): Promise<void> => {
    if (!file) {
      // Waits for a full pipe to drain, so that exporting a large instance into `| gzip` stays in bounded memory.
      if (stdout?.write(text) === false && stdout.once)
        await new Promise<void>((resolve) => stdout.once?.("drain", () => resolve()));
      return;
    }
    if (failure) throw failure;
    if (!file.write(text)) await drained();
    if (failure) throw failure;
  };
  const start = format === "csv" ? "repository,user\n" : format === "json" ? "[\n" : "";
  if (start !== "") {
    if (file) file.write(start);
    else stdout?.write(start);
  }
  let count = 0;
  return {
    async write(acl) {
      // A CSV row with no user is how CSV states an empty ACL.
      if (format === "csv")
        await emit(
          (acl.users.length === 0 ? [""] : acl.users)
            .map((user) => `${csvField(acl.repository)},${csvField(user)}\n`)
            .join(""),
        );
      else
        await emit(
          `${format === "json" && count > 0 ? ",\n" : ""}${JSON.stringify({ repository: acl.repository, users: acl.users })}${format === "ndjson" ? "\n" : ""}`,
        );
      count += 1;
    },
    async finish() {
      if (format === "json") await emit(`${count > 0 ? "\n" : ""}]\n`);
      if (!file || path === undefined || temporary === undefined) return;
      if (failure) throw failure;
      file.end();
      await closed;
      if (failure) throw failure;
      try {
        await rename(temporary, path);
      } catch (error) {
        throw cannotWrite(path, temporary, error as NodeJS.ErrnoException);
      }
    },
    async abort() {
      if (!file || temporary === undefined) return;
      file.destroy();
      await closed;
      // A temporary file this writer did not open (one already there) is not its to remove.
      if (opened) await rm(temporary, { force: true });
    },
  };
}

function cannotWrite(path: string, temporary: string, error: NodeJS.ErrnoException): MigratorError {
  const why =
    error.code === "EEXIST"
      ? `${temporary} is in the way (left by an earlier export?); remove it and try again`
      : error.code === "ENOENT" && error.syscall === "open"
        ? "its folder does not exist"
        : error.message;
  return new MigratorError(`Cannot write the export to ${path}: ${why}.`, { cause: error });
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
