import { createHash } from "node:crypto";
import { compileLinearRegExp, type LinearRegExp, quoteRegExp } from "../linear-regexp.js";
import type { User } from "../state/accounts.js";
import type { EmulatorState } from "../state/emulator-state.js";
import type { Repository } from "../state/repository-catalog.js";
import { canReadSearchContext } from "../state/search-contexts.js";
import { findSymbols } from "./find-symbols.js";
import { languageMatches, languageOf } from "./languages.js";
import { type ContentMatchOptions, matchContent } from "./match-content.js";
import {
  invalidRegExp,
  parseSearchQuery,
  type SearchQuery,
  UnsupportedQueryError,
} from "./parse-search-query.js";
import { TextLocator } from "./text-locator.js";

/** The default `count:`, as Sourcegraph's streaming search. */
export const DEFAULT_COUNT = 500;

/** One match event item, as sent in a `matches` event. */
export type SearchMatch = Record<string, unknown>;

/** A search's results, before they are streamed. */
export interface SearchResult {
  /** The matches in order: by repository id, then path. */
  readonly matches: readonly { readonly match: SearchMatch; readonly count: number }[];
  /** Whether `count:` stopped the search with more to find. */
  readonly limitHit: boolean;
  /** The `count:` limit the search ran with. */
  readonly limit: number;
  /** The repositories searched. */
  readonly repositoriesCount: number;
  /** The `repo` and `lang` filters with counts. */
  readonly filters: readonly Record<string, unknown>[];
}

/** Options of one search: the request's parameters (`cm`, `cl` and `max-line-len` shape content matches). */
export interface SearchRequest extends ContentMatchOptions {
  readonly query: string;
  /** The `t` parameter. */
  readonly patternType?: string | undefined;
}

/**
 * Runs a query over the repositories and files the viewer (undefined: anonymous) may see: explicit grants,
 * unrestricted repositories, all of them for site admins; sub-repository rules hide files; `context:` narrows
 * to a readable search context's repositories (and its query's filters). `type:symbol` matches the pattern
 * against the names of the symbols {@link findSymbols} finds (every symbol without a pattern); each symbol
 * counts as one match. Positions are in Sourcegraph's units (see {@link TextLocator}).
 *
 * @throws UnsupportedQueryError for syntax the emulator does not support or an unknown or unreadable context.
 */
