import { excerpt } from "./excerpt.js";

/** A path into a parsed record: field names and array indexes. */
export type FieldPath = readonly (string | number)[];

/** A field path as messages show it: `users[3]`, `userPermissions[0].bindID` (field names excerpted). */
export function formatFieldPath(path: FieldPath): string {
  let shown = "";
  for (const step of path) {
    if (typeof step === "number") shown += `[${step}]`;
    else shown += shown === "" ? excerpt(step) : `.${excerpt(step)}`;
  }
  return shown;
}
