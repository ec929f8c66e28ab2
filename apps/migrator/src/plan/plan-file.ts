import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { MigratorError } from "../migrator-error.js";
import { createOutputFile } from "../output-file.js";
import type { PlanHeader, PlanRepository, PlanTrailer, PlanUser } from "./plan-types.js";

// The plan file: written one repository at a time, read back checked whole, then streamed to apply.

/** A plan file that cannot be applied as written: unreadable, malformed, edited, or from another version. */
export class PlanFileError extends MigratorError {
  override readonly name = "PlanFileError";
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, problem: string) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${problem}`);
    this.file = file;
    this.line = line;
  }
}

/** Writes a plan file one repository at a time; see {@link createPlanWriter}. */
export interface PlanWriter {
  write(repository: PlanRepository): Promise<void>;
  /** Writes the trailer, flushes, and moves the file into place. Returns the plan id. */
  finish(trailer: Omit<PlanTrailer, "planId">): Promise<string>;
  /** Removes the partial file: a failed plan leaves nothing behind. */
  abort(): Promise<void>;
}

/**
 * Starts a plan file at `path`. The file is one JSON document laid out one repository per line, so that it can
 * be read back a line at a time (a million operations never sit in memory) and still be read by any JSON tool:
 *
 * ```
 * {"format":"sgkit-migrate-plan",…,"repositories":[
 * {"repository":123,…}
 * ,{"repository":124,…}
 * ],"unknown":[…],"totals":{…},"planId":"…"}
 * ```
 *
 * It is written to a new temporary file beside `path` (mode 0600: a plan names users) and renamed into place by
 * `finish`, so a plan that fails half-way never leaves a file that looks complete. A plan already at `path` is
 * replaced.
 *
 * @throws {MigratorError} naming the path, with what to do, when it cannot be written (no such folder, a folder
 *   at the path, no permission).
 */
export async function createPlanWriter(path: string, header: PlanHeader): Promise<PlanWriter> {
  const file = await createOutputFile(path, { what: "the plan", overwrite: true });
  const hash = createHash("sha256");
  let count = 0;

  async function push(line: string, hashed: string | undefined): Promise<void> {
    if (hashed !== undefined) hash.update(`${hashed}\n`);
    await file.write(line);
  }

  const first = JSON.stringify({ ...header, repositories: [] }).slice(0, -2);
  try {
    await push(`${first}\n`, first);
  } catch (error) {
    await file.discard();
    throw error;
  }
  return {
    async write(repository) {
      const line = `${count === 0 ? "" : ","}${JSON.stringify(repository)}`;
      await push(`${line}\n`, line);
      count += 1;
    },
    async finish(trailer) {
      // The plan id covers every line as written, the last one (the totals the guardrails check) included, less
      // the plan id itself: `],{…}` is hashed, and `],{…,"planId":"…"}` written.
      const end = `],${JSON.stringify({ ...trailer }).slice(1)}`;
      hash.update(`${end}\n`);
      const planId = hash.digest("hex");
      await push(`${end.slice(0, -1)}${planIdField(planId)}}\n`, undefined);
      await file.commit();
      return planId;
    },
    abort: () => file.discard(),
  };
}

/** A plan file, checked whole; its repositories are read again, streamed, by `repositories()`. */
export interface PlanFile {
  readonly path: string;
  readonly header: PlanHeader;
  readonly trailer: PlanTrailer;
  /** The plan's repositories in file order. Throws a PlanFileError if the file changed since it was opened. */
  repositories(): AsyncIterable<PlanRepository>;
}

type Line = { text: string; number: number };

/**
 * Opens a plan file written by `createPlanWriter`: reads it once to check its layout, every repository and its
 * plan id (so an edited or truncated plan is refused before anything is applied), keeping only the header and
 * trailer in memory.
 *
 * @throws {PlanFileError} naming the file and line.
 */
export async function readPlanFile(path: string): Promise<PlanFile> {
  const before = await statOf(path);
  let header: PlanHeader | undefined;
  let trailer: PlanTrailer | undefined;
  const hash = createHash("sha256");
  for await (const line of planLines(path)) {
    if (trailer !== undefined) throw new PlanFileError(path, line.number, "text after the end of the plan");
    if (header === undefined) {
      header = parseHeader(path, line);
      hash.update(`${line.text}\n`);
    } else if (line.text.startsWith("],")) {
      trailer = parseTrailer(path, line);
      // Hashed as written without its plan id field, which must come last (see createPlanWriter).
      const field = planIdField(trailer.planId);
      if (line.text.endsWith(`${field}}`)) hash.update(`${line.text.slice(0, -field.length - 1)}}\n`);
    } else {
      parseRepository(path, line);
      hash.update(`${line.text}\n`);
    }
  }
  if (header === undefined) throw new PlanFileError(path, undefined, "empty file, not a plan");
  if (trailer === undefined)
    throw new PlanFileError(path, undefined, "the plan is cut short (no end): re-run plan");
  if (hash.digest("hex") !== trailer.planId) {
    throw new PlanFileError(
      path,
      undefined,
      "the plan was edited after it was written (its plan id does not match); plans are applied exactly as written, so re-run plan",
    );
  }
  const checkedHeader = header;
  const checkedTrailer = trailer;
  return {
    path,
    header: checkedHeader,
    trailer: checkedTrailer,
    async *repositories() {
      const now = await statOf(path);
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
        throw new PlanFileError(path, undefined, "the plan file changed while it was being applied");
      }
      let first = true;
      for await (const line of planLines(path)) {
        if (first) {
          first = false;
          continue;
        }
        if (line.text.startsWith("],")) return;
        yield parseRepository(path, line).repository;
      }
    },
  };
}

/** The trailer's last field, as written: `,"planId":"<hex>"`. */
function planIdField(planId: string): string {
  return `,"planId":${JSON.stringify(planId)}`;
}

async function statOf(path: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PlanFileError(
      path,
      undefined,
      code === "ENOENT" ? "no such plan file" : `cannot read the plan file (${code})`,
    );
  }
}

async function* planLines(path: string): AsyncGenerator<Line> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text === "") continue;
    yield { text, number };
  }
}

function parseJson(path: string, line: Line, text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlanFileError(path, line.number, `not a plan file: this line is not ${what}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PlanFileError(path, line.number, `not a plan file: this line is not ${what}`);
  }
  return value as Record<string, unknown>;
}

