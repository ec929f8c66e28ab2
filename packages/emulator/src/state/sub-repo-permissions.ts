import { compileLinearRegExp, type LinearRegExp } from "../linear-regexp.js";

/** One user's sub-repository rules on one repository. */
export interface SubRepoRule {
  readonly repositoryId: number;
  readonly userId: number;
  /** Path globs in order; a leading `-` denies; later entries override earlier ones. */
  readonly paths: readonly string[];
}

/**
 * Sub-repository permissions: for a (repository, user) pair, an ordered list of path globs. A glob allows the
 * paths it matches, or denies them with a leading `-`; when several match, the last one wins; a path that none
 * matches is denied; a pair with no rules sees the whole repository. Set through GraphQL's
 * `setSubRepositoryPermissionsForUsers` (the HTTP API has no sub-repository permissions yet).
 */
export class SubRepoPermissions {
  readonly #byRepository = new Map<number, Map<number, readonly string[]>>();

  /** How many (repository, user) pairs have rules. */
  get size(): number {
    let size = 0;
    for (const users of this.#byRepository.values()) size += users.size;
    return size;
  }

  /**
   * Stores the rules of a pair, replacing what it had.
   *
   * @throws SyntaxError when a path is empty, is only `-`, or is not a valid glob.
   */
  set(repositoryId: number, userId: number, paths: readonly string[]): void {
    for (const path of paths) checkSubRepoPath(path);
    let users = this.#byRepository.get(repositoryId);
    if (!users) {
      users = new Map();
      this.#byRepository.set(repositoryId, users);
    }
    users.set(userId, Object.freeze([...paths]));
  }

  /** The rules of a pair, or undefined when it has none (it then sees the whole repository). */
  get(repositoryId: number, userId: number): readonly string[] | undefined {
    return this.#byRepository.get(repositoryId)?.get(userId);
  }

  /** Removes the rules of a pair; returns false when it had none. */
  delete(repositoryId: number, userId: number): boolean {
    const users = this.#byRepository.get(repositoryId);
    if (!users?.delete(userId)) return false;
    if (users.size === 0) this.#byRepository.delete(repositoryId);
    return true;
  }

  /** Whether the user may see `path` (relative, or starting with `/`) of the repository. */
  allows(repositoryId: number, userId: number, path: string): boolean {
    return isPathAllowed(this.get(repositoryId, userId), path);
  }

  /** Every rule, by repository id then user id. */
  all(): SubRepoRule[] {
    return [...this.#byRepository]
      .sort(([a], [b]) => a - b)
      .flatMap(([repositoryId, users]) =>
        [...users].sort(([a], [b]) => a - b).map(([userId, paths]) => ({ repositoryId, userId, paths })),
      );
  }
}

/**
 * Checks one sub-repository path rule: a non-empty glob, optionally after a `-`.
 *
 * @throws SyntaxError naming the problem.
 */
export function checkSubRepoPath(path: string): void {
  const glob = path.startsWith("-") ? path.slice(1) : path;
  if (glob.trim() === "") throw new SyntaxError(`${JSON.stringify(path)}: is not a path glob`);
  compilePathGlob(glob);
}

/**
 * Whether a path is visible under sub-repository rules: no rules (undefined) allow everything; otherwise the
 * last matching glob decides (a leading `-` denies) and a path that no glob matches is denied.
 */
export function isPathAllowed(paths: readonly string[] | undefined, path: string): boolean {
  if (paths === undefined) return true;
  const target = path.startsWith("/") ? path : `/${path}`;
  let allowed = false;
  for (const rule of paths) {
    const deny = rule.startsWith("-");
    if (compilePathGlob(deny ? rule.slice(1) : rule).test(target)) allowed = !deny;
  }
  return allowed;
}

/** Compiled globs by pattern: a search checks every file against the same few rules. */
const compiledGlobs = new Map<string, LinearRegExp>();
const COMPILED_GLOBS_KEPT = 1024;

/**
 * Compiles a sub-repository path glob into a regular expression over repository paths, as Sourcegraph's rules
 * read them: paths start with `/` (one is added to a pattern or a path without it), `**` matches anything
 * including `/`, `*` anything but `/`, `?` one character but `/`, `[abc]`, `[a-z]` and `[!abc]` one character
 * of (or not of) a class, `{a,b}` either alternative, and `\` escapes the next character.
 *
 * The expression is matched in linear time (RE2): globs come from requests, and `*a*a*a…` would backtrack.
 *
 * @throws SyntaxError naming the problem (an unclosed `[` or `{`, an empty class, a trailing `\`).
 */
export function compilePathGlob(pattern: string): LinearRegExp {
  const known = compiledGlobs.get(pattern);
  if (known) return known;
  const compiled = compileGlob(pattern);
  if (compiledGlobs.size >= COMPILED_GLOBS_KEPT) compiledGlobs.clear();
  compiledGlobs.set(pattern, compiled);
  return compiled;
}

function compileGlob(pattern: string): LinearRegExp {
  const glob = pattern.startsWith("/") ? pattern : `/${pattern}`;
  let source = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "*") {
      if (glob[i + 1] === "*") {
        source += ".*";
        i++;
      } else {
        source += "[^/]*";
      }
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) throw new SyntaxError(`${JSON.stringify(pattern)}: "[" at ${i} is not closed`);
      let body = glob.slice(i + 1, end);
      const negated = body.startsWith("!");
      if (negated) body = body.slice(1);
      if (body === "") throw new SyntaxError(`${JSON.stringify(pattern)}: empty character class at ${i}`);
      source += `[${negated ? "^" : ""}${body.replace(/[\\\]^[]/g, "\\$&")}]`;
      i = end;
    } else if (char === "{") {
      braces++;
      source += "(?:";
    } else if (char === "}" && braces > 0) {
      braces--;
      source += ")";
    } else if (char === "," && braces > 0) {
      source += "|";
    } else if (char === "\\") {
      const next = glob[i + 1];
      if (next === undefined) throw new SyntaxError(`${JSON.stringify(pattern)}: ends with an escape "\\"`);
      source += escapeRegExpChar(next);
      i++;
    } else {
      source += escapeRegExpChar(char);
    }
  }
  if (braces > 0) throw new SyntaxError(`${JSON.stringify(pattern)}: "{" is not closed`);
  try {
    return compileLinearRegExp(`(?s)^${source}$`);
  } catch (error) {
    throw new SyntaxError(`${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

function escapeRegExpChar(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
