/** Fields a server may add that this version does not know: kept, never dropped. */
export type Open = { [field: string]: unknown };

/** A position in a file: `offset` in bytes from the file's start, `line` and `column` from 0 (column in code points). */
export interface Location {
  offset: number;
  line: number;
  column: number;
}

/** A matched range of a chunk match. */
export interface Range {
  start: Location;
  end: Location;
}

/** A matched line (without `cm=t`): `offsetAndLengths` are `[offset, length]` pairs within `line`, in code points. */
export interface LineMatch extends Open {
  line: string;
  /** From 0. */
  lineNumber: number;
  offsetAndLengths: Array<[number, number]>;
}

/** A matched chunk of lines (with `cm=t`): `content` starts at `contentStart`; `ranges` are absolute. */
export interface ChunkMatch extends Open {
  content: string;
  contentStart: Location;
  ranges: Range[];
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
  url: string;
  name: string;
  containerName: string;
  kind: string;
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
