/** The longest piece of a bad value quoted in an error message: enough to recognise it, not a whole file. */
const MAX_QUOTED = 100;

/** A value quoted for an error message: JSON-quoted strings (so blanks and line breaks show), clipped. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") {
    const clipped = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
    return JSON.stringify(clipped);
  }
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  if (value === null) return "null";
  return typeof value;
}
