import type { AclFragment, FragmentParser } from "./acl-fragment.js";
import { CsvRowParser } from "./csv-row-parser.js";
import { excerpt } from "./excerpt.js";
import { InputError } from "./input-error.js";

/**
 * Reads a `repository,user` CSV ACL file: a header row naming exactly those two columns (any case, either
 * order), then one row per (repository, user). A row with an empty user declares its repository with no
 * users, which is how CSV states an empty ACL. Each row is one fragment; a repository's rows make its record.
 */
export class CsvFragmentParser implements FragmentParser {
  readonly #rows: CsvRowParser;
  /** The column of the repository, once the header is read. */
  #repositoryColumn: number | undefined;

  constructor(file: string, maxRecordBytes: number, onFragment: (fragment: AclFragment) => void) {
    this.#rows = new CsvRowParser({
      file,
      maxRecordBytes,
      onRow: (fields, line) => {
        const repositoryColumn = this.#repositoryColumn;
        if (repositoryColumn === undefined) {
          this.#repositoryColumn = readHeader(fields, file, line);
          return;
        }
        if (fields.length !== 2) {
          throw new InputError(`expected 2 columns (repository,user), got ${fields.length}`, { file, line });
        }
        const repository = (fields[repositoryColumn] as string).trim();
        if (repository === "") {
          throw new InputError("must not be blank", { file, line, field: "repository" });
        }
        const user = (fields[1 - repositoryColumn] as string).trim();
        onFragment({
          repository,
          users: user === "" ? [] : [{ bindId: user, line }],
          line,
          droppedBlankBindIds: 0,
        });
      },
    });
  }

  push(chunk: Uint8Array): void {
    this.#rows.push(chunk);
  }

  end(): void {
    this.#rows.end();
  }
}

function readHeader(fields: readonly string[], file: string, line: number): number {
  const names = fields.map((name) => name.trim().toLowerCase());
  const repositoryColumn = names.indexOf("repository");
  if (names.length !== 2 || repositoryColumn === -1 || !names.includes("user")) {
    throw new InputError(
      `the header must be "repository,user" (any case, either order), got "${excerpt(fields.join(","))}"`,
      { file, line },
    );
  }
  return repositoryColumn;
}
