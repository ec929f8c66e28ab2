import { type AclFragment, AclUserList, type FragmentParser } from "./acl-fragment.js";
import { decodeLine, LineSplitter } from "./file-reading.js";
import { describeType, excerpt, type FieldPath, formatFieldPath, InputError, lineAt } from "./input-error.js";
import type { RecordedCalls } from "./input-types.js";
import { JsonRecordParser } from "./json-record-parser.js";
import { isHarDocument, isRequestRecord, RecordedCallTally, requestFragments } from "./recorded-calls.js";

// The JSON ACL formats: a JSON document of records, NDJSON (a record a line), and the check of each record.

/**
 * Reads a JSON ACL file: an array of records, or one record (a legacy mutation's variables file), streamed
 * record by record.
 */
export class JsonFragmentParser implements FragmentParser {
  readonly #parser: JsonRecordParser;
  readonly #records: RecordReader;

  constructor(file: string, maxRecordBytes: number, onFragment: (fragment: AclFragment) => void) {
    const records = new RecordReader(file);
    this.#records = records;
    this.#parser = new JsonRecordParser({
      file,
      topLevel: "records",
      maxRecordBytes,
      onRecord: (value, lines) => {
        for (const fragment of records.read(value, (path) => lineAt(lines, path))) onFragment(fragment);
      },
    });
  }

  get calls(): RecordedCalls | undefined {
    return this.#records.calls;
  }

  push(chunk: Uint8Array): void {
    this.#parser.push(chunk);
  }

  end(): void {
    this.#parser.end();
  }
}

/**
 * Reads an NDJSON ACL file: one record per line, blank lines skipped. Lines go through `JSON.parse` (fast);
 * one it refuses is read again by {@link JsonRecordParser} only to say what is wrong and where.
 */
export class NdjsonFragmentParser implements FragmentParser {
  readonly #splitter: LineSplitter;
  readonly #records: RecordReader;

  constructor(file: string, maxRecordBytes: number, onFragment: (fragment: AclFragment) => void) {
    const records = new RecordReader(file);
    this.#records = records;
    this.#splitter = new LineSplitter({
      file,
      maxLineBytes: maxRecordBytes,
      onLine: (bytes, line) => {
        const text = decodeLine(bytes, file, line);
        if (text.trim() === "") return;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw explainInvalidLine(bytes, file, line, error);
        }
        for (const fragment of records.read(value, () => line)) onFragment(fragment);
      },
    });
  }

  get calls(): RecordedCalls | undefined {
    return this.#records.calls;
  }

  push(chunk: Uint8Array): void {
    this.#splitter.push(chunk);
  }

  end(): void {
    this.#splitter.end();
  }
}

