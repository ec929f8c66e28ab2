import type { LinearRegExp } from "../linear-regexp.js";
import { measureText, type SearchLocation, TextLocator } from "./text-locator.js";

/** How content matches are shaped: the request's `cm`, `cl` and `max-line-len`. */
export interface ContentMatchOptions {
  /** `cm=t`: chunk matches instead of line matches. */
  readonly chunkMatches: boolean;
  /** `cl`: lines of context around each chunk (with `cm=t`). Default 0. */
  readonly contextLines?: number;
  /** `max-line-len`: the longest line of a chunk's content, in UTF-8 bytes; 0 or undefined for no limit. */
  readonly maxLineLength?: number | undefined;
}

interface MatchRange {
  readonly start: SearchLocation;
  readonly end: SearchLocation;
}

/**
 * The matches of `pattern` in a file's `content`, line by line (a match never spans lines), in the
 * wire units of Sourcegraph's streaming search (see {@link TextLocator}): `lineMatches` whose `offsetAndLengths`
 * are code points within `line`; or, with `chunkMatches`, `chunkMatches` whose ranges are absolute locations.
 * Chunks follow searcher: ranges whose lines are at most `2 × contextLines` apart share a chunk (so chunks never
 * overlap), and a chunk's content is its lines plus up to `contextLines` lines on each side, without the last
 * line end. `maxLineLength` cuts each line of a chunk's content to that many bytes (never inside a character)
 * and marks the chunk `contentTruncated`; its ranges are left as they were (max-line-len, Sourcegraph 5.3).
 *
 * @returns undefined when nothing matched; otherwise the fields to add to the match, and how many ranges.
 */
export function matchContent(
  pattern: LinearRegExp,
  content: string,
  options: ContentMatchOptions,
): { fields: Record<string, unknown>; count: number } | undefined {
  const lines = content.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  const locator = new TextLocator(content);
  const byLine: Array<{ line: number; ranges: MatchRange[] }> = [];
  let count = 0;
  lines.forEach((text, line) => {
    const start = locator.lineStart(line);
    const ranges = pattern.findAll(text).map(([index, length]) => ({
      start: locator.locate(start + index),
      end: locator.locate(start + index + length),
    }));
    if (ranges.length === 0) return;
    count += ranges.length;
    byLine.push({ line, ranges });
  });
  if (count === 0) return undefined;
  if (!options.chunkMatches) {
    return {
      fields: {
        lineMatches: byLine.map(({ line, ranges }) => ({
          line: lines[line],
          lineNumber: line,
          offsetAndLengths: ranges.map(({ start, end }) => [start.column, end.column - start.column]),
        })),
      },
      count,
    };
  }
  const context = options.contextLines ?? 0;
  const chunks: Array<{ first: number; last: number; ranges: MatchRange[] }> = [];
  for (const { line, ranges } of byLine) {
    const previous = chunks.at(-1);
    if (previous && previous.last + 2 * context >= line) {
      previous.last = line;
      previous.ranges.push(...ranges);
    } else chunks.push({ first: line, last: line, ranges: [...ranges] });
  }
  const maxBytes = options.maxLineLength || Infinity;
  return {
    fields: {
      chunkMatches: chunks.map(({ first, last, ranges }) => {
        const from = Math.max(0, first - context);
        const to = Math.min(lines.length - 1, last + context);
        let truncated = false;
        const shown = lines.slice(from, to + 1).map((text) => {
          const end = measureText(text, 0, text.length, maxBytes).end;
          if (end === text.length) return text;
          truncated = true;
          return text.slice(0, end);
        });
        return {
          content: shown.join("\n"),
          contentStart: locator.locate(locator.lineStart(from)),
          ranges,
          ...(truncated ? { contentTruncated: true } : {}),
        };
      }),
    },
    count,
  };
}
