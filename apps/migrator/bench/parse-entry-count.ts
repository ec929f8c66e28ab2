/** `100k` → 100000, `1m` → 1000000, `2500` → 2500 (case-insensitive); throws on anything else. */
export function parseEntryCount(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  const count = match
    ? Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]?.toLowerCase() ?? ""] ?? 1)
    : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`--sizes: ${JSON.stringify(text)} is not a count of entries such as 100k or 1m`);
  }
  return count;
}
