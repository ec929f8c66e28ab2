/** NDJSON text of `records`: objects serialized, strings taken as raw lines; ends with a line feed. */
export function ndjson(...records: readonly (string | object)[]): string {
  return `${records.map((record) => (typeof record === "string" ? record : JSON.stringify(record))).join("\n")}\n`;
}