export function runSearch(
  state: EmulatorState,
  viewer: User | undefined,
  request: SearchRequest,
): SearchResult {
  // Without `t` (and without `patterntype:`) the server picks the version's default, `standard` for V3, the
  // default version (internal/search/client/client.go, `detectSearchType`), so a lone `/.../` is a regexp.
  const query = parseSearchQuery(request.query, request.patternType ?? "standard");
  const scopes: SearchQuery[] = [query];
  let contextRepositories: Set<number> | undefined;
  // The revisions a search context asks for, by repository id.
  const contextRevisions = new Map<number, readonly string[]>();
  if (query.context !== undefined && query.context !== "global") {
    const context = state.searchContextBySpec(query.context);
    if (!context || !canReadSearchContext(state, viewer, context)) {
      throw new UnsupportedQueryError(
        "Search context not found",
        `The search context ${JSON.stringify(query.context)} does not exist or you may not read it.`,
      );
    }
    if (context.repositories.length > 0) {
      contextRepositories = new Set(context.repositories.map((entry) => entry.repositoryId));
      for (const entry of context.repositories) {
        if (entry.revisions.length > 0) contextRevisions.set(entry.repositoryId, entry.revisions);
      }
    }
    if (context.query.trim() !== "") scopes.push(parseSearchQuery(context.query));
  }

  // Every expression a request supplies is matched in linear time (RE2), as Sourcegraph's Go code matches it.
  const compile = (field: string) => (source: string) => {
    try {
      return compileLinearRegExp(source, { ignoreCase: !query.caseSensitive });
    } catch (error) {
      throw invalidRegExp(`${field}${source}`, error);
    }
  };
  const repoTests = scopes.flatMap((scope) => scope.repo.map(compile("repo:")));
  const revisionTests = scopes.flatMap((scope) =>
    [...scope.repoRevisions].map(([source, revisions]) => ({ test: compile("repo:")(source), revisions })),
  );
  /**
   * The revisions searched in a repository, as Sourcegraph's input revisions: those of the first `repo:...@rev`
   * whose regexp matches, else the search context's, else `""` (the default branch, which Sourcegraph reports as
   * `branches: [""]`).
   */
  const revisionsOf = (repository: Repository): readonly string[] =>
    revisionTests.find((entry) => entry.test.test(repository.name))?.revisions ??
    contextRevisions.get(repository.id) ?? [""];
  const notRepoTests = scopes.flatMap((scope) => scope.notRepo.map(compile("-repo:")));
  const fileTests = scopes.flatMap((scope) => scope.file.map(compile("file:")));
  const notFileTests = scopes.flatMap((scope) => scope.notFile.map(compile("-file:")));
  const langs = scopes.flatMap((scope) => scope.lang);
  const fileFiltered = fileTests.length + notFileTests.length + langs.length > 0;
  const type =
    query.type ?? (query.pattern === "" && !fileFiltered ? "repo" : query.pattern === "" ? "path" : "file");
  const limit = query.count ?? DEFAULT_COUNT;
  const pattern = compilePattern(query);

  const repositories = state.repositories
    .all()
    .filter(
      (repository) =>
        state.canSeeRepository(repository, viewer) &&
        (!contextRepositories || contextRepositories.has(repository.id)) &&
        repoTests.every((test) => test.test(repository.name)) &&
        !notRepoTests.some((test) => test.test(repository.name)),
    );

  const matches: { match: SearchMatch; count: number }[] = [];
  // By filter value: the repository, and the revision when one is named (`repo:^name$@rev`).
  const repoCounts = new Map<string, { name: string; count: number }>();
  const langCounts = new Map<string, number>();
  let total = 0;
  let limitHit = false;
  const add = (repository: Repository, match: SearchMatch, count: number, language?: string): boolean => {
    if (total >= limit) {
      limitHit = true;
      return false;
    }
    matches.push({ match, count });
    total += count;
    // As Sourcegraph's addRepoFilter (internal/search/streaming/filters.go): Go's QuoteMeta of the name, and
    // `@<rev>` for a named revision.
    const revision = (match.branches as readonly string[] | undefined)?.[0] ?? "";
    const value = `repo:^${quoteMeta(repository.name)}$${revision === "" ? "" : `@${revision}`}`;
    const entry = repoCounts.get(value) ?? { name: repository.name, count: 0 };
    repoCounts.set(value, { name: entry.name, count: entry.count + count });
    if (language) langCounts.set(language, (langCounts.get(language) ?? 0) + count);
    return true;
  };

  search: for (const repository of repositories) {
    const base = { repositoryID: repository.id, repository: repository.name };
    const revisions = revisionsOf(repository);
    if (type === "repo") {
      const ranges = pattern ? pattern.findAll(repository.name) : [];
      if (pattern && ranges.length === 0) continue;
      for (const revision of revisions) {
        // As Sourcegraph's fromRepository: `branches` only for a named revision.
        const match: SearchMatch = {
          type: "repo",
          ...base,
          ...(revision !== "" ? { branches: [revision] } : {}),
          private: !repository.unrestricted,
        };
        if (!add(repository, match, 1)) break search;
      }
      continue;
    }
    const paths = [...repository.files.keys()].sort();
    for (const path of paths) {
      if (viewer && !state.subRepoPermissions.allows(repository.id, viewer.id, path)) continue;
      if (!fileTests.every((test) => test.test(path)) || notFileTests.some((test) => test.test(path)))
        continue;
      const language = languageOf(path);
      if (!langs.every((name) => languageMatches(language, name))) continue;
      const file = { ...base, path, ...(language ? { language } : {}) };
      /** Adds one match per revision searched (as Sourcegraph's one FileMatch per input revision). */
      const addPerRevision = (fields: SearchMatch, count: number): boolean =>
        revisions.every((revision) =>
          add(
            repository,
            { ...fields, commit: fakeCommit(repository.name, revision), branches: [revision] },
            count,
            language,
          ),
        );
      if (type === "path") {
        const ranges = pattern ? pattern.findAll(path) : [];
        if (pattern && ranges.length === 0) continue;
        const match: SearchMatch = {
          type: "path",
          ...file,
          ...(ranges.length > 0 ? { pathMatches: pathRanges(path, ranges) } : {}),
        };
        if (!addPerRevision(match, 1)) break search;
        continue;
      }
      const content = repository.files.get(path) ?? "";
      if (type === "symbol") {
        const symbols = findSymbols(language, content).filter(
          (symbol) => !pattern || pattern.findAll(symbol.name).length > 0,
        );
        if (symbols.length === 0) continue;
        const locator = new TextLocator(content);
        const located = symbols.map(({ name, kind, line, index }) => {
          const column = locator.locate(locator.lineStart(line) + index).column;
          // As Sourcegraph's SymbolMatch.URL: the range of the name, 1-based, in the query string.
          const range = `L${line + 1}:${column + 1}-${line + 1}:${column + 1 + [...name].length}`;
          return { name, kind, line, range };
        });
        // The blob link names the revision searched, and none for the default branch, as Sourcegraph's File.URL
        // writes `@<InputRev>` only when it is not empty (internal/search/result/file.go).
        const symbolsAt = (revision: string) =>
          located.map(({ name, kind, line, range }) => ({
            url: `/${repository.name}${revision === "" ? "" : `@${revision}`}/-/blob/${path}?${range}`,
            name,
            containerName: "",
            kind,
            line: line + 1,
          }));
        const added = revisions.every((revision) =>
          add(
            repository,
            {
              type: "symbol",
              ...file,
              symbols: symbolsAt(revision),
              commit: fakeCommit(repository.name, revision),
              branches: [revision],
            },
            symbols.length,
            language,
          ),
        );
        if (!added) break search;
        continue;
      }
      if (!pattern) continue;
      const found = matchContent(pattern, content, request);
      if (!found) continue;
      // `hunks` is always present on content matches: null, as Sourcegraph sends it.
      if (!addPerRevision({ type: "content", ...file, hunks: null, ...found.fields }, found.count))
        break search;
    }
  }

  const exhaustive = !limitHit;
  const filters = [
    ...[...repoCounts].map(([value, { name, count }]) => ({
      value,
      label: name,
      count,
      exhaustive,
      kind: "repo",
    })),
    ...[...langCounts].map(([language, count]) => ({
      value: `lang:${language.toLowerCase()}`,
      label: language,
      count,
      exhaustive,
      kind: "lang",
    })),
    // As Sourcegraph's filterSlice (internal/search/streaming/filters.go): higher count first, then by value.
  ].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { matches, limitHit, limit, repositoriesCount: repositories.length, filters };
}

