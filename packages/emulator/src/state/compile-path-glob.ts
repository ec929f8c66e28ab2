/**
 * Compiles a sub-repository path glob into a regular expression over repository paths, as Sourcegraph's rules
 * read them: paths start with `/` (one is added to a pattern or a path without it), `**` matches anything
 * including `/`, `*` anything but `/`, `?` one character but `/`, `[abc]`, `[a-z]` and `[!abc]` one character
 * of (or not of) a class, `{a,b}` either alternative, and `\` escapes the next character.
 *
 * @throws SyntaxError naming the problem (an unclosed `[` or `{`, an empty class, a trailing `\`).
 */
export function compilePathGlob(pattern: string): RegExp {
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
      source += `[${negated ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
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
  return new RegExp(`^${source}$`, "s");
}

function escapeRegExpChar(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
