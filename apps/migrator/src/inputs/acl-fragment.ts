import type { AclUser, RecordedCalls } from "./input-types.js";

/**
 * One entry of an input file, in file order: a whole record in NDJSON and JSON, one row in CSV (where a
 * repository's rows together make its record).
 */
export interface AclFragment {
  readonly repository: string;
  /** Blank bindIDs dropped, duplicates merged; a CSV row has one user, or none when its user is empty. */
  readonly users: readonly AclUser[];
  /** Where the entry starts. */
  readonly line: number;
  readonly droppedBlankBindIds: number;
}

/** A format's reader: fed a file's chunks in order (byte order mark removed), it reports each fragment. */
export interface FragmentParser {
  push(chunk: Uint8Array): void;
  /** The end of the file: reports what is left, or throws if the file ends inside an entry. */
  end(): void;
  /** A file of recorded GraphQL calls: what it held so far besides the permission calls. */
  readonly calls?: RecordedCalls | undefined;
}

/**
 * Builds one record's users the way the legacy mutation's callers meant them: bindIDs trimmed of surrounding
 * whitespace and otherwise exact, blank ones dropped (the server would store them) and counted, duplicates
 * merged keeping the first mention.
 */
export class AclUserList {
  readonly users: AclUser[] = [];
  droppedBlankBindIds = 0;
  readonly #seen = new Set<string>();

  add(bindId: string, line: number): void {
    const trimmed = bindId.trim();
    if (trimmed === "") {
      this.droppedBlankBindIds += 1;
    } else if (!this.#seen.has(trimmed)) {
      this.#seen.add(trimmed);
      this.users.push({ bindId: trimmed, line });
    }
  }
}
