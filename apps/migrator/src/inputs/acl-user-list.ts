import type { AclUser } from "./input-types.js";

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
