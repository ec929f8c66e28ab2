/** Languages by file extension (lower case, without the dot), for `lang:` and the `language` field. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  go: "Go",
  ts: "TypeScript",
  tsx: "TypeScript",
  js: "JavaScript",
  mjs: "JavaScript",
  cjs: "JavaScript",
  jsx: "JavaScript",
  py: "Python",
  rb: "Ruby",
  rs: "Rust",
  java: "Java",
  md: "Markdown",
  json: "JSON",
  yaml: "YAML",
  yml: "YAML",
  sh: "Shell",
  txt: "Text",
};

/** Short names accepted by `lang:` besides the language's own name. */
const ALIASES: Readonly<Record<string, string>> = {
  ts: "typescript",
  js: "javascript",
  py: "python",
  golang: "go",
  rb: "ruby",
  rs: "rust",
  md: "markdown",
  yml: "yaml",
  bash: "shell",
};

/** The language of a path by its extension, or undefined. */
export function languageOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot < 0 ? undefined : BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** Whether `lang:<name>` (lower case) selects `language`. */
export function languageMatches(language: string | undefined, name: string): boolean {
  return language !== undefined && language.toLowerCase() === (ALIASES[name] ?? name);
}
