import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import type { InputFormat } from "../inputs/input-types.js";
import type { ExportedAcl } from "./export-acls.js";

/** Writes ACL records in one of the input formats, so that an export can be planned and applied as it is. */
export interface AclWriter {
  write(acl: ExportedAcl): Promise<void>;
  /** Ends the document and, for a file, moves it into place. */
  finish(): Promise<void>;
  /** Drops a partial file. */
  abort(): Promise<void>;
}

/**
 * An ACL writer to `path` (written beside it and renamed at the end, so a failed export never leaves a
 * truncated backup that looks whole) or to `stdout`.
 */
export function createAclWriter(
  format: InputFormat,
  target: { path: string } | { stdout: { write(text: string): unknown } },
): AclWriter {
  const temporary = "path" in target ? `${target.path}.${process.pid}.tmp` : undefined;
  const file: WriteStream | undefined =
    temporary === undefined ? undefined : createWriteStream(temporary, { flags: "wx" });
  const stdout = "stdout" in target ? target.stdout : undefined;
  let count = 0;
  const emit = async (text: string): Promise<void> => {
    if (file) {
      if (!file.write(text)) await once(file, "drain");
    } else stdout?.write(text);
  };
  if (format === "csv") void emit("repository,user\n");
  if (format === "json") void emit("[\n");
  return {
    async write(acl) {
      if (format === "csv")
        await emit(acl.users.map((user) => `${csvField(acl.repository)},${csvField(user)}\n`).join(""));
      else
        await emit(
          `${format === "json" && count > 0 ? ",\n" : ""}${JSON.stringify({ repository: acl.repository, users: acl.users })}${format === "ndjson" ? "\n" : ""}`,
        );
      count += 1;
    },
    async finish() {
      if (format === "json") await emit(`${count > 0 ? "\n" : ""}]\n`);
      if (file && temporary && "path" in target) {
        file.end();
        await once(file, "close");
        await rename(temporary, target.path);
      }
    },
    async abort() {
      if (file && temporary) {
        file.destroy();
        await rm(temporary, { force: true });
      }
    },
  };
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