/**
 * The commit a revision of a repository resolves to: a stable fake 40-hex SHA-1 derived from the repository's name
 * (and the revision, unless it is the default branch, `""` or `HEAD`), as the emulator has no git history.
 */
export function fakeCommit(repositoryName: string, revision = ""): string {
  const key = revision === "" || revision === "HEAD" ? repositoryName : `${repositoryName}@${revision}`;
  return createHash("sha1").update(key).digest("hex");
}

function compilePattern(query: SearchQuery): LinearRegExp | undefined {
  if (query.pattern === "") return undefined;
  const source = query.patternType === "regexp" ? query.pattern : quoteRegExp(query.pattern);
  try {
    return compileLinearRegExp(source, { ignoreCase: !query.caseSensitive });
  } catch (error) {
    throw invalidRegExp(query.pattern, error);
  }
}

/** Path match ranges: the path is one line; offsets in bytes, columns in code points. */
function pathRanges(path: string, ranges: ReadonlyArray<[number, number]>) {
  const locator = new TextLocator(path);
  return ranges.map(([index, length]) => ({
    start: locator.locate(index),
    end: locator.locate(index + length),
  }));
}

/** Go's `regexp.QuoteMeta`: a backslash before each of `\.+*?()|[]{}^$` (not `/`). */
function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
