import type { AclFragment } from "./acl-fragment.js";
import { AclUserList } from "./acl-user-list.js";
import type { AclRecord } from "./input-types.js";

/**
 * Gathers the rows of a CSV file's wanted repositories into records, completing each at the repository's last
 * row in the file. Rows of other repositories are skipped, and a finished record is let go at once, so a file
 * sorted by repository holds one ACL at a time.
 */
export class CsvRecordAssembler {
  readonly #closesAt: ReadonlyMap<string, number>;
  readonly #file: string;
  readonly #open = new Map<string, { readonly line: number; readonly users: AclUserList }>();

  /** @param closesAt - each wanted repository, with the index of its last row in the file. */
  constructor(closesAt: ReadonlyMap<string, number>, file: string) {
    this.#closesAt = closesAt;
    this.#file = file;
  }

  /** Adds the file's row number `index` (0-based, in file order); returns the record it completes, if any. */
  add(row: AclFragment, index: number): AclRecord | undefined {
    const closesAt = this.#closesAt.get(row.repository);
    if (closesAt === undefined) return undefined;
    let record = this.#open.get(row.repository);
    if (record === undefined) {
      record = { line: row.line, users: new AclUserList() };
      this.#open.set(row.repository, record);
    }
    for (const user of row.users) record.users.add(user.bindId, user.line);
    if (index !== closesAt) return undefined;
    this.#open.delete(row.repository);
    return {
      repository: row.repository,
      users: record.users.users,
      location: { file: this.#file, line: record.line },
    };
  }
}
