export {
  createSearchClient,
  type SearchClient,
  type SearchOptions,
  type SearchStream,
} from "./client.js";
export { type CollectOptions, collect, isIncompleteReason, type SearchResults } from "./collect.js";
export { EventTooLargeError, IncompleteStreamError, StreamingSearchError } from "./errors.js";
export {
  type Alert,
  type Filter,
  type Progress,
  type ProposedQuery,
  type SearchEvent,
  type Skipped,
  searchEvents,
} from "./events.js";
export { type HighlightSpan, highlightChunkMatch, highlightLineMatch } from "./highlight.js";
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
} from "./matches.js";
export {
  DEFAULT_MAX_EVENT_SIZE,
  type ParseServerSentEventsOptions,
  parseServerSentEvents,
  type ServerSentEvent,
  ServerSentEventParser,
} from "./sse.js";
export { VERSION } from "./version.js";
