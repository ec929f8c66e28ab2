import { createHash } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import type { PlanHeader, PlanRepository, PlanTrailer } from "./plan-types.js";

/** Writes a plan file one repository at a time; see {@link createPlanWriter}. */
export interface PlanWriter {
  write(repository: PlanRepository): Promise<void>;
  /** Writes the trailer, flushes, and moves the file into place. Returns the plan id. */
  finish(trailer: Omit<PlanTrailer, "planId">): Promise<string>;
  /** Removes the partial file: a failed plan leaves nothing behind. */
  abort(): Promise<void>;
}

const FLUSH_BYTES = 1 << 20;

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
 * It is written to a temporary file beside `path` and renamed into place by `finish`, so a plan that fails
 * half-way never leaves a file that looks complete.
 */
export async function createPlanWriter(path: string, header: PlanHeader): Promise<PlanWriter> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, "wx");
  const hash = createHash("sha256");
  let buffered: string[] = [];
  let bufferedBytes = 0;
  let count = 0;

  async function flush(): Promise<void> {
    if (buffered.length === 0) return;
    const text = buffered.join("");
    buffered = [];
    bufferedBytes = 0;
    await file.write(text);
  }
  async function push(line: string, hashed: string | undefined): Promise<void> {
    if (hashed !== undefined) hash.update(`${hashed}\n`);
    buffered.push(line);
    bufferedBytes += line.length;
    if (bufferedBytes >= FLUSH_BYTES) await flush();
  }

  const first = JSON.stringify({ ...header, repositories: [] }).slice(0, -2);
  await push(`${first}\n`, first);
  return {
    async write(repository) {
      const line = JSON.stringify(repository);
      await push(`${count === 0 ? "" : ","}${line}\n`, line);
      count += 1;
    },
    async finish(trailer) {
      const planId = hash.digest("hex");
      const rest = JSON.stringify({ ...trailer, planId }).slice(1);
      await push(`],${rest}\n`, undefined);
      await flush();
      await file.sync();
      await file.close();
      await rename(temporary, path);
      return planId;
    },
    async abort() {
      await file.close().catch(() => {});
      await rm(temporary, { force: true });
    },
  };
}
