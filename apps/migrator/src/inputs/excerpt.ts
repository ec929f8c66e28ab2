// Characters that reorder or hide text on a terminal, beyond the C0 controls that JSON.stringify escapes.
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;

/**
 * A piece of user content made safe to quote in an error message: control and invisible characters escaped
 * as JSON would (`\n`, `\u0000`), and cut to at most `maxChars` characters of escaped text, ending in `…` when
 * cut. Quotes are escaped, so the result can be put between double quotes.
 */
export function excerpt(text: string, maxChars = 40): string {
  let out = "";
  // Every character shows as at least itself, so twice the budget is always enough to fill it.
  for (const char of text.slice(0, maxChars * 2)) {
    const shown = INVISIBLE.test(char)
      ? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`
      : JSON.stringify(char).slice(1, -1);
    if (out.length + shown.length > maxChars) return `${out}…`;
    out += shown;
  }
  return out;
}
