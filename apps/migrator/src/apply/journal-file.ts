// The apply journal: an append-only NDJSON record of what a run did, so that `apply --resume` redoes nothing
// that finished. Its writer and reader live together because they are one file format.

import type { FileHandle } from "node:fs/promises";
import { link, open, rm, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { redactText } from "@sgkit/core/internal";
import { MigratorError } from "../migrator-error.js";
import { countNoun } from "../plan/render-plan.js";

/** One permission call of the plan and how it ended. */
export interface JournalOpEntry {
  readonly type: "op";
  /** The repository's numeric id. */
  readonly repository: number;
  /** The user's numeric id. */
  readonly user: number;
  readonly op: "create" | "delete";
  /** `unchanged`: the server already had the permission in the planned state. */
  readonly outcome: "done" | "unchanged" | "failed";
  /** Why it failed; redacted before it is written. */
  readonly error?: string;
}

/**
 * One repository whose calls have all been made and whose ACL was then read back as planned (`completed`), that
 * the run left alone because its ACL drifted since the plan (`skipped`), or whose ACL, read back after this run's
 * writes, showed someone else's changes (`conflict`). Only `completed` is skipped by a resume.
 */
export interface JournalRepositoryEntry {
  readonly type: "repository";
  readonly repository: number;
  readonly outcome: "completed" | "skipped" | "conflict";
  /** Why it was skipped or is in conflict; redacted before it is written. */
  readonly reason?: string;
}

/**
 * The run went through the whole plan and left nothing that a resume could do (no failed, withheld or unstarted
 * call). A journal that holds it is finished: it is never resumed. In a bridge's journal (header `command:
 * "bridge"`): the bridge stopped, and writes nothing more.
 */
export interface JournalFinishedEntry {
  readonly type: "finished";
  /** When, as an ISO 8601 timestamp. */
  readonly at: string;
}

/** What a journal records after its header. */
export type JournalEntry = JournalOpEntry | JournalRepositoryEntry | JournalFinishedEntry;

/** A header field's value: the header is one flat JSON object. */
export type JournalHeaderValue = string | number | boolean | null;

/** What the caller puts in a journal's header: the plan it applies, and any flat fields of its own. */
export interface JournalHeaderFields {
  /** The plan this journal applies; a resume must name the same one. */
  readonly planId: string;
  readonly [field: string]: JournalHeaderValue;
}

/** The first line of a journal. */
export interface JournalHeader extends JournalHeaderFields {
  readonly type: "header";
  readonly version: 1;
  /** When the journal was created, as an ISO 8601 timestamp. */
  readonly startedAt: string;
}

/** An open journal; see {@link openJournal}. */
export interface Journal {
  /** The journal's header: the new one, or on resume the one already in the file. */
  readonly header: JournalHeader;
  /**
   * Writes `entries` at the end of the journal, one line each, and resolves once they are on disk (written
   * and `fdatasync`ed). Appends never interleave and land in call order; appends that queue up while a sync
   * is running are written and synced together. Only the fields the entry types name are written. After a
   * failed write, every later append rejects: the journal no longer holds everything the run did.
   *
   * @throws TypeError (as a rejection, before anything is written) for an entry that is not a journal entry.
   */
  append(entries: readonly JournalEntry[]): Promise<void>;
  /** Waits for the appends under way, then closes the file. Appends after `close` reject. */
  close(): Promise<void>;
}

/** How {@link openJournal} opens a journal. */
export interface OpenJournalOptions {
  /** Continue the journal already at the path (it must exist and be for the same plan) instead of creating one. */
  readonly resume: boolean;
  /** The clock for the header's `startedAt`; `Date.now` unless a test injects its own. */
  readonly now?: () => number;
  /** Test seams, outside semver. */
  readonly internal?: JournalInternals;
}

/** Test seams of the journal, outside semver. */
export interface JournalInternals {
  /**
   * Called before each write to the journal file with the text about to be written; what it throws fails that
   * write, as a full disk would.
   */
  readonly beforeWrite?: (text: string) => void;
}

/** What {@link readJournal} found in a journal. */
export interface JournalContents {
  readonly header: JournalHeader;
  /** Every complete entry, in the order written. */
  readonly entries: JournalEntry[];
  /**
   * The file ended in a partial line (a crash mid-write), which was left out: its append never resolved, so
   * nothing it recorded was relied on. A resume cuts it off.
   */
  readonly tornTail: boolean;
  /** When the run finished, if the journal records a finished run (see {@link JournalFinishedEntry}). */
  readonly finishedAt: string | undefined;
}

/**
 * A journal with a line in its middle that is not a journal entry: two runs wrote it at once, or it was edited.
 * Says what is intact before that line.
 */
export class JournalDamagedError extends MigratorError {
  override readonly name = "JournalDamagedError";
  readonly file: string;
  readonly line: number;
  /** The entries before the damaged line. */
  readonly intactEntries: number;
  /** The repositories those entries record as completed. */
  readonly completedRepositories: number;

  constructor(file: string, line: number, problem: string, intact: readonly JournalEntry[]) {
    const completed = new Set(
      intact.flatMap((entry) =>
        entry.type === "repository" && entry.outcome === "completed" ? [entry.repository] : [],
      ),
    ).size;
    super(
      `${file}:${line}: ${problem}; the journal is damaged (two runs writing it at once, or an edit, do this). ` +
        `${line - 1 === 1 ? "The line" : `The ${line - 1} lines`} before it ${line - 1 === 1 ? "is" : "are"} intact: ${countNoun(intact.length, "entry", "entries")}, ${countNoun(completed, "repository", "repositories")} completed. ` +
        "To continue, move the journal away and apply the plan again without --resume: every repository is read again before it is written, so nothing already done is done twice.",
    );
    this.file = file;
    this.line = line;
    this.intactEntries = intact.length;
    this.completedRepositories = completed;
  }
}

const VERSION = 1;
const RESERVED_FIELDS = new Set(["type", "version", "startedAt"]);
const READ_CHUNK_BYTES = 1 << 20;
/** A header longer than this is not one of ours: stop looking for its end instead of reading a whole file. */
const MAX_HEADER_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Opens the journal at `path` for appending.
 *
 * Without `resume`, creates it (failing if any file is there: a journal is the memory of an earlier run and is
 * never overwritten) and writes its header, `{"type":"header","version":1,"planId":…,"startedAt":…,…}`, to
 * disk. With `resume`, the file must exist with a header for the same `planId`; a partial last line left by a
 * crash is cut off, and new entries go after the last complete one.
 *
 * @throws MigratorError naming the file (and line) when the journal exists without `resume`, is missing or
 *   unreadable with it, or belongs to another plan.
 * @throws TypeError for header fields that are reserved (`type`, `version`, `startedAt`) or not flat JSON values.
 */
export async function openJournal(
  path: string,
  header: JournalHeaderFields,
  options: OpenJournalOptions,
): Promise<Journal> {
  const fields = headerFields(header);
  let handle: FileHandle;
  let position: number;
  let journalHeader: JournalHeader;
  if (options.resume) {
    handle = await openOrExplain(path, "r+");
    try {
      journalHeader = await readHeader(handle, path);
      if (journalHeader.planId !== fields.planId) {
        throw new MigratorError(
          `${path}:1: this journal is for plan ${JSON.stringify(journalHeader.planId)}, not ${JSON.stringify(fields.planId)}; resume it with its own plan, or move it away to apply this one`,
        );
      }
      position = await endOfLastLine(handle);
      if (position < (await handle.stat()).size) {
        await handle.truncate(position);
        await handle.datasync();
      }
    } catch (error) {
      await handle.close();
      throw error;
    }
  } else {
    handle = await openOrExplain(path, "wx");
    try {
      const beforeWrite = options.internal?.beforeWrite;
      const { planId, ...rest } = fields;
      journalHeader = {
        type: "header",
        version: VERSION,
        planId,
        startedAt: new Date((options.now ?? Date.now)()).toISOString(),
        ...rest,
      };
      position = await writeAll(handle, `${JSON.stringify(journalHeader)}\n`, 0, beforeWrite);
      await handle.datasync();
      await syncDirectory(path);
    } catch (error) {
      // The file records nothing yet: leave no half-made journal that would block the next run.
      await handle.close();
      await rm(path, { force: true });
      throw error;
    }
  }
  return journalWriter(path, handle, position, journalHeader, options.internal?.beforeWrite);
}

function journalWriter(
  path: string,
  handle: FileHandle,
  start: number,
  header: JournalHeader,
  beforeWrite: JournalInternals["beforeWrite"],
): Journal {
  type Pending = { text: string; resolve: () => void; reject: (error: unknown) => void };
  let position = start;
  let pending: Pending[] = [];
  let flushing: Promise<void> | undefined;
  let failure: unknown;
  let closed = false;

  // Group commit: everything that queued up while the previous write and sync ran goes in one write and one sync.
  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      if (failure !== undefined) {
        for (const item of group) item.reject(afterFailure(path, failure));
        continue;
      }
      try {
        const text = group.map((item) => item.text).join("");
        if (text !== "") {
          position = await writeAll(handle, text, position, beforeWrite);
          await handle.datasync();
        }
        for (const item of group) item.resolve();
      } catch (error) {
        failure = error;
        const wrapped = new MigratorError(`${path}: cannot write to the journal: ${describe(error)}`, {
          cause: error,
        });
        for (const item of group) item.reject(wrapped);
      }
    }
    flushing = undefined;
  }

  return {
    header,
    append(entries) {
      if (closed) return Promise.reject(new MigratorError(`${path}: the journal is closed`));
      if (failure !== undefined) return Promise.reject(afterFailure(path, failure));
      let text: string;
      try {
        text = entries.map((entry, index) => `${serializeEntry(entry, index)}\n`).join("");
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<void>((resolve, reject) => {
        pending.push({ text, resolve, reject });
        // Started from a microtask, so that appends made in the same turn share the first write too, and so
        // that `flushing` is set before a flush with nothing to await can finish.
        flushing ??= Promise.resolve().then(flush);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await flushing;
      await handle.close();
    },
  };
}

/**
 * Reads a whole journal, checking every line: a damaged line in the middle is an error naming `file:line`,
 * while a partial last line (a crash mid-write) is left out and reported as `tornTail`.
 *
 * @throws MigratorError naming the file and line of the first line that is not a journal header or entry.
 */
export async function readJournal(path: string): Promise<JournalContents> {
  const handle = await openOrExplain(path, "r");
  try {
    const decoder = new StringDecoder("utf8");
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const entries: JournalEntry[] = [];
    let header: JournalHeader | undefined;
    let carry = "";
    let lineNumber = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const text = carry + decoder.write(buffer.subarray(0, bytesRead));
      let start = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        lineNumber += 1;
        const line = text.slice(start, end);
        start = end + 1;
        if (header === undefined) header = parseHeader(line, path, lineNumber);
        else entries.push(parseEntry(line, path, lineNumber, entries));
      }
      carry = text.slice(start);
    }
    carry += decoder.end();
    if (header === undefined) throw new MigratorError(noHeader(path));
    const last = entries.at(-1);
    return {
      header,
      entries,
      tornTail: carry !== "",
      finishedAt: last?.type === "finished" ? last.at : undefined,
    };
  } finally {
    await handle.close();
  }
}

