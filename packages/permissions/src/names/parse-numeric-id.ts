/** A database id as Sourcegraph writes it in resource names: digits, no sign, no leading zero. */
const NUMERIC_ID = /^[1-9][0-9]*$/;
/**
 * Sourcegraph's repository and user ids are 32-bit (PostgreSQL `serial`, Go `int32`): a larger one names nothing,
 * and the server (like `@sgkit/emulator`) refuses it.
 */
export const MAX_NUMERIC_ID = 2 ** 31 - 1;

/**
 * The id in `text` or `value`, when it is a whole number from 1 to {@link MAX_NUMERIC_ID} written plainly (`123`,
 * not `0123`, `1e3` or `+123`); undefined otherwise. Ids are compared as text by the server, so only one
 * spelling is accepted.
 */
export function parseNumericId(value: string | number): number | undefined {
  const id = typeof value === "number" ? value : NUMERIC_ID.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(id) && id > 0 && id <= MAX_NUMERIC_ID ? id : undefined;
}
