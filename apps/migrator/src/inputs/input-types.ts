// The boundary between reading the inputs and the rest of the migrator: what an ACL file says, where it says it.

/**
 * The input file formats: NDJSON records, a JSON document (array or single record), `repository,user` CSV, or a
 * HAR file of recorded legacy GraphQL calls. NDJSON and JSON files hold either ACL records or recorded GraphQL
 * requests (`{query, variables, operationName}`), told apart by the first record: an ACL record never has `query`.
 */
export type InputFormat = "ndjson" | "json" | "csv" | "har";

/**
 * What a file of recorded legacy GraphQL calls held besides the ACLs it yields: the plan's summary lists it, as
 * those calls are not migrated.
 */
export interface RecordedCalls {
  /** The GraphQL requests read (in a HAR file: those POSTed to `/.api/graphql`, a batch counting each). */
  readonly requests: number;
  /** The `setRepositoryPermissionsForUsers` fields among them (several may share a request). */
  readonly setPermissions: number;
  /**
   * The mutations the HTTP API cannot do, by field name, with their counts: `setRepositoryPermissionsUnrestricted`,
   * `setSubRepositoryPermissionsForUsers`. Not migrated.
   */
  readonly notMigratable: Readonly<Record<string, number>>;
  /** Requests running other fields (queries, other mutations), by operation name or fields, with their counts. */
  readonly otherOperations: Readonly<Record<string, number>>;
  /** Other operations beyond the listed ones (counted, not named). */
  readonly otherOperationsUnlisted?: number;
  /** HAR entries that are not POSTs to `/.api/graphql`. */
  readonly skippedEntries?: number;
}

/** A place in an input file, for error messages and reports (`acl.ndjson:12`). Lines count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** One user of a desired ACL, as an input names it (a username or an email: the instance's bindID). */
export interface AclUser {
  /**
   * The bindID, trimmed of surrounding whitespace and otherwise exact: emails are case-sensitive and usernames
   * are exact. Never blank.
   */
  readonly bindId: string;
  /** The line where the file names this user. */
  readonly line: number;
}

/**
 * One repository's desired ACL as an input states it: the whole ACL, as the legacy
 * `setRepositoryPermissionsForUsers` call would have set it.
 */
export interface AclRecord {
  /**
   * The repository as written, trimmed: a name (`github.com/acme/api`), a GraphQL node ID, or a numeric id
   * (a JSON number `123` is given as `"123"`, the same reference as the string `"123"`).
   */
  readonly repository: string;
  /** The users, blank bindIDs dropped and duplicates merged (the first mention kept). May be empty. */
  readonly users: readonly AclUser[];
  /** Where the record starts (CSV: the repository's first row in that file). */
  readonly location: SourceLocation;
  /**
   * Every form its rows named the repository in, when more than one: CSV rows of one repository given by name
   * and by id, gathered into one record (see `ReadWinningRecordsOptions.sameRepository`). Absent otherwise.
   */
  readonly references?: readonly string[];
}

/** Where a repository's winning record is, and what the second pass needs to pick it out again. */
export interface RecordLocation extends SourceLocation {
  /** Which input holds it: an index into {@link InputIndex.files} (one path may be given twice). */
  readonly fileIndex: number;
  /**
   * The 0-based index, within its file, of the entry that completes the record: the record itself in NDJSON
   * and JSON (several JSON records can share a line), the repository's last row in CSV.
   */
  readonly closesAt: number;
  /** The record's users, blank bindIDs dropped and duplicates merged. */
  readonly users: number;
}

/** What the first pass learned about one input file. */
export interface InputFileSummary {
  readonly path: string;
  readonly format: InputFormat;
  /** Hex SHA-256 of the file's bytes: plans record it, and the second pass refuses a file that changed. */
  readonly sha256: string;
  readonly bytes: number;
  /** Records read (before "the last record wins"); in CSV, the distinct repositories of the file. */
  readonly records: number;
  /**
   * Blank bindIDs (empty or whitespace only) dropped from the file's records, winning or not. A CSV row with an
   * empty user is how CSV declares an empty ACL, and is not counted.
   */
  readonly droppedBlankBindIds: number;
  /** A file of recorded GraphQL calls: what it held besides the permission calls. Absent for ACL files. */
  readonly calls?: RecordedCalls;
}

/**
 * The first pass over every input: enough to resolve names and to pick each repository's winning record,
 * in memory proportional to the distinct repositories and users, not to the entries.
 */
export interface InputIndex {
  readonly files: readonly InputFileSummary[];
  /** Each repository reference as written, with the location of its last record (the one that wins). */
  readonly repositories: ReadonlyMap<string, RecordLocation>;
  /**
   * Each distinct bindID of every record, with the location of its first mention: a superset of the winning
   * records' users (resolving a few extra is cheaper than a third pass); unknown users are reported from the
   * winning records only.
   */
  readonly bindIds: ReadonlyMap<string, SourceLocation>;
  /** The (repository, user) entries of the winning records. */
  readonly entries: number;
  /** Blank bindIDs dropped across all files (the sum of the files' counts). */
  readonly droppedBlankBindIds: number;
  /** The record size limit the scan applied; the second pass applies the same. */
  readonly maxRecordBytes: number;
}
