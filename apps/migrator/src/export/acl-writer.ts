import type { InputFormat } from "../inputs/input-types.js";
import { createOutputFile, type OutputFile } from "../output-file.js";
import type { ExportedAcl } from "./export-acls.js";

/** Writes ACL records in one of the input formats, so that an export can be planned and applied as it is. */
export interface AclWriter {
  /**
   * Settles once the target is open: rejects at once, before anything is read from the instance, when a file
   * cannot be created (no such folder, a folder or, without `overwrite`, a file at the path).
   */
  readonly ready: Promise<void>;
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
 * An ACL writer to `path` (a new private file beside it, mode 0600, flushed to disk and moved into place at the
 * end, so a failed export never leaves a truncated backup that looks whole; a file already at `path` is replaced
 * only with `overwrite`) or to `stdout`.
 */
export function createAclWriter(
  format: InputFormat,
  target: { path: string; overwrite?: boolean } | { stdout: AclOutput },
): AclWriter {
  const opening: Promise<OutputFile | undefined> =
    "path" in target
      ? createOutputFile(target.path, {
          what: "the export",
          overwrite: target.overwrite ?? false,
          overwriteHint: "pass --force to replace it, or choose another --out",
        })
      : Promise.resolve(undefined);
  const ready = opening.then(() => {});
  // Kept for the next write or finish to throw; an unheard rejection would end the process.
  ready.catch(() => {});
  const stdout = "stdout" in target ? target.stdout : undefined;
  const emit = async (text: string): Promise<void> => {
    const file = await opening;
    if (file) return file.write(text);
    // Waits for a full pipe to drain, so that exporting a large instance into `| gzip` stays in bounded memory.
    if (stdout?.write(text) === false && stdout.once)
      await new Promise<void>((resolve) => stdout.once?.("drain", () => resolve()));
  };
  const start = format === "csv" ? "repository,user\n" : format === "json" ? "[\n" : "";
  // The header goes first, whenever the target opens; later writes queue behind it.
  let queue: Promise<void> = start === "" ? Promise.resolve() : emit(start);
  queue.catch(() => {});
  const enqueue = (text: string): Promise<void> => {
    queue = queue.then(() => emit(text));
    return queue;
  };
  let count = 0;
  return {
    ready,
    async write(acl) {
      // A CSV row with no user is how CSV states an empty ACL.
      if (format === "csv")
        await enqueue(
          (acl.users.length === 0 ? [""] : acl.users)
            .map((user) => `${csvField(acl.repository)},${csvField(user)}\n`)
            .join(""),
        );
      else
        await enqueue(
          `${format === "json" && count > 0 ? ",\n" : ""}${JSON.stringify({ repository: acl.repository, users: acl.users })}${format === "ndjson" ? "\n" : ""}`,
        );
      count += 1;
    },
    async finish() {
      if (format === "json") await enqueue(`${count > 0 ? "\n" : ""}]\n`);
      await queue;
      await (await opening)?.commit();
    },
    async abort() {
      const file = await opening.catch(() => undefined);
      await file?.discard();
    },
  };
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