/**
 * Moves the journal at `path` out of the way, keeping it, to `<path>.<suffix>`; never replaces a file there.
 *
 * @returns the journal's new path.
 * @throws MigratorError naming both paths when it cannot be moved.
 */
export async function setJournalAside(path: string, suffix: string): Promise<string> {
  const target = `${path}.${suffix}`;
  try {
    await link(path, target);
  } catch (error) {
    throw new MigratorError(
      `${path}: cannot keep the journal as ${target} (${describe(error)}); move it away yourself and run again`,
      { cause: error },
    );
  }
  await unlink(path);
  await syncDirectory(path);
  return target;
}

function headerFields(header: JournalHeaderFields): JournalHeaderFields {
  if (typeof header.planId !== "string" || header.planId === "") {
    throw new TypeError("A journal header needs a non-empty planId.");
  }
  const fields: Record<string, JournalHeaderValue> = {};
  for (const [name, value] of Object.entries(header)) {
    if (RESERVED_FIELDS.has(name))
      throw new TypeError(`The journal header field ${name} is set by the journal.`);
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new TypeError(`The journal header field ${name} is not a finite number.`);
    }
    if (!["string", "number", "boolean"].includes(typeof value) && value !== null) {
      throw new TypeError(`The journal header field ${name} is not a string, number, boolean or null.`);
    }
    fields[name] = typeof value === "string" ? redactText(value) : value;
  }
  return { ...fields, planId: header.planId };
}

