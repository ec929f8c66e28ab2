import { RE2JS } from "re2js";

/**
 * A regular expression a request supplied (search patterns, `repo:` and `file:` filters, sub-repository path
 * globs), matched in time linear in the text: RE2 syntax and semantics, as Sourcegraph's Go code reads them
 * (no backtracking, so no backreferences and no lookaround; code points rather than UTF-16 units). JavaScript's
 * own `RegExp` backtracks, and one hostile pattern such as `(.*?){14}!` would hold the emulator for minutes.
 */
export interface LinearRegExp {
  /** Whether the expression matches anywhere in `text`. */
  test(text: string): boolean;
  /** Every non-empty match in `text`, left to right, as `[index, length]` in string (UTF-16) indexes. */
  findAll(text: string): Array<[number, number]>;
}

/**
 * Compiles `source` with RE2 syntax (`(?i)`, `\pL`, `[[:alpha:]]`, `\z` ...).
 *
 * @throws SyntaxError naming RE2's complaint (a backreference, a lookaround, a repeat count over 1000 ...).
 */
export function compileLinearRegExp(source: string, options: { ignoreCase?: boolean } = {}): LinearRegExp {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new SyntaxError(error instanceof Error ? error.message : String(error));
  }
  return {
    test: (text) => compiled.test(text),
    findAll(text) {
      const ranges: Array<[number, number]> = [];
      const matcher = compiled.matcher(text);
      while (matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        if (end > start) ranges.push([start, end - start]);
      }
      return ranges;
    },
  };
}

/** `text` as an expression that matches it literally. */
export function quoteRegExp(text: string): string {
  return RE2JS.quote(text);
}
