/** The parameters of a streaming search request, read and checked. */
export interface SearchParams {
  /** `q`. */
  readonly query: string;
  /** `t`: the pattern type when the query has none. */
  readonly patternType: string | undefined;
  /** `display`: the most matches to send; Infinity for -1, absent or not a whole number >= 0. */
  readonly display: number;
  /** `cm`: chunk matches instead of line matches (t, true, 1, yes). */
  readonly chunkMatches: boolean;
  /** `cl`: context lines around chunk matches; 0 when absent. */
  readonly contextLines: number;
  /** `max-line-len`: the longest line of a chunk's content, in bytes; undefined when absent or 0. */
  readonly maxLineLength: number | undefined;
}

const TRUE = new Set(["t", "true", "1", "yes"]);

/**
 * Reads the query string of `GET /.api/search/stream`.
 *
 * @returns the parameters, or a message naming the bad parameter (answered as a plain-text 400).
 */
export function readSearchParams(params: URLSearchParams): SearchParams | { readonly error: string } {
  const query = params.get("q");
  if (query === null || query.trim() === "") return { error: "no query: the q parameter is required" };
  const display = Number(params.get("display") ?? "-1");
  const contextLines = wholeNumber(params, "cl");
  if (typeof contextLines === "string") return { error: contextLines };
  const maxLineLength = wholeNumber(params, "max-line-len");
  if (typeof maxLineLength === "string") return { error: maxLineLength };
  return {
    query,
    patternType: params.get("t") ?? undefined,
    display: Number.isSafeInteger(display) && display >= 0 ? display : Number.POSITIVE_INFINITY,
    chunkMatches: TRUE.has((params.get("cm") ?? "").toLowerCase()),
    contextLines,
    maxLineLength: maxLineLength === 0 ? undefined : maxLineLength,
  };
}

/** The parameter `name` as a whole number >= 0 (0 when absent), or a message saying what is wrong. */
function wholeNumber(params: URLSearchParams, name: string): number | string {
  const raw = params.get(name);
  if (raw === null || raw === "") return 0;
  const value = Number(raw);
  return /^[0-9]+$/.test(raw) && Number.isSafeInteger(value)
    ? value
    : `${name} must be a whole number >= 0, got ${JSON.stringify(raw)}`;
}
