import { databaseIdOf } from "@sgkit/graphql";
import { Tokenizer, TokenParser, TokenType } from "@streamparser/json";
import {
  type LegacyRequest,
  LegacyRequestError,
  type ParsedLegacyRequest,
  parseLegacyRequest,
} from "../legacy/legacy-request.js";
import { type AclFragment, AclUserList, type FragmentParser } from "./acl-fragment.js";
import { describeType, excerpt, InputError } from "./input-error.js";
import type { RecordedCalls } from "./input-types.js";

// Recorded legacy calls as input: files of GraphQL requests ({query, variables, operationName}) as NDJSON or a
// JSON array, and HAR files of a browser or proxy. Each request is read by the bridge's parser
// (src/legacy/legacy-request.ts), and each setRepositoryPermissionsForUsers it runs becomes one ACL fragment,
// in file order and then document order, so "the last record wins" is the last call per repository.

/** Distinct other operations listed by name; the rest are counted together. */
const MAX_LISTED_OPERATIONS = 50;

/** The counts of one file's recorded calls, built as its requests are read (see {@link RecordedCalls}). */
export class RecordedCallTally {
  requests = 0;
  setPermissions = 0;
  skippedEntries = 0;
  readonly notMigratable = new Map<string, number>();
  readonly otherOperations = new Map<string, number>();
  otherOperationsUnlisted = 0;

  /** Counts one read request's fields other than the permission mutation. */
  count(parsed: ParsedLegacyRequest): void {
    this.requests += 1;
    const others: string[] = [];
    for (const field of parsed.fields) {
      if (field.kind === "set-permissions") this.setPermissions += 1;
      else if (field.kind === "not-migratable")
        this.notMigratable.set(field.field, (this.notMigratable.get(field.field) ?? 0) + 1);
      else others.push(field.field);
    }
    if (others.length === 0) return;
    const label =
      parsed.operationName ??
      `${parsed.operation} { ${others.slice(0, 3).join(" ")}${others.length > 3 ? " …" : ""} }`;
    const known = this.otherOperations.get(label);
    if (known !== undefined) this.otherOperations.set(label, known + 1);
    else if (this.otherOperations.size < MAX_LISTED_OPERATIONS) this.otherOperations.set(label, 1);
    else this.otherOperationsUnlisted += 1;
  }

  summary(): RecordedCalls {
    return {
      requests: this.requests,
      setPermissions: this.setPermissions,
      notMigratable: Object.fromEntries(this.notMigratable),
      otherOperations: Object.fromEntries(this.otherOperations),
      ...(this.otherOperationsUnlisted > 0 ? { otherOperationsUnlisted: this.otherOperationsUnlisted } : {}),
      ...(this.skippedEntries > 0 ? { skippedEntries: this.skippedEntries } : {}),
    };
  }
}

/** Where a request is, for its errors: the file, the line (NDJSON, JSON), and the entry's index as a path. */
export interface RequestPlace {
  readonly file: string;
  readonly line?: number;
  /** `[3]` for the fourth request of an NDJSON or JSON file, `log.entries[3]` in a HAR file. */
  readonly entry: string;
}

/**
 * The ACL fragments of one recorded request: one per `setRepositoryPermissionsForUsers` it runs, in document
 * order, its repository a Repository node ID (checked here) and its bindIDs trimmed, blanks dropped and
 * duplicates merged as in every other input. Counts the request in `tally`.
 *
 * @throws InputError naming the file, line and entry, with the parser's message (GraphQL's own words and place).
 */
