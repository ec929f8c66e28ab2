/** A symbol defined in a file, found by {@link findSymbols}. */
export interface FoundSymbol {
  readonly name: string;
  /** The LSP kind in upper case, as the streaming API sends it: `FUNCTION`, `METHOD`, `CLASS`, ... */
  readonly kind: string;
  /** From 0. */
  readonly line: number;
  /** String index of the name within its line. */
  readonly index: number;
}

interface Rule {
  readonly pattern: RegExp;
  /** The kind, or a function choosing it from the match (a Go func with a receiver is a method). */
  readonly kind: string | ((match: RegExpExecArray) => string);
}

const IDENT = "[A-Za-z_$][\\w$]*";

/**
 * Definitions by language, one per line at most, the name in the group `name` (flag `d`, for its index). A deliberately small stand-in
 * for Sourcegraph's ctags/SCIP symbols: declarations that start a line, not nested or multi-line ones.
 */
const RULES: Readonly<Record<string, readonly Rule[]>> = {
  Go: [
    {
      pattern: new RegExp(`^func\\s+(?<receiver>\\([^)]*\\)\\s*)?(?<name>${IDENT})`, "d"),
      kind: (match) => (match.groups?.receiver ? "METHOD" : "FUNCTION"),
    },
    { pattern: new RegExp(`^type\\s+(?<name>${IDENT})\\s+struct\\b`, "d"), kind: "STRUCT" },
    { pattern: new RegExp(`^type\\s+(?<name>${IDENT})\\s+interface\\b`, "d"), kind: "INTERFACE" },
    { pattern: new RegExp(`^type\\s+(?<name>${IDENT})`, "d"), kind: "CLASS" },
    { pattern: new RegExp(`^const\\s+(?<name>${IDENT})`, "d"), kind: "CONSTANT" },
    { pattern: new RegExp(`^var\\s+(?<name>${IDENT})`, "d"), kind: "VARIABLE" },
  ],
  TypeScript: [
    {
      pattern: new RegExp(
        `^(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?function\\*?\\s+(?<name>${IDENT})`,
        "d",
      ),
      kind: "FUNCTION",
    },
    {
      pattern: new RegExp(`^(?:export\\s+)?(?:default\\s+)?(?:abstract\\s+)?class\\s+(?<name>${IDENT})`, "d"),
      kind: "CLASS",
    },
    { pattern: new RegExp(`^(?:export\\s+)?interface\\s+(?<name>${IDENT})`, "d"), kind: "INTERFACE" },
    { pattern: new RegExp(`^(?:export\\s+)?(?:const\\s+)?enum\\s+(?<name>${IDENT})`, "d"), kind: "ENUM" },
    { pattern: new RegExp(`^(?:export\\s+)?type\\s+(?<name>${IDENT})\\s*[=<]`, "d"), kind: "CLASS" },
    { pattern: new RegExp(`^(?:export\\s+)?const\\s+(?<name>${IDENT})`, "d"), kind: "CONSTANT" },
    { pattern: new RegExp(`^(?:export\\s+)?(?:let|var)\\s+(?<name>${IDENT})`, "d"), kind: "VARIABLE" },
  ],
  Python: [
    {
      pattern: /^(?<indent>\s*)(?:async\s+)?def\s+(?<name>\w+)/d,
      kind: (match) => (match.groups?.indent ? "METHOD" : "FUNCTION"),
    },
    { pattern: /^\s*class\s+(?<name>\w+)/d, kind: "CLASS" },
  ],
  Ruby: [
    { pattern: /^\s*def\s+(?:self\.)?(?<name>\w+[?!=]?)/d, kind: "METHOD" },
    { pattern: /^\s*class\s+(?<name>\w+)/d, kind: "CLASS" },
    { pattern: /^\s*module\s+(?<name>\w+)/d, kind: "MODULE" },
  ],
  Rust: [
    {
      pattern: /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+(?<name>\w+)/d,
      kind: "FUNCTION",
    },
    { pattern: /^\s*(?:pub(?:\([^)]*\))?\s+)?struct\s+(?<name>\w+)/d, kind: "STRUCT" },
    { pattern: /^\s*(?:pub(?:\([^)]*\))?\s+)?enum\s+(?<name>\w+)/d, kind: "ENUM" },
    { pattern: /^\s*(?:pub(?:\([^)]*\))?\s+)?trait\s+(?<name>\w+)/d, kind: "INTERFACE" },
    { pattern: /^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(?<name>\w+)/d, kind: "MODULE" },
    { pattern: /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:const|static)\s+(?<name>\w+)/d, kind: "CONSTANT" },
  ],
  Java: [
    {
      pattern: /^\s*(?:(?:public|protected|private|abstract|static|final)\s+)*class\s+(?<name>\w+)/d,
      kind: "CLASS",
    },
    {
      pattern: /^\s*(?:(?:public|protected|private|abstract|static)\s+)*interface\s+(?<name>\w+)/d,
      kind: "INTERFACE",
    },
    { pattern: /^\s*(?:(?:public|protected|private|static)\s+)*enum\s+(?<name>\w+)/d, kind: "ENUM" },
    {
      pattern:
        /^\s+(?:(?:public|protected|private|abstract|static|final|synchronized)\s+)+[\w<>[\],.?\s]+?\s+(?<name>\w+)\s*\(/d,
      kind: "METHOD",
    },
  ],
};
const ALSO: Readonly<Record<string, string>> = { JavaScript: "TypeScript" };

/**
 * The symbols a file of `language` defines, in line order: top-level (and, for Python, Ruby and Java, indented)
 * declarations recognised by a few regular expressions per language. Other languages have none.
 */
export function findSymbols(language: string | undefined, content: string): FoundSymbol[] {
  const rules = language === undefined ? undefined : RULES[ALSO[language] ?? language];
  if (!rules) return [];
  const found: FoundSymbol[] = [];
  content.split("\n").forEach((text, line) => {
    for (const rule of rules) {
      const match = rule.pattern.exec(text);
      const name = match?.groups?.name;
      if (!match || name === undefined) continue;
      const kind = typeof rule.kind === "string" ? rule.kind : rule.kind(match);
      found.push({ name, kind, line, index: match.indices?.groups?.name?.[0] ?? match.index });
      break;
    }
  });
  return found;
}
