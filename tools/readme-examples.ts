import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { vi } from "vitest";

/**
 * Reads the README examples of the package in `packageDir`, so its tests run them exactly as a user copies
 * them (the README example is the first test, as in Octokit).
 */
export function readmeExamples(packageDir: string) {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  const dir = join(packageDir, ".readme-examples");

  /** The first block of `language` after `heading`. */
  function example(heading: string, language = "ts"): string {
    const at = readme.indexOf(heading);
    const match = at < 0 ? null : new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(readme.slice(at));
    if (!match?.[1]) throw new Error(`README.md has no ${language} example under ${heading}`);
    return match[1];
  }

  /**
   * Writes `code` to `.readme-examples/<name>.ts` (git-ignored) and imports it, with `console.log` captured:
   * `calls` holds each call's arguments, `lines` each call as one line (non-strings as JSON).
   */
  async function run<T = Record<string, unknown>>(
    name: string,
    code: string,
  ): Promise<{ module: T; calls: unknown[][]; lines: string[] }> {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, code);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      const module = (await import(file)) as T;
      const calls = log.mock.calls.map((args) => [...args]);
      const lines = calls.map((args) =>
        args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "),
      );
      return { module, calls, lines };
    } finally {
      log.mockRestore();
    }
  }

  return { example, run };
}