export function requestFragments(
  value: unknown,
  place: RequestPlace,
  tally: RecordedCallTally,
): AclFragment[] {
  const where = {
    file: place.file,
    field: place.entry,
    ...(place.line === undefined ? {} : { line: place.line }),
  };
  let parsed: ParsedLegacyRequest;
  try {
    parsed = parseLegacyRequest(value as LegacyRequest);
  } catch (error) {
    if (error instanceof LegacyRequestError) throw new InputError(error.message, { ...where, cause: error });
    throw error;
  }
  tally.count(parsed);
  const fragments: AclFragment[] = [];
  for (const field of parsed.fields) {
    if (field.kind !== "set-permissions") continue;
    try {
      databaseIdOf(field.repository, "Repository");
    } catch (error) {
      const at =
        field.location === undefined ? "" : `GraphQL ${field.location.line}:${field.location.column}: `;
      throw new InputError(
        `${at}field "${excerpt(field.responseKey)}": the repository "${excerpt(field.repository)}" is not a repository's node ID (such as UmVwb3NpdG9yeToxMjM=, Repository:123)`,
        { ...where, cause: error },
      );
    }
    const users = new AclUserList();
    const line = place.line ?? 0;
    for (const bindID of field.bindIDs) users.add(bindID, line);
    fragments.push({
      repository: field.repository,
      users: users.users,
      line,
      droppedBlankBindIds: users.droppedBlankBindIds,
    });
  }
  return fragments;
}

/** Whether a parsed JSON record is a GraphQL request rather than an ACL record (which never has `query`). */
export function isRequestRecord(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "query")
  );
}

/** Whether a parsed JSON record is the top of a HAR file (`{"log": {...}}`). */
export function isHarDocument(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "log");
}

/**
 * Reads a HAR file (HTTP Archive, as browsers' developer tools and proxies save it), streamed entry by entry
 * (`log.entries[*]`, one held at a time, response bodies included). Only POSTs to a path ending in
 * `/.api/graphql` (any query string) count; the other entries are counted as skipped. A counted entry's
 * `request.postData.text` holds one request or an array of batched requests.
 */
export class HarFragmentParser implements FragmentParser {
  readonly #file: string;
  readonly #tokenizer: Tokenizer;
  readonly #tally = new RecordedCallTally();
  #entries = 0;
  #sawLog = false;
  #failure: unknown;
  // Lines, for messages and the plan's sources: the line where each entry starts, counted up to its "{".
  #depth = 0;
  #entryLine = 1;
  #chunk: Uint8Array = new Uint8Array(0);
  /** Bytes before the current chunk. */
  #chunkStart = 0;
  /** How far into the current chunk the line count has got, and the line there. */
  #counted = 0;
  #line = 1;

