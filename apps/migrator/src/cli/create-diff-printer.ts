import type { PlanRepository } from "../plan/plan-types.js";
import { renderRepositoryDiff } from "../plan/render-plan.js";
import { countNoun } from "../text/count-noun.js";

/** Prints repositories' diffs as they are planned; see {@link createDiffPrinter}. */
export interface DiffPrinter {
  show(repository: PlanRepository): void;
  /** Says how many repositories were left out, if any. */
  finish(): void;
}

/**
 * The diff on stdout, terraform-style, at most `maxDiffLines` lines (0 for all), so that a plan of a million
 * operations does not flood a terminal; nothing with `--json`, whose stdout is one document.
 */
export function createDiffPrinter(options: {
  json: boolean;
  maxDiffLines: number;
  stdout: { write(text: string): unknown };
}): DiffPrinter {
  let lines = 0;
  let left = 0;
  return {
    show(repository) {
      if (options.json) return;
      const diff = renderRepositoryDiff(repository);
      if (options.maxDiffLines > 0 && lines + diff.length > options.maxDiffLines) {
        left += 1;
        return;
      }
      lines += diff.length;
      options.stdout.write(`${diff.join("\n")}\n`);
    },
    finish() {
      if (left === 0) return;
      options.stdout.write(
        `… and ${countNoun(left, "more repository", "more repositories")} with changes (raise --max-diff-lines, or read the plan file)\n`,
      );
    },
  };
}
