import { compileLinearRegExp } from "../linear-regexp.js";

/** How the pattern of a query is read. */
export type PatternType = "literal" | "regexp";

/** The small AST of a search query: one pattern and the filters around it. */
export interface SearchQuery {
  /** The pattern terms joined by single spaces; empty when the query has only filters. */
  readonly pattern: string;
  readonly patternType: PatternType;
  readonly caseSensitive: boolean;
  /** `repo:` regexps (all must match) and `-repo:` regexps (none may match). */
  readonly repo: readonly string[];
  readonly notRepo: readonly string[];
  /**
   * The revisions of `repo:<re>@<rev>[:<rev>...]`, by the `repo:` regexp (without the `@` part); a `repo:` without
   * `@` has none.
   */
  readonly repoRevisions: ReadonlyMap<string, readonly string[]>;
  /** `file:` / `-file:` regexps on paths. */
  readonly file: readonly string[];
  readonly notFile: readonly string[];
  /** `lang:` names, lower case. */
  readonly lang: readonly string[];
  /** `type:`; undefined when not given. */
  readonly type: "file" | "path" | "repo" | "symbol" | undefined;
  /** `count:`; undefined when not given. */
  readonly count: number | undefined;
  /** `context:`; undefined when not given. */
  readonly context: string | undefined;
}