  constructor(file: string, onFragment: (fragment: AclFragment) => void) {
    this.#file = file;
    this.#tokenizer = new Tokenizer();
    // `$.log.version` (required by HAR 1.2) only tells a HAR file from other JSON; emitting `$.log` itself would
    // keep every entry in it until the end.
    const values = new TokenParser({ paths: ["$.log.entries.*", "$.log.version"], keepStack: false });
    this.#tokenizer.onToken = (token) => {
      if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) {
        // An entry is an object three levels down: {"log": {"entries": [{...`.
        if (this.#depth === 3 && token.token === TokenType.LEFT_BRACE)
          this.#entryLine = this.#lineAt(token.offset);
        this.#depth += 1;
      } else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) {
        this.#depth -= 1;
      }
      values.write(token);
    };
    this.#tokenizer.onEnd = () => {
      if (!values.isEnded) values.end();
    };
    values.onValue = ({ value, stack }) => {
      if (stack.length === 2) {
        this.#sawLog = true;
        return;
      }
      const index = this.#entries;
      this.#entries += 1;
      for (const fragment of this.#entry(value, index, this.#entryLine)) onFragment(fragment);
    };
    const fail = (error: Error) => {
      this.#failure ??= error;
    };
    this.#tokenizer.onError = fail;
    values.onError = fail;
  }

  /** The line of the byte at `offset` of the file, which is in the current chunk and not before the last asked. */
  #lineAt(offset: number): number {
    const end = offset - this.#chunkStart;
    let line = this.#line;
    let at = this.#counted;
    for (;;) {
      const next = this.#chunk.indexOf(0x0a, at);
      if (next === -1 || next >= end) break;
      line += 1;
      at = next + 1;
    }
    this.#counted = at;
    this.#line = line;
    return line;
  }

  get calls(): RecordedCalls {
    return this.#tally.summary();
  }

  push(chunk: Uint8Array): void {
    this.#chunk = chunk;
    this.#counted = 0;
    if (this.#failure === undefined) this.#tokenizer.write(chunk);
    this.#rethrow();
    // The rest of the chunk's lines, so the next chunk starts from its first line.
    this.#lineAt(this.#chunkStart + chunk.length);
    this.#chunkStart += chunk.length;
  }

  end(): void {
    if (this.#failure === undefined && !this.#tokenizer.isEnded) this.#tokenizer.end();
    this.#rethrow();
    if (!this.#sawLog && this.#entries === 0) {
      throw new InputError('not a HAR file: no "log" object with "version" or "entries" at the top level', {
        file: this.#file,
      });
    }
  }

  #rethrow(): void {
    const failure = this.#failure;
    if (failure === undefined) return;
    if (failure instanceof InputError) throw failure;
    // The library's messages speak of its states and quote raw bytes: say what is wrong, and where, instead.
    const message = failure instanceof Error ? failure.message : String(failure);
    const unexpected = /^Unexpected "([\s\S]*)" at chunk position "\d+" \(absolute position "(\d+)"\)/.exec(
      message,
    );
    let reason = "the file ends inside a value (cut short?)";
    let line = this.#line;
    if (unexpected !== null) {
      const [, what = "", position = "0"] = unexpected;
      line = this.#lineAt(Number(position));
      reason = what === "\u0000" ? "NUL byte: this is not a text file" : `unexpected "${excerpt(what, 10)}"`;
    } else if (!/ended in the middle of a token|ended in mid-parsing|Unexpected end/i.test(message)) {
      reason = message.includes("utf-8") ? "invalid UTF-8: this is not a UTF-8 text file" : "not valid JSON";
    }
    throw new InputError(`invalid JSON: ${reason}`, {
      file: this.#file,
      line,
      // Inside an entry (its object is four levels down), the entry's index too.
      ...(this.#depth >= 4 ? { field: `log.entries[${this.#entries}]` } : {}),
      cause: failure,
    });
  }

  #entry(value: unknown, index: number, line: number): AclFragment[] {
    const entry = `log.entries[${index}]`;
    const fail = (field: string, reason: string) =>
      new InputError(reason, { file: this.#file, line, field: `${entry}${field}` });
    const request = (value as { request?: unknown } | null)?.request as
      | { method?: unknown; url?: unknown; postData?: { text?: unknown } }
      | undefined;
    if (typeof request !== "object" || request === null) {
      throw fail(".request", `expected an object, got ${describeType(request)}`);
    }
    if (request.method !== "POST" || !isGraphQLEndpoint(request.url)) {
      this.#tally.skippedEntries += 1;
      return [];
    }
    const text = request.postData?.text;
    if (typeof text !== "string") {
      throw fail(
        ".request.postData.text",
        "a POST to /.api/graphql without its body: save the HAR with request bodies (content)",
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw fail(".request.postData.text", `not a JSON request body: ${excerpt(reason, 80)}`);
    }
    const place = (suffix: string): RequestPlace => ({ file: this.#file, line, entry: `${entry}${suffix}` });
    if (Array.isArray(body)) {
      return body.flatMap((item, batchIndex) =>
        requestFragments(item, place(`.request.postData.text[${batchIndex}]`), this.#tally),
      );
    }
    return requestFragments(body, place(".request.postData.text"), this.#tally);
  }
}

/** A URL whose path ends in `/.api/graphql`, whatever its query string (`/.api/graphql?SetPermissions`). */
function isGraphQLEndpoint(url: unknown): boolean {
  if (typeof url !== "string") return false;
  let path: string;
  try {
    path = new URL(url, "http://relative.invalid").pathname;
  } catch {
    return false;
  }
  return path.endsWith("/.api/graphql");
}
