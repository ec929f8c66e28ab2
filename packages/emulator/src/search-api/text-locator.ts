/** A position as Sourcegraph's streaming search sends it. */
export interface SearchLocation {
  /** Bytes of UTF-8 from the start of the text. */
  readonly offset: number;
  /** Lines (`\n`) before the position, from 0. */
  readonly line: number;
  /** Unicode code points from the start of the line (Go's runes). */
  readonly column: number;
}

/**
 * Turns JavaScript string indexes (UTF-16 code units) into the units Sourcegraph's streaming search uses: byte
 * offsets of the UTF-8 text, 0-based lines, and columns in code points. The server counts in Go: byte offsets
 * into the file, and `utf8.RuneCount` for columns (searcher's chunk ranges, and `offsetAndLengths` derived from
 * them), so an astral character such as 😀 is 4 bytes, 1 column, and 2 JavaScript indexes.
 */
export class TextLocator {
  /** The index where each line starts. */
  private readonly lineStarts: number[] = [0];
  /** The byte offset where each line starts. */
  private readonly lineBytes: number[] = [0];

  constructor(private readonly text: string) {
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) {
      const start = at + 1;
      const previous = this.lineStarts.length - 1;
      this.lineBytes.push(
        (this.lineBytes[previous] as number) +
          measureText(text, this.lineStarts[previous] as number, start).bytes,
      );
      this.lineStarts.push(start);
    }
  }

  /** The 0-based line holding `index`. */
  lineOf(index: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The string index where `line` starts. */
  lineStart(line: number): number {
    return this.lineStarts[line] as number;
  }

  /** The location of the string index `index` (0 to the text's length). */
  locate(index: number): SearchLocation {
    const line = this.lineOf(index);
    const { bytes, codePoints } = measureText(this.text, this.lineStarts[line] as number, index);
    return { offset: (this.lineBytes[line] as number) + bytes, line, column: codePoints };
  }
}

/** What {@link measureText} counted. */
export interface TextMeasure {
  /** UTF-8 bytes. */
  readonly bytes: number;
  /** Unicode code points (Go's runes). */
  readonly codePoints: number;
  /** The index where counting stopped: `to`, or earlier when the next character would pass `maxBytes`. */
  readonly end: number;
}

/**
 * The length of `text[from, to)` in UTF-8 bytes and in Unicode code points, as Go counts a string's bytes and
 * runes: a surrogate pair is 4 bytes and 1 code point; a lone surrogate is written as U+FFFD (3 bytes, 1 code
 * point). With `maxBytes` it stops before the first character that would not fit, never inside one.
 */
export function measureText(text: string, from: number, to: number, maxBytes = Infinity): TextMeasure {
  let bytes = 0;
  let codePoints = 0;
  let i = from;
  while (i < to) {
    const unit = text.charCodeAt(i);
    let units = 1;
    let size = 3;
    if (unit < 0x80) size = 1;
    else if (unit < 0x800) size = 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < to && isLowSurrogate(text.charCodeAt(i + 1))) {
      size = 4;
      units = 2;
    }
    if (bytes + size > maxBytes) break;
    bytes += size;
    codePoints++;
    i += units;
  }
  return { bytes, codePoints, end: i };
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
