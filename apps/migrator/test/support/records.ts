// ACL records into and out of the input readers' tests.

/** NDJSON text of `records`: objects serialized, strings taken as raw lines; ends with a line feed. */
export function ndjson(...records: readonly (string | object)[]): string {
  return `${records.map((record) => (typeof record === "string" ? record : JSON.stringify(record))).join("\n")}\n`;
}

/** Everything an async iterable yields, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