function parseHeader(path: string, line: Line): PlanHeader {
  if (!line.text.endsWith('"repositories":[')) {
    throw new PlanFileError(
      path,
      line.number,
      "not an sgkit-migrate plan file (write one with `sgkit-migrate plan --out`)",
    );
  }
  const value = parseJson(path, line, `${line.text}]}`, "a plan header");
  if (value.format !== "sgkit-migrate-plan") {
    throw new PlanFileError(
      path,
      line.number,
      "not an sgkit-migrate plan file (write one with `sgkit-migrate plan --out`)",
    );
  }
  if (value.version !== 1) {
    throw new PlanFileError(
      path,
      line.number,
      `plan version ${JSON.stringify(value.version)} is not supported by this sgkit-migrate (it reads version 1)`,
    );
  }
  const { repositories: _, ...header } = value;
  for (const field of ["createdAt", "endpoint", "bindId"] as const) {
    if (typeof header[field] !== "string") throw fieldError(path, line, field, "a string");
  }
  if (!Array.isArray(header.inputs)) throw fieldError(path, line, "inputs", "an array");
  return header as unknown as PlanHeader;
}

function parseTrailer(path: string, line: Line): PlanTrailer {
  const value = parseJson(path, line, `{${line.text.slice(2)}`, "the end of a plan");
  if (!Array.isArray(value.unknown)) throw fieldError(path, line, "unknown", "an array");
  if (typeof value.totals !== "object" || value.totals === null)
    throw fieldError(path, line, "totals", "an object");
  if (typeof value.planId !== "string") throw fieldError(path, line, "planId", "a string");
  return value as unknown as PlanTrailer;
}

function parseRepository(path: string, line: Line): { repository: PlanRepository; text: string } {
  const text = line.text.startsWith(",") ? line.text.slice(1) : line.text;
  const value = parseJson(path, line, text, "a planned repository");
  if (!isId(value.repository)) throw fieldError(path, line, "repository", "a positive integer");
  if (typeof value.name !== "string") throw fieldError(path, line, "name", "a string");
  if (typeof value.source !== "string") throw fieldError(path, line, "source", "a string");
  const observed = value.observed as Record<string, unknown> | undefined;
  if (
    typeof observed !== "object" ||
    observed === null ||
    !Number.isSafeInteger(observed.count) ||
    typeof observed.fingerprint !== "string"
  ) {
    throw fieldError(path, line, "observed", "{count, fingerprint}");
  }
  if (!Number.isSafeInteger(value.desired)) throw fieldError(path, line, "desired", "an integer");
  for (const field of ["create", "delete"] as const) {
    const users = value[field];
    if (!Array.isArray(users) || !users.every(isPlanUser))
      throw fieldError(path, line, field, "an array of {user, label}");
  }
  return { repository: value as unknown as PlanRepository, text };
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isPlanUser(value: unknown): value is PlanUser {
  return (
    typeof value === "object" &&
    value !== null &&
    isId((value as PlanUser).user) &&
    typeof (value as PlanUser).label === "string"
  );
}

function fieldError(path: string, line: Line, field: string, expected: string): PlanFileError {
  return new PlanFileError(path, line.number, `field "${field}" must be ${expected}`);
}
