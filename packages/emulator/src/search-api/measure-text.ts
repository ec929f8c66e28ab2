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
