export { type CollectOptions, collect, searchAll } from "./collect/collect.js";
export { isIncompleteReason } from "./collect/is-incomplete-reason.js";
export type { SearchResults } from "./collect/search-results.js";
export { EventTooLargeError } from "./errors/event-too-large-error.js";
export { IncompleteStreamError } from "./errors/incomplete-stream-error.js";
export { StreamingSearchError } from "./errors/streaming-search-error.js";
export { type HighlightSpan, highlightChunkMatch, highlightLineMatch } from "./highlight/highlight.js";
export { type SearchOptions, search, searchUrl } from "./search/search.js";
export { searchEvents } from "./search/search-events.js";
export type { SearchStream } from "./search/search-stream.js";
export { type ParseServerSentEventsOptions, parseServerSentEvents } from "./sse/parse-server-sent-events.js";
export type { ServerSentEvent } from "./sse/server-sent-event.js";
export { DEFAULT_MAX_EVENT_SIZE, ServerSentEventParser } from "./sse/server-sent-event-parser.js";
export type { Alert, Filter, Progress, ProposedQuery, SearchEvent, Skipped } from "./types/search-event.js";
export {
  type ChunkMatch,
  type CommitMatch,
  type ContentMatch,
  type FileFields,
  isKnownMatch,
  type LineMatch,
  type Location,
  type Open,
  type PathMatch,
  type PersonMatch,
  type Range,
  type RepositoryMatch,
  type SearchMatch,
  type SymbolInfo,
  type SymbolMatch,
  type TeamMatch,
  type UnknownMatch,
} from "./types/search-match.js";
export { VERSION } from "./version.js";
