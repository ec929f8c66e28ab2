import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The README's conformance table and the tests that name its rows: every row has a test whose title starts with
// its id ("GQL-13: ..."), and no test names an id the table does not have.
const root = join(import.meta.dirname, "..");
const ID = /^(?:AUTH|HTTP|GQL|SEARCH|LIMIT)-[1-9][0-9]*$/;

interface Row {
  readonly id: string;
  readonly cells: readonly string[];
  readonly line: number;
}

/** The rows of the `## Conformance` table whose first cell is an id (group rows have none). */
function tableRows(readme: string): Row[] {
  const lines = readme.split("\n");
  const start = lines.indexOf("## Conformance");
  if (start < 0) throw new Error("README.md has no ## Conformance section");
  const rows: Row[] = [];
  for (let index = start + 1; index < lines.length && !lines[index]?.startsWith("## "); index++) {
    const line = lines[index] ?? "";
    if (!line.startsWith("|")) continue;
    // Cells split on pipes that are not escaped.
    const cells = line
      .slice(1, line.endsWith("|") ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    const id = cells[0] ?? "";
    if (ID.test(id)) rows.push({ id, cells, line: index + 1 });
  }
  return rows;
}

/** Every `*.test.ts` under `dir`, as paths relative to the package. */
function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".test.ts"))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** The ids each test file names: a string literal (a test title) starting with `ID: ` or `ID, ID: `. */
function namedIds(): Map<string, string[]> {
  const named = new Map<string, string[]>();
  const title = /["'`]((?:[A-Z]+-\d+)(?:, [A-Z]+-\d+)*): /g;
  for (const file of [...testFiles("src"), ...testFiles("test")]) {
    for (const match of readFileSync(join(root, file), "utf8").matchAll(title)) {
      for (const id of (match[1] ?? "").split(", ")) named.set(id, [...(named.get(id) ?? []), file]);
    }
  }
  return named;
}

describe("the conformance table (README.md, ## Conformance)", () => {
  const rows = tableRows(readFileSync(join(root, "README.md"), "utf8"));
  const named = namedIds();

  it("has rows, each with an id, a behaviour, Sourcegraph's, where it was read and the emulator's, ids unique", () => {
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      expect({ line: row.line, cells: row.cells.length }).toEqual({ line: row.line, cells: 5 });
      expect(
        row.cells.filter((cell) => cell === ""),
        `README.md:${row.line}`,
      ).toEqual([]);
    }
    const ids = rows.map((row) => row.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it("has a test naming each row's id", () => {
    expect(
      rows.filter((row) => !named.has(row.id)).map((row) => `${row.id} (README.md:${row.line})`),
    ).toEqual([]);
  });

  it("has a row for each id a test names", () => {
    const ids = new Set(rows.map((row) => row.id));
    const unknown = [...named]
      .filter(([id]) => !ids.has(id))
      .map(([id, files]) => `${id} (${files.join(", ")})`);
    expect(unknown).toEqual([]);
  });
});
