/** Every non-empty match of the global `pattern` in `text`, as `[index, length]` in string (UTF-16) indexes. */
export function findAll(pattern: RegExp, text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    ranges.push([match.index, match[0].length]);
  }
  return ranges;
}
