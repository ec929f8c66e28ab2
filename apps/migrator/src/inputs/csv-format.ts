import { type AclFragment, AclUserList, type FragmentParser } from "./acl-fragment.js";
import { decodeLine, LineSplitter } from "./file-reading.js";
import { excerpt, InputError, tooLongError } from "./input-error.js";
import type { AclRecord } from "./input-types.js";

// The CSV ACL format: RFC 4180 rows, a `repository,user` header, one row per grant, and a repository's rows
// gathered into its record.

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

/** Where a {@link CsvRowParser} reports rows, and the limit it applies. */
export interface CsvRowParserOptions {
  readonly file: string;
  /** A row (all its lines, when a quoted field spans several) longer than this is refused. */
  readonly maxRecordBytes: number;
  /** Called with each row's fields (as written, unquoted) and the line where the row starts. */
  readonly onRow: (fields: string[], line: number) => void;
}

/**
 * RFC 4180 CSV, fed bytes chunk by chunk: fields separated by commas, quoted fields with doubled quotes inside
 * and line breaks allowed, LF or CRLF line ends. Blank lines are skipped. A quote inside an unquoted field,
 * text after a closing quote, and a quote left open at the end of the file are errors.
 */
export class CsvRowParser {
  readonly #options: CsvRowParserOptions;
  readonly #splitter: LineSplitter;
  #fields: string[] = [];
  #field = "";
  /** The row being read continues on the next line, inside a quoted field. */
  #inQuotes = false;
  #quoteLine = 0;
  #rowLine = 0;
  #rowBytes = 0;

  constructor(options: CsvRowParserOptions) {
    this.#options = options;
    this.#splitter = new LineSplitter({
      file: options.file,
      maxLineBytes: options.maxRecordBytes,
      onLine: (bytes, line) => this.#readLine(bytes, line),
    });
  }

  push(chunk: Uint8Array): void {
    this.#splitter.push(chunk);
  }

  end(): void {
    this.#splitter.end();
    if (this.#inQuotes) {
      throw new InputError("unterminated quoted field: its opening quote is never closed", {
        file: this.#options.file,
        line: this.#quoteLine,
      });
    }
  }

  #readLine(bytes: Uint8Array, line: number): void {
    const { file, maxRecordBytes } = this.#options;
    const decoded = decodeLine(bytes, file, line);
    const text = decoded.endsWith("\r") ? decoded.slice(0, -1) : decoded;
    if (this.#inQuotes) {
      this.#rowBytes += bytes.length + 1;
      if (this.#rowBytes > maxRecordBytes) throw tooLongError("row", file, this.#rowLine, maxRecordBytes);
      this.#field += "\n";
    } else {
      if (text.trim() === "") return;
      this.#rowLine = line;
      this.#rowBytes = bytes.length;
    }
    let i = 0;
    for (;;) {
      if (this.#inQuotes) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.#field += text.slice(i);
          return;
        }
        this.#field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          this.#field += '"';
          i = quote + 2;
          continue;
        }
        this.#inQuotes = false;
        i = quote + 1;
        if (i === text.length) break;
        if (text[i] !== ",") {
          throw new InputError(
            `unexpected "${excerpt(text.slice(i, i + 10))}" after a closing quote (a quoted field ends at a comma or the end of the row)`,
            { file, line },
          );
        }
      } else if (text[i] === '"') {
        this.#inQuotes = true;
        this.#quoteLine = line;
        i += 1;
        continue;
      } else {
        const comma = text.indexOf(",", i);
        const end = comma === -1 ? text.length : comma;
        this.#field = text.slice(i, end);
        if (this.#field.includes('"')) {
          throw new InputError(
            'a quote inside an unquoted field: quote the whole field and double the quotes in it ("a""b")',
            { file, line },
          );
        }
        if (comma === -1) break;
        i = comma;
      }
      // At a comma that ends the field.
      this.#fields.push(this.#field);
      this.#field = "";
      i += 1;
    }
    this.#fields.push(this.#field);
    const fields = this.#fields;
    this.#fields = [];
    this.#field = "";
    this.#options.onRow(fields, this.#rowLine);
  }
}

/**
 * Gathers the rows of a CSV file's wanted repositories into records, completing each at the repository's last
 * row in the file. Rows of other repositories are skipped, and a finished record is let go at once, so a file
 * sorted by repository holds one ACL at a time.
 *
 * Rows are gathered by key: by default each reference is its own key; `keyOf` can give several references (a
 * repository's name and its id) one key, so that their rows make one record, which completes at the group's
 * last row and is named by that row's reference.
 */
export class CsvRecordAssembler {
  readonly #closesAt: ReadonlyMap<string, number>;
  readonly #file: string;
  readonly #keyOf: (reference: string) => string;
  readonly #open = new Map<
    string,
    { readonly line: number; readonly users: AclUserList; readonly references: Set<string> }
  >();

  /**
   * @param closesAt - each wanted key, with the index of its last row in the file.
   * @param keyOf - the key of a row's reference; the reference itself by default.
   */
  constructor(
    closesAt: ReadonlyMap<string, number>,
    file: string,
    keyOf: (reference: string) => string = (reference) => reference,
  ) {
    this.#closesAt = closesAt;
    this.#file = file;
    this.#keyOf = keyOf;
  }

  /** Adds the file's row number `index` (0-based, in file order); returns the record it completes, if any. */
  add(row: AclFragment, index: number): AclRecord | undefined {
    const key = this.#keyOf(row.repository);
    const closesAt = this.#closesAt.get(key);
    if (closesAt === undefined) return undefined;
    let record = this.#open.get(key);
    if (record === undefined) {
      record = { line: row.line, users: new AclUserList(), references: new Set() };
      this.#open.set(key, record);
    }
    record.references.add(row.repository);
    for (const user of row.users) record.users.add(user.bindId, user.line);
    if (index !== closesAt) return undefined;
    this.#open.delete(key);
    return {
      repository: row.repository,
      users: record.users.users,
      location: { file: this.#file, line: record.line },
      ...(record.references.size > 1 ? { references: [...record.references] } : {}),
    };
  }
}

/** What the first pass keeps of one repository of a CSV file. */
export interface CsvRepositoryEntry {
  /** Its first row. */
  readonly line: number;
  /** Its last row so far (0-based row index). */
  closesAt: number;
  /** Distinct users: exact unless `split`, then an upper bound (runs are counted apart). */
  users: number;
  /** Its rows are not all contiguous. */
  split: boolean;
}

/**
 * The first pass's view of a CSV file's repositories, in memory bounded by the repositories plus one run of
 * rows: users are told apart within a run of contiguous rows of one repository only, as keeping every
 * (repository, user) pair would grow with the entries. Repositories whose rows come in several runs are
 * marked `split`, for an exact recount.
 */
export class CsvRepositoryTally {
  readonly repositories = new Map<string, CsvRepositoryEntry>();
  #run: string | undefined;
  #runUsers = new Set<string>();

  /** Adds the file's row number `index` (0-based, in file order). */
  add(row: AclFragment, index: number): void {
    let entry = this.repositories.get(row.repository);
    if (row.repository !== this.#run) {
      this.#run = row.repository;
      this.#runUsers = new Set();
      if (entry !== undefined) entry.split = true;
    }
    if (entry === undefined) {
      entry = { line: row.line, closesAt: index, users: 0, split: false };
      this.repositories.set(row.repository, entry);
    }
    entry.closesAt = index;
    for (const user of row.users) {
      if (!this.#runUsers.has(user.bindId)) {
        this.#runUsers.add(user.bindId);
        entry.users += 1;
      }
    }
  }
}