/** Only the fields the entry types name are copied, so nothing else a caller's object carries is ever written. */
function serializeEntry(entry: JournalEntry, index: number): string {
  const problem = entryProblem(entry);
  if (problem !== undefined) throw new TypeError(`Journal entry ${index}: ${problem}.`);
  if (entry.type === "finished") return JSON.stringify({ type: "finished", at: entry.at });
  if (entry.type === "op") {
    const { repository, user, op, outcome, error } = entry;
    return JSON.stringify(
      error === undefined
        ? { type: "op", repository, user, op, outcome }
        : { type: "op", repository, user, op, outcome, error: redactText(error) },
    );
  }
  const { repository, outcome, reason } = entry;
  return JSON.stringify(
    reason === undefined
      ? { type: "repository", repository, outcome }
      : { type: "repository", repository, outcome, reason: redactText(reason) },
  );
}

const ENTRY_FIELDS: Readonly<Record<JournalEntry["type"], ReadonlySet<string>>> = {
  op: new Set(["type", "repository", "user", "op", "outcome", "error"]),
  repository: new Set(["type", "repository", "outcome", "reason"]),
  finished: new Set(["type", "at"]),
};

/** What is wrong with `value` as a journal entry, or undefined when it is one. */
function entryProblem(value: unknown, strictFields = false): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
  const entry = value as Record<string, unknown>;
  if (entry.type !== "op" && entry.type !== "repository" && entry.type !== "finished") {
    return `unknown type ${JSON.stringify(entry.type)} (expected "op", "repository" or "finished")`;
  }
  if (strictFields) {
    const unknown = Object.keys(entry).find(
      (key) => !ENTRY_FIELDS[entry.type as JournalEntry["type"]].has(key),
    );
    if (unknown !== undefined) return `unexpected field ${JSON.stringify(unknown)}`;
  }
  if (entry.type === "finished") {
    return typeof entry.at === "string" && !Number.isNaN(Date.parse(entry.at))
      ? undefined
      : "at is not a time";
  }
  if (!isId(entry.repository)) return "repository is not a non-negative integer id";
  if (entry.type === "op") {
    if (!isId(entry.user)) return "user is not a non-negative integer id";
    if (entry.op !== "create" && entry.op !== "delete") return 'op is not "create" or "delete"';
    if (entry.outcome !== "done" && entry.outcome !== "unchanged" && entry.outcome !== "failed") {
      return 'outcome is not "done", "unchanged" or "failed"';
    }
    if (entry.error !== undefined && typeof entry.error !== "string") return "error is not a string";
    return undefined;
  }
  if (entry.outcome !== "completed" && entry.outcome !== "skipped" && entry.outcome !== "conflict") {
    return 'outcome is not "completed", "skipped" or "conflict"';
  }
  if (entry.reason !== undefined && typeof entry.reason !== "string") return "reason is not a string";
  return undefined;
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function parseLine(line: string, path: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new MigratorError(
      `${path}:${lineNumber}: not a JSON line (${describe(error)}); the journal is damaged`,
    );
  }
}

