import type { Open, SearchMatch } from "./search-match.js";

/** Why part of a search was skipped. `reason` is an open string (see `isIncompleteReason`). */
export interface Skipped extends Open {
  reason: string;
  title: string;
  message: string;
  severity: string;
  suggested?: { title: string; queryExpression: string };
}

/** The state of the search so far; each one replaces the previous. */
export interface Progress extends Open {
  done: boolean;
  repositoriesCount?: number;
  matchCount: number;
  durationMs: number;
  skipped: Skipped[];
  trace?: string;
}

/** A suggested filter; older servers send `limitHit` instead of `exhaustive`. */
export interface Filter extends Open {
  value: string;
  label: string;
  count: number;
  exhaustive?: boolean;
  limitHit?: boolean;
  kind: string;
}

export interface ProposedQuery extends Open {
  description?: string;
  query: string;
  annotations?: Array<{ name: string; value: string }>;
}

/** A problem with the query (syntax, or a suggestion): not an error. */
export interface Alert extends Open {
  title: string;
  description?: string;
  kind?: string;
  proposedQueries: ProposedQuery[] | null;
}

/** An event of the search stream, told apart by `type`. */
export type SearchEvent =
  | { type: "matches"; data: SearchMatch[] }
  | { type: "progress"; data: Progress }
  | { type: "filters"; data: Filter[] }
  | { type: "alert"; data: Alert }
  | { type: "error"; data: { message: string } & Open }
  | { type: "done"; data: Open }
  /** An event name this version does not know; `data` is the parsed JSON, or the raw text when not JSON. */
  | { type: "unknown"; event: string; data: unknown };