function explainInvalidLine(bytes: Uint8Array, file: string, line: number, cause: unknown): InputError {
  const parser = new JsonRecordParser({
    file,
    topLevel: "object",
    maxRecordBytes: Number.POSITIVE_INFINITY,
    firstLine: line,
    onRecord: () => {},
  });
  try {
    parser.push(bytes);
    parser.end();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  return new InputError("invalid JSON", { file, line, cause });
}

/** The line where the value at a path starts (the record's own line for the empty path). */
export type LineOfField = (path: FieldPath) => number;

/**
 * The records of one NDJSON or JSON file, which holds ACL records or recorded GraphQL requests, not both: the
 * first record tells which (a request has `query`, which no ACL record may have; a batch is an array of requests),
 * and a record of the other kind later is an error at its line. A HAR document given as JSON is refused with the way to read it.
 */
export class RecordReader {
  readonly #file: string;
  #kind: "acl" | "request" | undefined;
  #index = 0;
  readonly #tally = new RecordedCallTally();

  constructor(file: string) {
    this.#file = file;
  }

  /** A file of recorded calls: what its requests held besides the permission calls; undefined otherwise. */
  get calls(): RecordedCalls | undefined {
    return this.#kind === "request" ? this.#tally.summary() : undefined;
  }

  /** The fragments of one record: one for an ACL record, one per permission call for a request. */
  read(value: unknown, lineOf: LineOfField): AclFragment[] {
    const file = this.#file;
    const index = this.#index;
    this.#index += 1;
    // A batch (an array of requests, as batching clients POST them) is a record of requests too.
    const batch = Array.isArray(value) && value.length > 0 && value.every(isRequestRecord);
    const kind = batch || isRequestRecord(value) ? "request" : "acl";
    if (this.#kind === undefined) {
      if (index === 0 && isHarDocument(value)) {
        throw new InputError("this is a HAR file: name it .har or pass --format har", {
          file,
          line: lineOf([]),
        });
      }
      this.#kind = kind;
    } else if (kind !== this.#kind) {
      throw new InputError(
        this.#kind === "request"
          ? "an ACL record in a file of recorded GraphQL requests: a file holds one kind of record"
          : 'a GraphQL request (it has "query") in a file of ACL records: a file holds one kind of record',
        { file, line: lineOf([]), field: `[${index}]` },
      );
    }
    if (kind === "acl") return [parseAclRecord(value, file, lineOf)];
    const line = lineOf([]);
    if (batch) {
      return (value as unknown[]).flatMap((request, at) =>
        requestFragments(request, { file, line, entry: `[${index}][${at}]` }, this.#tally),
      );
    }
    return requestFragments(value, { file, line, entry: `[${index}]` }, this.#tally);
  }
}

const RECORD_FIELDS = new Set(["repository", "users", "userPermissions"]);
const PERMISSION_FIELDS = new Set(["bindID", "permission"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks one parsed NDJSON or JSON record and turns it into a fragment: `{"repository", "users": [...]}` or the
 * legacy mutation's variables `{"repository", "userPermissions": [{"bindID", "permission"?}]}`.
 *
 * Unknown fields are refused by name, so a typo such as `"user"` cannot silently make an empty ACL.
 *
 * @throws InputError at the line of the offending value, naming its field.
 */
export function parseAclRecord(value: unknown, file: string, lineOf: LineOfField): AclFragment {
  const fail = (path: FieldPath, reason: string): InputError =>
    new InputError(reason, { file, line: lineOf(path), field: formatFieldPath(path) });
  if (!isObject(value)) {
    throw new InputError(`expected an ACL record (an object), got ${describeType(value)}`, {
      file,
      line: lineOf([]),
    });
  }
  for (const key of Object.keys(value)) {
    if (!RECORD_FIELDS.has(key)) {
      throw fail([key], 'unknown field: a record has "repository" and either "users" or "userPermissions"');
    }
  }
  const repository = parseRepository(value.repository, fail);
  const list = new AclUserList();
  if (value.users !== undefined && value.userPermissions !== undefined) {
    throw fail(["userPermissions"], 'cannot be given with "users": a record has one or the other');
  }
  if (value.userPermissions !== undefined) {
    const permissions = expectArray(value.userPermissions, ["userPermissions"], fail);
    permissions.forEach((entry, index) => {
      const path = ["userPermissions", index];
      list.add(parseUserPermission(entry, path, fail), lineOf([...path, "bindID"]));
    });
  } else if (value.users !== undefined) {
    expectArray(value.users, ["users"], fail).forEach((user, index) => {
      if (typeof user !== "string")
        throw fail(["users", index], `expected a string, got ${describeType(user)}`);
      list.add(user, lineOf(["users", index]));
    });
  } else {
    throw fail(["users"], 'missing: a record needs "users" (or the legacy "userPermissions")');
  }
  return { repository, users: list.users, line: lineOf([]), droppedBlankBindIds: list.droppedBlankBindIds };
}

type Fail = (path: FieldPath, reason: string) => InputError;

function parseRepository(value: unknown, fail: Fail): string {
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (trimmed === "") throw fail(["repository"], "must not be blank");
    return trimmed;
  }
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value > 0) return String(value);
    throw fail(["repository"], `expected a positive integer id, got ${excerpt(String(value))}`);
  }
  if (value === undefined) throw fail(["repository"], "missing: every record names its repository");
  throw fail(
    ["repository"],
    `expected a string (a name or node ID) or a positive integer id, got ${describeType(value)}`,
  );
}

function expectArray(value: unknown, path: FieldPath, fail: Fail): unknown[] {
  if (!Array.isArray(value)) throw fail(path, `expected an array, got ${describeType(value)}`);
  return value;
}

function parseUserPermission(entry: unknown, path: FieldPath, fail: Fail): string {
  if (!isObject(entry)) throw fail(path, `expected an object with "bindID", got ${describeType(entry)}`);
  for (const key of Object.keys(entry)) {
    if (!PERMISSION_FIELDS.has(key)) {
      throw fail([...path, key], 'unknown field: a user permission has "bindID" and optionally "permission"');
    }
  }
  const { bindID, permission } = entry;
  if (bindID === undefined) throw fail([...path, "bindID"], "missing");
  if (typeof bindID !== "string")
    throw fail([...path, "bindID"], `expected a string, got ${describeType(bindID)}`);
  if (permission !== undefined && permission !== "READ") {
    const got = typeof permission === "string" ? `"${excerpt(permission)}"` : describeType(permission);
    throw fail([...path, "permission"], `expected "READ" (the only permission there is), got ${got}`);
  }
  return bindID;
}
