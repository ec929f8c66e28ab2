import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../../test/support/temp-files.js";
import { MigratorError } from "../migrator-error.js";
import { createPlanWriter, PlanFileError, readPlanFile } from "./plan-file.js";
import type { PlanHeader, PlanRepository, PlanTotals } from "./plan-types.js";

const header: PlanHeader = {
  format: "sgkit-migrate-plan",
  version: 1,
  createdAt: "2026-11-23T10:00:00.000Z",
  endpoint: "http://127.0.0.1:1234",
  bindId: "username",
  inputs: [{ path: "acl.ndjson", format: "ndjson", sha256: "ab".repeat(32), bytes: 42 }],
};
const totals: PlanTotals = {
  repositories: 3,
  changed: 2,
  create: 3,
  delete: 1,
  unchanged: 4,
  currentGrants: 5,
  emptied: 0,
  unknownRepositories: 0,
  unknownUsers: 0,
};
const repository = (id: number, create: number[], remove: number[]): PlanRepository => ({
  repository: id,
  name: `github.com/acme/r${id}`,
  source: `acl.ndjson:${id}`,
  observed: { count: 2, fingerprint: "f".repeat(32) },
  desired: 2 + create.length - remove.length,
  create: create.map((user) => ({ user, label: `u${user}` })),
  delete: remove.map((user) => ({ user, label: `u${user}` })),
});

const tmp = useTempDir({ perTest: true });

async function writePlan(path: string, repositories: PlanRepository[]): Promise<string> {
  const writer = await createPlanWriter(path, header);
  for (const entry of repositories) await writer.write(entry);
  return writer.finish({ unknown: [], totals });
}

describe("plan files", () => {
  it("round-trips header, repositories and trailer, and the whole file is one JSON document", async () => {
    const path = tmp.path("plan.json");
    const planned = [repository(7, [10, 11], [3]), repository(9, [12], [])];
    const planId = await writePlan(path, planned);
    const plan = await readPlanFile(path);
    expect(plan.header).toEqual(header);
    expect(plan.trailer).toEqual({ unknown: [], totals, planId });
    const read: PlanRepository[] = [];
    for await (const entry of plan.repositories()) read.push(entry);
    expect(read).toEqual(planned);
    const whole = JSON.parse(await readFile(path, "utf8"));
    expect(whole.repositories).toEqual(planned);
    expect(whole.planId).toBe(planId);
  });

  it("gives different plan ids to different plans and the same to the same", async () => {
    const a = await writePlan(tmp.path("a.json"), [repository(1, [2], [])]);
    const b = await writePlan(tmp.path("b.json"), [repository(1, [3], [])]);
    const c = await writePlan(tmp.path("c.json"), [repository(1, [2], [])]);
    expect(a).not.toBe(b);
    expect(a).toBe(c);
  });

  it("writes nothing at the path when planning is aborted", async () => {
    const path = tmp.path("plan.json");
    const writer = await createPlanWriter(path, header);
    await writer.write(repository(1, [2], []));
    await writer.abort();
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
    await expect(readPlanFile(path)).rejects.toThrow(/no such plan file/);
  });

  it("is readable by its owner only, and replaces an older plan at the path whole", async () => {
    const path = tmp.path("plan.json");
    await writeFile(path, "an older plan\n");
    const writer = await createPlanWriter(path, header);
    await writer.write(repository(1, [2], []));
    expect(await readFile(path, "utf8")).toBe("an older plan\n");
    await writer.finish({ unknown: [], totals });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readPlanFile(path)).header).toEqual(header);
    expect(await readdir(tmp.dir)).toEqual(["plan.json"]);
  });

  it("refuses a folder that does not exist, or a folder at the path, in one line and before writing", async () => {
    const missing = join(tmp.dir, "missing", "plan.json");
    await expect(createPlanWriter(missing, header)).rejects.toThrow(
      new MigratorError(
        `Cannot write the plan to ${missing}: its folder ${join(tmp.dir, "missing")} does not exist; create it or choose another path.`,
      ),
    );
    const folder = tmp.path("plan.json");
    await mkdir(folder);
    await expect(createPlanWriter(folder, header)).rejects.toThrow(
      `Cannot write the plan to ${folder}: it is a folder; give the path of a file.`,
    );
    expect(await readdir(tmp.dir)).toEqual(["plan.json"]);
  });

  it("refuses an edited operation, naming the file", async () => {
    const path = tmp.path("plan.json");
    await writePlan(path, [repository(7, [10], [3])]);
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace('"user":3', '"user":4'));
    await expect(readPlanFile(path)).rejects.toThrow(/edited after it was written/);
  });

  it.each([
    ["its totals", (line: string) => line.replace('"delete":1', '"delete":0')],
    [
      "its unknowns",
      (line: string) =>
        line.replace('"unknown":[]', '"unknown":[{"kind":"user","value":"x","source":"a:1"}]'),
    ],
    [
      "the place of its plan id",
      (line: string) => line.replace(/^\],("unknown":\[\]),(.*),("planId":"[0-9a-f]+")\}$/, "],$1,$3,$2}"),
    ],
  ])("refuses an edit of the last line (%s): the plan id covers the whole file", async (_name, edit) => {
    const path = tmp.path("plan.json");
    const planId = await writePlan(path, [repository(7, [10], [3])]);
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    const last = lines.pop() as string;
    expect(last.endsWith(`,"planId":"${planId}"}`)).toBe(true);
    const edited = edit(last);
    expect(edited).not.toBe(last);
    await writeFile(path, `${[...lines, edited].join("\n")}\n`);
    await expect(readPlanFile(path)).rejects.toThrow(/edited after it was written/);
  });

  it("covers every line as written, separators included", async () => {
    const path = tmp.path("plan.json");
    await writePlan(path, [repository(7, [10], [3]), repository(9, [12], [])]);
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace('\n,{"repository":9', '\n{"repository":9'));
    await expect(readPlanFile(path)).rejects.toThrow(/edited after it was written/);
  });

  it.each([
    ["a truncated plan", (text: string) => text.split("\n").slice(0, 2).join("\n"), /cut short/],
    ["a non-plan JSON file", () => '{"repository":"x","users":[]}\n', /not an sgkit-migrate plan/],
    [
      "a future version",
      (text: string) => text.replace('"version":1', '"version":2'),
      /version 2 is not supported/,
    ],
    [
      "a bad repository line",
      (text: string) => text.replace('"repository":7', '"repository":"seven"'),
      /plan\.json:2: field "repository"/,
    ],
    [
      "a broken line",
      (text: string) => text.replace('"desired":', '"desired"'),
      /plan\.json:2: not a plan file/,
    ],
    [
      "a pretty-printed plan",
      (text: string) => JSON.stringify(JSON.parse(text), null, 2),
      /not an sgkit-migrate plan/,
    ],
  ])("refuses %s with the file and line", async (_name, edit, message) => {
    const path = tmp.path("plan.json");
    await writePlan(path, [repository(7, [10], [3])]);
    await writeFile(path, edit(await readFile(path, "utf8")));
    const error = await readPlanFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlanFileError);
    expect((error as Error).message).toMatch(message);
  });

  it("refuses to read on when the file changes after it was checked", async () => {
    const path = tmp.path("plan.json");
    await writePlan(path, [repository(7, [10], [3])]);
    const plan = await readPlanFile(path);
    await writeFile(path, `${await readFile(path, "utf8")}\n\n`);
    const read = async () => {
      for await (const _ of plan.repositories()) void _;
    };
    await expect(read()).rejects.toThrow(/changed while it was being applied/);
  });
});
