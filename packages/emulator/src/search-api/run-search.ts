import { canReadSearchContext } from "../state/can-read-search-context.js";
import type { EmulatorState } from "../state/emulator-state.js";
import type { Repository } from "../state/repository-catalog.js";
import type { User } from "../state/user-directory.js";
import { languageMatches, languageOf } from "./languages.js";
import { parseSearchQuery, type SearchQuery, UnsupportedQueryError } from "./parse-search-query.js";

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
  /** The repositories searched. */
  readonly repositoriesCount: number;
  /** The `repo` and `lang` filters with counts. */
  readonly filters: readonly Record<string, unknown>[];
}

/** Options of one search: the request's parameters. */
export interface SearchRequest {
  readonly query: string;
  /** The `t` parameter. */
  readonly patternType?: string | undefined;
  /** `cm=t`: chunk matches instead of line matches. */
  readonly chunkMatches: boolean;
}

/**
 * Runs a query over the repositories and files the viewer (undefined: anonymous) may see: explicit grants,
 * unrestricted repositories, all of them for site admins; sub-repository rules hide files; `context:` narrows
 * to a readable search context's repositories (and its query's filters).
 *
 * @throws UnsupportedQueryError for syntax the emulator does not support or an unknown or unreadable context.
 */
export function runSearch(
  state: EmulatorState,
  viewer: User | undefined,
  request: SearchRequest,
): SearchResult {
  const query = parseSearchQuery(request.query, request.patternType ?? "literal");
  const scopes: SearchQuery[] = [query];
  let contextRepositories: Set<number> | undefined;
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
    }
    if (context.query.trim() !== "") scopes.push(parseSearchQuery(context.query));
  }

  const flags = query.caseSensitive ? "" : "i";
  const repoTests = scopes.flatMap((scope) => scope.repo.map((source) => new RegExp(source, flags)));
  const notRepoTests = scopes.flatMap((scope) => scope.notRepo.map((source) => new RegExp(source, flags)));
  const fileTests = scopes.flatMap((scope) => scope.file.map((source) => new RegExp(source, flags)));
  const notFileTests = scopes.flatMap((scope) => scope.notFile.map((source) => new RegExp(source, flags)));
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
  const repoCounts = new Map<string, number>();
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
    repoCounts.set(repository.name, (repoCounts.get(repository.name) ?? 0) + count);
    if (language) langCounts.set(language, (langCounts.get(language) ?? 0) + count);
    return true;
  };

  search: for (const repository of repositories) {
    const base = { repositoryID: repository.id, repository: repository.name };
    if (type === "repo") {
      const ranges = pattern ? findAll(pattern, repository.name) : [];
      if (pattern && ranges.length === 0) continue;
      const match: SearchMatch = {
        type: "repo",
        ...base,
        branches: ["HEAD"],
        private: !repository.unrestricted,
      };
      if (!add(repository, match, 1)) break;
      continue;
    }
    const paths = [...repository.files.keys()].sort();
    for (const path of paths) {
      if (viewer && !state.subRepoPermissions.allows(repository.id, viewer.id, path)) continue;
      if (!fileTests.every((test) => test.test(path)) || notFileTests.some((test) => test.test(path)))
        continue;
      const language = languageOf(path);
      if (!langs.every((name) => languageMatches(language, name))) continue;
      const file = { ...base, path, commit: "HEAD", branches: ["HEAD"], ...(language ? { language } : {}) };
      if (type === "path") {
        const ranges = pattern ? findAll(pattern, path) : [];
        if (pattern && ranges.length === 0) continue;
        const match: SearchMatch = {
          type: "path",
          ...file,
          ...(ranges.length > 0 ? { pathMatches: ranges.map((range) => pathRange(range)) } : {}),
        };
        if (!add(repository, match, 1, language)) break search;
        continue;
      }
      if (!pattern) continue;
      const content = repository.files.get(path) ?? "";
      const found = contentMatch(pattern, content, request.chunkMatches);
      if (!found) continue;
      if (!add(repository, { type: "content", ...file, ...found.fields }, found.count, language))
        break search;
    }
  }

  const exhaustive = !limitHit;
  const filters = [
    ...[...repoCounts].map(([name, count]) => ({
      value: `repo:^${escapeRegExp(name)}$`,
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
  ].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { matches, limitHit, repositoriesCount: repositories.length, filters };
}

function compilePattern(query: SearchQuery): RegExp | undefined {
  if (query.pattern === "") return undefined;
  const source = query.patternType === "regexp" ? query.pattern : escapeRegExp(query.pattern);
  try {
    return new RegExp(source, query.caseSensitive ? "g" : "gi");
  } catch {
    throw new UnsupportedQueryError("Invalid regular expression", `${query.pattern} is not a regexp.`);
  }
}

/** Every non-empty match of `pattern` (global) in `text`, as [offset, length]. */
function findAll(pattern: RegExp, text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    ranges.push([match.index, match[0].length]);
  }
  return ranges;
}

function pathRange([offset, length]: [number, number]) {
  return {
    start: { offset, line: 0, column: offset },
    end: { offset: offset + length, line: 0, column: offset + length },
  };
}

// Matches line by line (a match never spans lines); offsets are UTF-16 code units, lines 0-based.
function contentMatch(
  pattern: RegExp,
  content: string,
  chunks: boolean,
): { fields: SearchMatch; count: number } | undefined {
  const lines = content.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  const lineMatches: SearchMatch[] = [];
  const chunkMatches: SearchMatch[] = [];
  let count = 0;
  let lineStart = 0;
  lines.forEach((line, lineNumber) => {
    const ranges = findAll(pattern, line);
    if (ranges.length > 0) {
      count += ranges.length;
      lineMatches.push({ line, lineNumber, offsetAndLengths: ranges });
      chunkMatches.push({
        content: line,
        contentStart: { offset: lineStart, line: lineNumber, column: 0 },
        ranges: ranges.map(([column, length]) => ({
          start: { offset: lineStart + column, line: lineNumber, column },
          end: { offset: lineStart + column + length, line: lineNumber, column: column + length },
        })),
      });
    }
    lineStart += line.length + 1;
  });
  if (count === 0) return undefined;
  return { fields: chunks ? { chunkMatches } : { lineMatches }, count };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
