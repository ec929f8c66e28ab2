/** A database id as Sourcegraph writes it in resource names: digits, no sign, no leading zero. */
const NUMERIC_ID = /^[1-9][0-9]*$/;

/**
 * The id in `text` or `value`, when it is a positive safe integer written plainly (`123`, not `0123`, `1e3` or
 * `+123`); undefined otherwise. Ids are compared as text by the server, so only one spelling is accepted.
 */
export function parseNumericId(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (!NUMERIC_ID.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}