function parseEntry(
  line: string,
  path: string,
  lineNumber: number,
  before: readonly JournalEntry[],
): JournalEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new JournalDamagedError(path, lineNumber, `not a JSON line (${describe(error)})`, before);
  }
  const problem = entryProblem(value, true);
  if (problem !== undefined) {
    throw new JournalDamagedError(path, lineNumber, `not a journal entry: ${problem}`, before);
  }
  return value as JournalEntry;
}

function parseHeader(line: string, path: string, lineNumber: number): JournalHeader {
  const value = parseLine(line, path, lineNumber) as Partial<Record<string, unknown>> | null;
  if (typeof value !== "object" || value === null || value.type !== "header") {
    throw new MigratorError(`${path}:${lineNumber}: not a journal (its first line is not a journal header)`);
  }
  if (value.version !== VERSION) {
    throw new MigratorError(
      `${path}:${lineNumber}: journal version ${JSON.stringify(value.version)} is not supported (this sgkit-migrate reads version ${VERSION})`,
    );
  }
  if (typeof value.planId !== "string" || typeof value.startedAt !== "string") {
    throw new MigratorError(`${path}:${lineNumber}: the journal header has no planId or startedAt`);
  }
  return value as JournalHeader;
}

async function readHeader(handle: FileHandle, path: string): Promise<JournalHeader> {
  const buffer = Buffer.allocUnsafe(MAX_HEADER_BYTES);
  let filled = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    const end = buffer.indexOf(NEWLINE, filled);
    filled += bytesRead;
    if (end !== -1 && end < filled) return parseHeader(buffer.toString("utf8", 0, end), path, 1);
    if (bytesRead === 0 || filled === buffer.length) throw new MigratorError(noHeader(path));
  }
}

