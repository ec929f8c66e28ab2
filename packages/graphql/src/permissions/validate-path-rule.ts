/**
 * What is wrong with a sub-repository path rule, or undefined when it is a usable glob. A rule is a glob over
 * repository paths (`src/**`, `*.go`, `docs/[a-z]*`, `{cmd,internal}/**`), with a leading `-` to deny. Checked:
 * something after the `-`, every `[` closed with a non-empty class, every `{` closed, no stray `]` or `}`, no
 * nesting of `[` inside a class, no trailing `\`, and no newline or NUL (which no path holds).
 */
export function validatePathRule(rule: string): string | undefined {
  if (typeof rule !== "string") return "it is not a string";
  const pattern = rule.startsWith("-") ? rule.slice(1) : rule;
  if (rule === "") return "it is empty";
  if (pattern === "") return 'it is a lone "-" with no pattern to deny';
  if (/[\n\r\0]/.test(pattern)) return "it holds a newline or NUL character";
  let braces = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === "\\") {
      if (i === pattern.length - 1) return 'it ends with an escaping "\\" that escapes nothing';
      i += 1;
      continue;
    }
    if (char === "[") {
      // A class: `[abc]`, `[a-z]`, `[!abc]` or `[^abc]`; a `]` right after the opening (or its `!`/`^`) is literal
      // in some glob dialects and an empty class in others, so it is refused as ambiguous.
      let j = i + 1;
      if (pattern[j] === "!" || pattern[j] === "^") j += 1;
      if (pattern[j] === "]") return `the class at position ${offset(rule, pattern, i)} is empty`;
      for (; j < pattern.length && pattern[j] !== "]"; j += 1) {
        if (pattern[j] === "\\") j += 1;
        else if (pattern[j] === "[")
          return `a "[" is nested inside the class opened at position ${offset(rule, pattern, i)}`;
      }
      if (j >= pattern.length) return `the "[" at position ${offset(rule, pattern, i)} is never closed`;
      i = j;
      continue;
    }
    if (char === "]") return `the "]" at position ${offset(rule, pattern, i)} closes no "["`;
    if (char === "{") braces += 1;
    if (char === "}") {
      if (braces === 0) return `the "}" at position ${offset(rule, pattern, i)} closes no "{"`;
      braces -= 1;
    }
  }
  if (braces > 0) return `${braces === 1 ? 'a "{" is' : `${braces} "{" are`} never closed`;
  return undefined;
}

/** Positions are counted in the rule as given, the `-` included. */
function offset(rule: string, pattern: string, index: number): number {
  return index + (rule.length - pattern.length);
}