/** A query the emulator does not support, answered with an `alert` event. */
export class UnsupportedQueryError extends Error {
  override readonly name = "UnsupportedQueryError";
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The alert of a regular expression RE2 refuses (a backreference, a lookaround, a repeat count over 1000 ...):
 * a query syntax problem, which Sourcegraph answers with an `alert`.
 */
export function invalidRegExp(source: string, error: unknown): UnsupportedQueryError {
  const reason = error instanceof Error ? error.message : String(error);
  return new UnsupportedQueryError(
    "Invalid regular expression",
    `${source} is not a valid regexp: ${reason}.`,
  );
}

const OPERATORS = new Set(["and", "or", "not"]);
/** A `/regexp/` term of a keyword or standard query. */
const SLASHED = /^\/.+\/$/s;
const UNSUPPORTED_FIELDS = new Set([
  "select",
  "rev",
  "revision",
  "author",
  "committer",
  "before",
  "after",
  "until",
  "since",
  "message",
  "msg",
  "m",
  "content",
  "timeout",
  "fork",
  "archived",
  "visibility",
  "repohasfile",
  "repohascommitafter",
  "stable",
  "index",
  "sort",
]);
const ALIASES: Readonly<Record<string, string>> = {
  r: "repo",
  f: "file",
  l: "lang",
  language: "lang",
  patterntype: "patterntype",
};

/**
 * Parses a query into a {@link SearchQuery}. Deliberately small: fields are `name:value` tokens separated by
 * whitespace (a value may be double-quoted), every other token is a pattern term, and the terms are joined by
 * single spaces into one pattern, so `foo  bar` searches for `foo bar`. The pattern types `literal`,
 * `keyword` and `standard` search the pattern literally (no keyword AND-ing), except that in `keyword` and
 * `standard` a pattern that is one `/.../` term is the regular expression between the slashes; `regexp` reads
 * the whole pattern as a regular expression. Regular expressions (patterns, `repo:`, `file:`) have RE2's syntax
 * and are matched in linear time (see {@link compileLinearRegExp}).
 *
 * @param defaultPatternType - the `t` parameter, used when the query has no `patterntype:`.
 * @throws UnsupportedQueryError for `and`/`or`/`not`, a term starting with `(` outside regexp patterns, unsupported
 *   fields (`select:` ...) or values, a `/.../` term among others, or a regular expression RE2 refuses.
 */
export function parseSearchQuery(query: string, defaultPatternType = "literal"): SearchQuery {
  const terms: string[] = [];
  // Terms written as `/.../` (unquoted), which keyword and standard queries read as regular expressions.
  let slashed = 0;
  const repo: string[] = [];
  const notRepo: string[] = [];
  const repoRevisions = new Map<string, string[]>();
  const file: string[] = [];
  const notFile: string[] = [];
  const lang: string[] = [];
  let type: SearchQuery["type"];
  let count: number | undefined;
  let context: string | undefined;
  let caseSensitive = false;
  let patternTypeName = defaultPatternType.toLowerCase();
  let grouping = false;

  for (const token of tokenize(query)) {
    const field = /^(-?)([A-Za-z]+):(.*)$/s.exec(token.text);
    if (token.quoted || !field) {
      if (!token.quoted && OPERATORS.has(token.text.toLowerCase())) {
        throw new UnsupportedQueryError(
          "Unsupported operator",
          `The emulator does not support the ${token.text} operator: write one pattern.`,
        );
      }
      if (!token.quoted && (token.text.startsWith("(") || token.text === ")")) grouping = true;
      if (!token.quoted && SLASHED.test(token.text)) slashed++;
      terms.push(token.text);
      continue;
    }
    const negated = field[1] === "-";
    const rawName = (field[2] ?? "").toLowerCase();
    const name = ALIASES[rawName] ?? rawName;
    const value = unquote(field[3] ?? "");
    if (UNSUPPORTED_FIELDS.has(name)) {
      throw new UnsupportedQueryError(
        "Unsupported filter",
        `The emulator does not support the ${rawName}: filter.`,
      );
    }
    const positiveOnly = (): void => {
      if (negated) {
        throw new UnsupportedQueryError("Unsupported filter", `The emulator does not support -${rawName}:.`);
      }
    };
    switch (name) {
      case "repo": {
        // As Sourcegraph's ParseRepositoryRevisions: the first `@` starts the revisions, separated by `:`.
        const at = negated ? -1 : value.indexOf("@");
        const source = at < 0 ? value : value.slice(0, at);
        checkRegExp(source, "repo");
        (negated ? notRepo : repo).push(source);
        if (at >= 0) {
          const revisions = value
            .slice(at + 1)
            .split(":")
            .filter((revision) => revision !== "");
          if (revisions.length > 0) repoRevisions.set(source, revisions);
        }
        break;
      }
      case "file":
        checkRegExp(value, "file");
        (negated ? notFile : file).push(value);
        break;
      case "lang":
        positiveOnly();
        lang.push(value.toLowerCase());
        break;
      case "type": {
        positiveOnly();
        const kind = value.toLowerCase();
        if (kind !== "file" && kind !== "path" && kind !== "repo" && kind !== "symbol") {
          throw new UnsupportedQueryError(
            "Unsupported type",
            `The emulator supports type:file, type:path, type:repo and type:symbol, not type:${value}.`,
          );
        }
        type = kind;
        break;
      }
      case "case":
        positiveOnly();
        caseSensitive = value.toLowerCase() === "yes";
        break;
      case "count": {
        positiveOnly();
        const n = value === "all" ? Number.MAX_SAFE_INTEGER : Number(value);
        if (!Number.isSafeInteger(n) || n < 1) {
          throw new UnsupportedQueryError("Invalid count", `count: must be a positive integer or all.`);
        }
        count = n;
        break;
      }
      case "patterntype":
        positiveOnly();
        patternTypeName = value.toLowerCase();
        break;
      case "context":
        positiveOnly();
        context = value;
        break;
      default:
        // Not a field the emulator knows (e.g. `http://x` or `a:b` in code): a pattern term.
        terms.push(token.text);
    }
  }
  let patternType = readPatternType(patternTypeName);
  let pattern = terms.join(" ");
  if (slashed > 0 && (patternTypeName === "keyword" || patternTypeName === "standard")) {
    if (terms.length > 1) {
      throw new UnsupportedQueryError(
        "Unsupported syntax",
        "The emulator supports a /regexp/ pattern only alone: write one /.../ term, or use patterntype:regexp.",
      );
    }
    patternType = "regexp";
    pattern = pattern.slice(1, -1);
  }
  if (patternType === "regexp" && pattern !== "") {
    try {
      compileLinearRegExp(pattern, { ignoreCase: !caseSensitive });
    } catch (error) {
      throw invalidRegExp(pattern, error);
    }
  }
  if (grouping && patternType !== "regexp") {
    throw new UnsupportedQueryError(
      "Unsupported syntax",
      "The emulator does not support grouping with parentheses: quote the pattern or use patterntype:regexp.",
    );
  }
  return {
    pattern,
    patternType,
    caseSensitive,
    repo,
    notRepo,
    repoRevisions,
    file,
    notFile,
    lang,
    type,
    count,
    context,
  };
}

function readPatternType(name: string): PatternType {
  if (name === "literal" || name === "keyword" || name === "standard") return "literal";
  if (name === "regexp" || name === "regex") return "regexp";
  throw new UnsupportedQueryError(
    "Unsupported pattern type",
    `The emulator supports the pattern types literal, keyword, standard and regexp, not ${name}.`,
  );
}

function checkRegExp(source: string, field: string): void {
  try {
    compileLinearRegExp(source);
  } catch (error) {
    throw invalidRegExp(`${field}:${source}`, error);
  }
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replace(/\\(["\\])/g, "$1")
    : value;
}

interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

// Splits on whitespace; "..." (with \" and \\ escapes) is one token, also as a field value (`file:"a b"`).
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(?:[^\s"]|"(?:[^"\\]|\\.)*")+/gy;
  let at = 0;
  while (at < query.length) {
    const space = /\s+/y;
    space.lastIndex = at;
    if (space.exec(query)) {
      at = space.lastIndex;
      continue;
    }
    pattern.lastIndex = at;
    const match = pattern.exec(query);
    if (!match) {
      // An unterminated quote: the rest is a literal term.
      tokens.push({ text: query.slice(at), quoted: false });
      break;
    }
    at = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ text: match[1].replace(/\\(["\\])/g, "$1"), quoted: true });
    else tokens.push({ text: match[0], quoted: false });
  }
  return tokens;
}
