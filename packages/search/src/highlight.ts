import type { ChunkMatch, LineMatch } from "./matches.js";

/** A piece of text, matched (`highlighted`) or not. Joining every span's text gives the original text back. */
export interface HighlightSpan {
  text: string;
  highlighted: boolean;
}

/**
 * Splits a line match's `line` into spans at its `offsetAndLengths`, counted in Unicode code points as the
 * server counts them (Go runes: a character outside the BMP, such as 😀, is one).
 */
export function highlightLineMatch(match: Pick<LineMatch, "line" | "offsetAndLengths">): HighlightSpan[] {
  const points = Array.from(match.line);
  const ranges = match.offsetAndLengths.map(([offset, length]): [number, number] => [
    offset,
    offset + length,
  ]);
  return spans(points, ranges);
}

/**
 * Splits a chunk match's `content` into spans at its `ranges`. Ranges are placed by line and column (code points,
 * as the server counts them) relative to `contentStart`, not by their byte `offset`, so they stay right whatever
 * the file's encoding; parts outside the chunk, or past a line cut by `maxLineLength` (`contentTruncated`), are
 * cut.
 */
export function highlightChunkMatch(
  match: Pick<ChunkMatch, "content" | "contentStart" | "ranges">,
): HighlightSpan[] {
  const points = Array.from(match.content);
  // The code-point index where each line of the chunk starts.
  const lineStarts = [0];
  for (let i = 0; i < points.length; i++) if (points[i] === "\n") lineStarts.push(i + 1);
  const index = (line: number, column: number): number => {
    const relative = line - match.contentStart.line;
    if (relative < 0) return 0;
    if (relative >= lineStarts.length) return points.length;
    const start = lineStarts[relative] as number;
    const next = relative + 1 < lineStarts.length ? (lineStarts[relative + 1] as number) - 1 : points.length;
    const col = relative === 0 ? column - match.contentStart.column : column;
    return Math.min(start + Math.max(col, 0), next);
  };
  const ranges = match.ranges.map((range): [number, number] => [
    index(range.start.line, range.start.column),
    index(range.end.line, range.end.column),
  ]);
  return spans(points, ranges);
}

/** Spans of `points` with `ranges` ([start, end) in code points) highlighted: clamped, sorted and merged. */
function spans(points: string[], ranges: Array<[number, number]>): HighlightSpan[] {
  const clamped = ranges
    .map(([start, end]): [number, number] => [
      Math.max(0, Math.min(start, points.length)),
      Math.max(0, Math.min(end, points.length)),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of clamped) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  const out: HighlightSpan[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) out.push({ text: points.slice(at, start).join(""), highlighted: false });
    out.push({ text: points.slice(start, end).join(""), highlighted: true });
    at = end;
  }
  if (at < points.length || out.length === 0)
    out.push({ text: points.slice(at).join(""), highlighted: false });
  return out;
}
