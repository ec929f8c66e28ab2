import { invalidArgument } from "./invalid-argument.js";

const MAX_ID = 2 ** 31 - 1;

/**
 * Reads a repository resource name, `repositories/{id}` with a numeric id, and returns the id.
 *
 * @param field - the request field, named in the `invalid_argument` error.
 */
export function parseRepositoryName(value: string, field: string): number {
  if (value === "") throw invalidArgument(field, "is required");
  const match = /^repositories\/([1-9][0-9]*)$/.exec(value);
  const id = match ? Number(match[1]) : 0;
  if (id < 1 || id > MAX_ID) {
    throw invalidArgument(
      field,
      `${JSON.stringify(value)} is not a repository name; expected repositories/{id} with a numeric id`,
    );
  }
  return id;
}
