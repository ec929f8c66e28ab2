/** Fields a server may add that this version does not know: kept, never dropped. */
export type Open = { [field: string]: unknown };

/**
 * A position in a file, in the units Sourcegraph's server counts in (Go): `offset` in bytes of the file's UTF-8
 * from its start, `line` from 0, `column` in Unicode code points from the line's start (so 😀 is 4 bytes, one
 * column, and two JavaScript string indexes).
 */
export interface Location {
  /** UTF-8 bytes from the start of the file (for a path match, of the path). */
  offset: number;
  /** From 0. */
  line: number;
  /** Unicode code points from the start of the line, from 0. */
  column: number;
}

/** A matched range of a chunk match. */
export interface Range {
  start: Location;
  end: Location;
}

/** A matched line (without `cm=t`). */
export interface LineMatch extends Open {
  line: string;
  /** From 0. */
  lineNumber: number;
  /**
   * `[offset, length]` pairs within `line`, both in Unicode code points (not JavaScript string indexes: use
   * `highlightLineMatch`, or `Array.from(line)`, to slice).
   */
  offsetAndLengths: Array<[number, number]>;
}

/** A matched chunk of lines (with `cm=t`): `content` is whole lines, starting at `contentStart`. */
export interface ChunkMatch extends Open {
  /** The lines, joined with `\n`; with `cl`, context lines around the matches too. */
  content: string;
  /** Where `content` starts (column 0). */
  contentStart: Location;
  /** Absolute positions in the file, not relative to `content`. */
  ranges: Range[];
  /**
   * True when the server cut lines of `content` to the request's `maxLineLength` (`max-line-len`); `ranges` still
   * point into the whole lines, so parts of them may lie past the cut.
   */
  contentTruncated?: boolean;
}

/** The fields every file result has. */
export interface FileFields extends Open {
  path: string;
  pathMatches?: Range[];
  repositoryID: number;
  repository: string;
  repoStars?: number;
  repoLastFetched?: string;
  branches?: string[];
  commit?: string;
  hunks?: unknown;
  language?: string;
}

/** A file with matched content: `lineMatches` without chunk matches, `chunkMatches` with `cm=t`. */
export interface ContentMatch extends FileFields {
  type: "content";
  lineMatches?: LineMatch[];
  chunkMatches?: ChunkMatch[];
}

/** A file matched by its path (`type:path`). */
export interface PathMatch extends FileFields {
  type: "path";
}

export interface SymbolInfo extends Open {
  /** A link to the symbol's definition, relative to the instance. */
  url: string;
  name: string;
  containerName: string;
  /** The LSP kind in upper case: `FUNCTION`, `METHOD`, `CLASS`, `STRUCT`, `INTERFACE`, `VARIABLE`, … */
  kind: string;
  /** From 1. */
  line: number;
}

/** A file with matched symbols (`type:symbol`). */
export interface SymbolMatch extends FileFields {
  type: "symbol";
  symbols: SymbolInfo[];
}

/** A matched repository (`type:repo`). */
export interface RepositoryMatch extends Open {
  type: "repo";
  repositoryID: number;
  repository: string;
  branches?: string[];
  repoStars?: number;
  description?: string;
  descriptionMatches?: Range[];
  fork?: boolean;
  archived?: boolean;
  private?: boolean;
  keyValuePairs?: Record<string, string | null>;
}

/** A matched commit or diff (`type:commit`, `type:diff`): `ranges` are `[line, character, length]` in `content`. */
export interface CommitMatch extends Open {
  type: "commit";
  label: string;
  url: string;
  detail: string;
  repositoryID: number;
  repository: string;
  oid: string;
  message: string;
  authorName: string;
  authorDate: string;
  content: string;
  ranges: Array<[number, number, number]>;
}

/** An owner found by ownership search: a person. */
export interface PersonMatch extends Open {
  type: "person";
}

/** An owner found by ownership search: a team. */
export interface TeamMatch extends Open {
  type: "team";
}

/**
 * Every match type, told apart by `type`. A match of a type newer than this version still arrives, unchanged, in
 * a `matches` event: its `type` is then none of these (see {@link UnknownMatch}), so end a `switch` on `type` with a
 * `default` branch rather than assuming it cannot happen.
 */
export type SearchMatch =
  | ContentMatch
  | PathMatch
  | SymbolMatch
  | RepositoryMatch
  | CommitMatch
  | PersonMatch
  | TeamMatch;

/**
 * A match of a type newer than this client, as the server sent it. Not part of {@link SearchMatch}, so that
 * narrowing on `type` keeps working; test `isKnownMatch(match)` where the difference matters.
 */
export interface UnknownMatch extends Open {
  type: string;
}

const KNOWN_MATCH_TYPES: ReadonlySet<string> = new Set([
  "content",
  "path",
  "symbol",
  "repo",
  "commit",
  "person",
  "team",
]);

/** Whether `match` has one of the types this version knows; false for a newer server's types. */
export function isKnownMatch(match: SearchMatch | UnknownMatch): match is SearchMatch {
  return KNOWN_MATCH_TYPES.has(match.type);
}