/** The offset just after the file's last newline: where the complete lines end and a torn fragment starts. */
async function endOfLastLine(handle: FileHandle): Promise<number> {
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let end = (await handle.stat()).size;
  while (end > 0) {
    const start = Math.max(0, end - buffer.length);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    const newline = buffer.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (newline !== -1) return start + newline + 1;
    end = start;
  }
  return 0;
}

async function writeAll(
  handle: FileHandle,
  text: string,
  position: number,
  beforeWrite?: JournalInternals["beforeWrite"],
): Promise<number> {
  beforeWrite?.(text);
  const bytes = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, position + offset);
    offset += bytesWritten;
  }
  return position + offset;
}

/** A new file survives a crash only once its directory entry is on disk too (POSIX; Windows has no such sync). */
async function syncDirectory(path: string): Promise<void> {
  if (process.platform === "win32") return;
  const directory = await open(dirname(path), "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

async function openOrExplain(path: string, flags: "r" | "r+" | "wx"): Promise<FileHandle> {
  try {
    return await open(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new MigratorError(
        `${path}: a journal already exists here, from an earlier apply; resume it with --resume, or move it away to start over (a journal is never overwritten)`,
        { cause: error },
      );
    }
    if (code === "ENOENT" && flags !== "wx") {
      throw new MigratorError(`${path}: no journal here (nothing to resume)`, { cause: error });
    }
    throw new MigratorError(`${path}: cannot open the journal: ${describe(error)}`, { cause: error });
  }
}

function noHeader(path: string): string {
  return `${path}: not a journal (no complete header line); if an apply stopped before writing anything, move the file away and apply without --resume`;
}

function afterFailure(path: string, failure: unknown): MigratorError {
  return new MigratorError(
    `${path}: an earlier write to the journal failed, so it no longer records everything this run did; no more entries are accepted`,
    { cause: failure },
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
