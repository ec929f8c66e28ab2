/** RFC 9110 `token`, the grammar of a header name, as fetch checks it. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * What fetch refuses in a header value (once its ends are trimmed): CR, LF, NUL, and anything past Latin-1. A
 * `Headers` TypeError for such a value would quote it, token and all, so sgkit checks first.
 */
export const UNSENDABLE_HEADER_VALUE = /[\0\r\n]|[^\0-\xff]/;
