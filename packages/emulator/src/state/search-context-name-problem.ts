/** The longest search context name Sourcegraph accepts. */
export const MAX_SEARCH_CONTEXT_NAME_LENGTH = 32;
/** The longest search context description Sourcegraph accepts. */
export const MAX_SEARCH_CONTEXT_DESCRIPTION_LENGTH = 1024;

const NAME = /^[a-zA-Z0-9_\-/.]+$/;

/**
 * What is wrong with a search context name, or undefined when it is valid: Sourcegraph's rule (from its source)
 * is 1 to 32 characters among letters, digits, `_`, `-`, `/` and `.`.
 */
export function searchContextNameProblem(name: string): string | undefined {
  if (name === "") return "must not be empty";
  if (name.length > MAX_SEARCH_CONTEXT_NAME_LENGTH) {
    return `must be at most ${MAX_SEARCH_CONTEXT_NAME_LENGTH} characters, got ${name.length}`;
  }
  if (!NAME.test(name))
    return `may hold only letters, digits, "_", "-", "/" and ".", got ${JSON.stringify(name)}`;
  return undefined;
}
